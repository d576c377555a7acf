import { AppleMdmDevice, fetchProfile } from '../simulators/apple-mdm/apple-mdm-device';
import { AppleDeviceFacts } from '../simulators/apple-mdm/device-facts';
import { adminCall, Method } from './support/admin-api';
import {
  corporateMac,
  supervisedCorporateIphone,
  userEnrollmentIphone,
} from './support/apple-mdm-devices';
import { describeEachDatabase } from './support/databases';
import { startTestServer, TestServer } from './support/test-server';

const POLICIES = '/v1.0/deviceManagement/deviceCompliancePolicies';
const DEVICES = '/v1.0/deviceManagement/managedDevices';
const ALL_DEVICES = {
  assignments: [
    {
      '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment',
      target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
    },
  ],
};

/**
 * Compliance over Apple's MDM protocol (docs/apple-mdm.md "Security state"): while a compliance
 * policy applies, the inventory asks SecurityInfo, and its answer is the security state the
 * policies are evaluated against — as the JSON channel's `security` is.
 */
describeEachDatabase('Apple MDM compliance', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let serial = 0;

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
  });
  afterAll(() => server.close());

  const admin = <T = Record<string, unknown>>(method: Method, path: string, body?: unknown) =>
    adminCall<T>(server.url, tenant.adminToken, method, path, body);

  async function enroll(facts: AppleDeviceFacts, user: string) {
    const device = new AppleMdmDevice(facts);
    device.installProfile(
      await fetchProfile(
        `${server.url}/mdm/apple/enroll?token=${encodeURIComponent(tenant.enrollmentToken)}&type=${facts.kind}&user=${encodeURIComponent(user)}`,
      ),
    );
    await device.enroll();
    const handled = (await device.poll()).map((c) => `${c.requestType} ${c.status}`);
    const [row] = await server.query<{ id: string }>(
      'SELECT id FROM device WHERE device_name = ? AND retired_at IS NULL',
      [facts.deviceName],
    );
    return { device, handled, id: row.id };
  }

  let policiesAssigned = false;
  /** An iOS policy requiring a passcode and a macOS one requiring FileVault, for all devices. */
  async function assignPolicies() {
    if (policiesAssigned) return;
    policiesAssigned = true;
    for (const policy of [
      {
        '@odata.type': '#microsoft.graph.iosCompliancePolicy',
        displayName: 'iOS passcode',
        passcodeRequired: true,
      },
      {
        '@odata.type': '#microsoft.graph.macOSCompliancePolicy',
        displayName: 'macOS FileVault',
        storageRequireEncryption: true,
      },
    ]) {
      const created = await admin<{ id: string }>('POST', POLICIES, policy);
      expect(created.status).toBe(201);
      expect(
        (await admin('POST', `${POLICIES}/${created.body.id}/assign`, ALL_DEVICES)).status,
      ).toBe(200);
    }
  }

  async function managedDevice(id: string) {
    const answer = await admin<Record<string, unknown>>('GET', `${DEVICES}/${id}`);
    expect(answer.status).toBe(200);
    return answer.body;
  }

  it('asks no SecurityInfo while no compliance policy applies', async () => {
    const n = ++serial;
    const { handled } = await enroll(supervisedCorporateIphone(n), `sales${n}@contoso.com`);
    expect(handled).toEqual([
      'DeviceInformation Acknowledged',
      'InstalledApplicationList Acknowledged',
      'ManagedApplicationList Acknowledged',
    ]);
  });

  it('under an iOS policy requiring a passcode, an iPhone without one is noncompliant, one with a passcode compliant and encrypted; a Mac reports FileVault', async () => {
    await assignPolicies();
    const n = ++serial;
    const open = await enroll(
      { ...supervisedCorporateIphone(n), security: { passcodePresent: false } },
      `sales${n}@contoso.com`,
    );
    expect(open.handled).toEqual([
      'DeviceInformation Acknowledged',
      'SecurityInfo Acknowledged',
      'InstalledApplicationList Acknowledged',
      'ManagedApplicationList Acknowledged',
    ]);
    expect(await managedDevice(open.id)).toMatchObject({
      complianceState: 'noncompliant',
      isEncrypted: false,
    });

    const m = ++serial;
    const locked = await enroll(supervisedCorporateIphone(m), `sales${m}@contoso.com`);
    expect(await managedDevice(locked.id)).toMatchObject({
      complianceState: 'compliant',
      isEncrypted: true,
    });

    // The user sets a passcode: compliant from the next inventory (here a sync).
    open.device.facts.security = { passcodePresent: true };
    expect(
      (await admin('POST', `/beta/deviceManagement/managedDevices/${open.id}/syncDevice`)).status,
    ).toBe(204);
    await open.device.poll();
    expect(await managedDevice(open.id)).toMatchObject({ complianceState: 'compliant' });

    const k = ++serial;
    const mac = await enroll(
      { ...corporateMac(k), security: { fileVault: false } },
      `dev${k}@contoso.com`,
    );
    expect(mac.handled).toContain('SecurityInfo Acknowledged');
    expect(await managedDevice(mac.id)).toMatchObject({
      complianceState: 'noncompliant',
      isEncrypted: false,
    });
  });

  it('a User-Enrollment iPhone does not report its passcode (Apple withholds it): the passcode setting is unknown, never guessed', async () => {
    await assignPolicies();
    const n = ++serial;
    const personal = await enroll(
      { ...userEnrollmentIphone(n), security: { passcodePresent: false } },
      `maria${n}@contoso.com`,
    );
    expect(personal.handled).toContain('SecurityInfo Acknowledged');
    expect(await managedDevice(personal.id)).toMatchObject({ complianceState: 'unknown' });
    const states = await admin<{ value: Record<string, unknown>[] }>(
      'GET',
      `/beta/deviceManagement/managedDevices/${personal.id}/deviceCompliancePolicyStates`,
    );
    expect(states.body.value).toEqual([
      expect.objectContaining({
        displayName: 'iOS passcode',
        state: 'unknown',
        settingStates: [
          expect.objectContaining({
            settingName: 'passcodeRequired',
            state: 'unknown',
            currentValue: null,
          }),
        ],
      }),
    ]);
    // Nothing of a passcode is stored for it, not even derived.
    const [row] = await server.query<{ compliance_policy_states: string }>(
      'SELECT compliance_policy_states FROM device WHERE id = ?',
      [personal.id],
    );
    expect(JSON.parse(row.compliance_policy_states).security).toEqual({});
  });
});
