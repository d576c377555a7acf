import { AppleMdmDevice, fetchProfile } from '../simulators/apple-mdm/apple-mdm-device';
import { AppleDeviceFacts } from '../simulators/apple-mdm/device-facts';
import { adminCall, adminWithRole, Method } from './support/admin-api';
import {
  corporateMac,
  supervisedCorporateIphone,
  userEnrollmentIphone,
} from './support/apple-mdm-devices';
import { describeEachDatabase } from './support/databases';
import { startTestServer, TestServer } from './support/test-server';

const DEVICES = '/beta/deviceManagement/managedDevices';
const APPS = '/v1.0/deviceAppManagement/mobileApps';
const TEAMS = 'com.microsoft.skype.teams';
const AUTHENTICATOR = 'com.microsoft.azureauthenticator';

/**
 * Apps over Apple's MDM protocol (docs/apple-mdm.md "Apps"): an app assigned as required becomes
 * InstallApplication on the device's next poll, its answers become the install states Graph
 * reports, and the installed app is detected at the next inventory; available apps are not pushed,
 * and an app whose assignment goes is removed.
 */
describeEachDatabase('Apple MDM apps', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let helpDesk: { token: string; upn: string };
  let serial = 0;

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
    helpDesk = await adminWithRole(server, tenant.tenantId, 'helpDeskOperator');
  });
  afterAll(() => server.close());

  const admin = <T = Record<string, unknown>>(method: Method, path: string, body?: unknown) =>
    adminCall<T>(server.url, tenant.adminToken, method, path, body);

  async function createApp(type: string, bundleId: string, displayName: string): Promise<string> {
    const created = await admin<{ id: string }>('POST', APPS, {
      '@odata.type': type,
      displayName,
      publisher: 'Microsoft',
      bundleId,
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function assign(appId: string, intent: 'required' | 'available' | null) {
    const answer = await admin('POST', `${APPS}/${appId}/assign`, {
      mobileAppAssignments: intent
        ? [
            {
              '@odata.type': '#microsoft.graph.mobileAppAssignment',
              intent,
              target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
            },
          ]
        : [],
    });
    expect(answer.status).toBe(204);
  }

  async function installSummary(appId: string) {
    const answer = await admin<Record<string, number>>('GET', `${APPS}/${appId}/installSummary`);
    expect(answer.status).toBe(200);
    return answer.body;
  }

  async function enrollOverAppleMdm(facts: AppleDeviceFacts, user: string) {
    const device = new AppleMdmDevice(facts);
    device.installProfile(
      await fetchProfile(
        `${server.url}/mdm/apple/enroll?token=${encodeURIComponent(tenant.enrollmentToken)}&type=${facts.kind}&user=${encodeURIComponent(user)}`,
      ),
    );
    await device.enroll();
    const handled = await device.poll();
    const [row] = await server.query<{ id: string }>(
      'SELECT id FROM device WHERE device_name = ? AND retired_at IS NULL',
      [facts.deviceName],
    );
    return { device, handled, id: row.id };
  }

  const summaryOf = (handled: { requestType: string; status: string }[]) =>
    handled.map((command) => `${command.requestType} ${command.status}`);

  async function detectedApps(deviceId: string): Promise<string[]> {
    const answer = await admin<{ value: { displayName: string }[] }>(
      'GET',
      `${DEVICES}/${deviceId}/detectedApps?$orderby=displayName`,
    );
    expect(answer.status).toBe(200);
    return answer.body.value.map((app) => app.displayName);
  }

  async function installStates(deviceId: string) {
    return server.query<{ app_id: string; state: string; error_code: string | null }>(
      `SELECT m.app_id, s.state, s.error_code FROM managed_app_install_state s
       JOIN managed_app m ON m.id = s.managed_app_id WHERE s.device_id = ? ORDER BY m.app_id`,
      [deviceId],
    );
  }

  it('a required app is installed on the next poll, reported installed through Graph and detected at the next inventory; an available one is not pushed', async () => {
    const teams = await createApp('#microsoft.graph.iosStoreApp', TEAMS, 'Microsoft Teams');
    const authenticator = await createApp(
      '#microsoft.graph.iosStoreApp',
      AUTHENTICATOR,
      'Authenticator',
    );
    const n = ++serial;
    const { device, handled, id } = await enrollOverAppleMdm(
      supervisedCorporateIphone(n),
      `sales${n}@contoso.com`,
    );
    // Nothing is required yet: the inventory alone.
    expect(summaryOf(handled)).toEqual([
      'DeviceInformation Acknowledged',
      'InstalledApplicationList Acknowledged',
      'ManagedApplicationList Acknowledged',
    ]);

    await assign(teams, 'required');
    await assign(authenticator, 'available');
    // No push: the assignment reaches the device when it polls.
    expect(summaryOf(await device.poll())).toEqual([
      'InstallApplication Acknowledged',
      'ManagedApplicationList Acknowledged',
    ]);
    const sent = await server.query<{ payload: string | null; app_identifier: string }>(
      `SELECT c.payload, c.app_identifier FROM apple_mdm_command c
       JOIN apple_mdm_enrollment e ON e.id = c.enrollment_id
       WHERE e.device_id = ? AND c.request_type = 'InstallApplication'`,
      [id],
    );
    // Answered: the command's payload is not kept, only which app it was for.
    expect(sent).toEqual([{ payload: null, app_identifier: TEAMS }]);
    expect(await installStates(id)).toEqual([
      { app_id: TEAMS, state: 'installed', error_code: null },
    ]);
    expect(await installSummary(teams)).toMatchObject({
      installedDeviceCount: 1,
      failedDeviceCount: 0,
      pendingInstallDeviceCount: 0,
    });
    // The available app is neither sent nor given an install state.
    expect(await installSummary(authenticator)).toMatchObject({
      installedDeviceCount: 0,
      notInstalledDeviceCount: 0,
      pendingInstallDeviceCount: 0,
    });
    expect(await device.poll()).toEqual([]);

    // The next inventory (here a sync) lists the app the device now holds.
    expect(await detectedApps(id)).not.toContain('Microsoft Teams');
    expect(
      (await adminCall(server.url, helpDesk.token, 'POST', `${DEVICES}/${id}/syncDevice`)).status,
    ).toBe(204);
    expect(summaryOf(await device.poll())).toEqual([
      'DeviceInformation Acknowledged',
      'InstalledApplicationList Acknowledged',
      'ManagedApplicationList Acknowledged',
    ]);
    expect(await detectedApps(id)).toContain('Microsoft Teams');

    // The assignment goes: the app this server installed is removed, and reported not installed.
    await assign(teams, null);
    expect(summaryOf(await device.poll())).toEqual(['RemoveApplication Acknowledged']);
    expect(await installStates(id)).toEqual([
      { app_id: TEAMS, state: 'notInstalled', error_code: null },
    ]);
    expect(await device.poll()).toEqual([]);
  });

  it('a locked iPhone defers the install (NotNow) until it is unlocked; a Mac installs it as managed', async () => {
    const outlook = await createApp(
      '#microsoft.graph.iosStoreApp',
      'com.microsoft.Office.Outlook',
      'Outlook',
    );
    const macTeams = await createApp(
      '#microsoft.graph.macOSLobApp',
      'com.microsoft.teams2',
      'Teams',
    );
    const n = ++serial;
    const facts = { ...supervisedCorporateIphone(n), locked: true };
    // This iPhone has no Outlook of its own.
    facts.apps = facts.apps.filter((app) => app.identifier !== 'com.microsoft.Office.Outlook');
    const { device, id } = await enrollOverAppleMdm(facts, `sales${n}@contoso.com`);
    await assign(outlook, 'required');
    expect(summaryOf(await device.poll())).toEqual(['InstallApplication NotNow']);
    // NotNow changes no install state; the command waits for the next poll.
    expect(await installStates(id)).toEqual([]);
    device.facts.locked = false;
    expect(summaryOf(await device.poll())).toEqual([
      'InstallApplication Acknowledged',
      'ManagedApplicationList Acknowledged',
    ]);
    expect(await installStates(id)).toEqual([
      { app_id: 'com.microsoft.Office.Outlook', state: 'installed', error_code: null },
    ]);

    const m = ++serial;
    const mac = await enrollOverAppleMdm(corporateMac(m), `dev${m}@contoso.com`);
    await assign(macTeams, 'required');
    const installs: Record<string, unknown>[] = [];
    const answer = mac.device.answer.bind(mac.device);
    mac.device.answer = (command) => {
      if (command.RequestType === 'InstallApplication') installs.push({ ...command });
      return answer(command);
    };
    expect(summaryOf(await mac.device.poll())).toEqual([
      'InstallApplication Acknowledged',
      'ManagedApplicationList Acknowledged',
    ]);
    expect(installs).toEqual([
      {
        RequestType: 'InstallApplication',
        Identifier: 'com.microsoft.teams2',
        ManagementFlags: 1,
        ChangeManagementState: 'Managed',
        InstallAsManaged: true,
      },
    ]);
    expect(await installSummary(macTeams)).toMatchObject({ installedDeviceCount: 1 });
  });

  it('a User-Enrollment iPhone that holds its own copy of a required app reports the install failed with Apple’s reason, and is tried again only after its next inventory', async () => {
    const edge = await createApp('#microsoft.graph.iosStoreApp', 'com.microsoft.msedge', 'Edge');
    const n = ++serial;
    const facts = userEnrollmentIphone(n);
    facts.apps.push({
      identifier: 'com.microsoft.msedge',
      name: 'Edge',
      shortVersion: '131.0',
      version: '131.0',
      bundleSize: 200_000_000,
      managed: false,
    });
    const { device, id } = await enrollOverAppleMdm(facts, `maria${n}@contoso.com`);
    await assign(edge, 'required');
    expect(summaryOf(await device.poll())).toEqual(['InstallApplication Acknowledged']);
    expect(await installStates(id)).toEqual(
      expect.arrayContaining([
        { app_id: 'com.microsoft.msedge', state: 'failed', error_code: 'AppAlreadyInstalled' },
      ]),
    );
    expect(await installSummary(edge)).toMatchObject({ failedDeviceCount: 1 });
    // Not again in this inventory round, and the user's own copy is still not collected.
    expect(await device.poll()).toEqual([]);
    expect(
      (await adminCall(server.url, helpDesk.token, 'POST', `${DEVICES}/${id}/syncDevice`)).status,
    ).toBe(204);
    expect(summaryOf(await device.poll())).toEqual([
      'DeviceInformation Acknowledged',
      'InstalledApplicationList Acknowledged',
      'ManagedApplicationList Acknowledged',
      'InstallApplication Acknowledged',
    ]);
    expect(await detectedApps(id)).not.toContain('Edge');
  });
});
