import { AppleMdmDevice, fetchProfile } from '../simulators/apple-mdm/apple-mdm-device';
import { AppleDeviceFacts } from '../simulators/apple-mdm/device-facts';
import { adminCall, adminWithRole } from './support/admin-api';
import {
  corporateMac,
  personalMac,
  supervisedCorporateIphone,
  userEnrollmentIphone,
} from './support/apple-mdm-devices';
import { describeEachDatabase } from './support/databases';
import { checkIn, enroll } from './support/device-channel';
import { startTestServer, TestServer } from './support/test-server';

const DEVICES = '/beta/deviceManagement/managedDevices';
/** Properties that differ between any two enrollments of the same hardware. */
const PER_ENROLLMENT = [
  'id',
  'enrolledDateTime',
  // Intune's default name: user, platform and the minute of enrollment.
  'managedDeviceName',
  'lastSyncDateTime',
  'deviceActionResults',
  'managementCertificateExpirationDate',
];

/**
 * The same device, as the JSON channel's client would report it: the enrollment and one check-in
 * with everything its OS reports (independent of the Apple mapping under test: capacities are
 * Apple's decimal gigabytes, MACs as the device writes them, the first SIM's identifiers).
 */
function jsonChannelEquivalent(facts: AppleDeviceFacts, user: string) {
  const userEnrollment = facts.kind === 'user';
  const sim = facts.sims[0];
  const identifiers = userEnrollment
    ? {}
    : {
        serialNumber: facts.serialNumber,
        udid: facts.udid,
        wiFiMacAddress: facts.wiFiMac,
        ...(facts.ethernetMac ? { ethernetMacAddress: facts.ethernetMac } : {}),
        ...(facts.imei ? { imei: facts.imei } : {}),
        ...(facts.sims[1]?.imei ? { imei2: facts.sims[1].imei } : {}),
        ...(sim?.iccid ? { iccid: sim.iccid } : {}),
        ...(sim?.eid ? { eid: sim.eid } : {}),
        ...(sim?.phoneNumber ? { phoneNumber: sim.phoneNumber } : {}),
        ...(sim?.carrier ? { subscriberCarrier: sim.carrier } : {}),
      };
  return {
    enrollment: {
      platform: facts.platform,
      enrollmentType: userEnrollment ? 'appleUserEnrollment' : 'automatedDeviceEnrollment',
      user: { userPrincipalName: user },
      hardware: {
        deviceName: facts.deviceName,
        manufacturer: 'Apple',
        model: facts.productName,
        osVersion: facts.osVersion,
        ...identifiers,
        totalStorageSpaceInBytes: Math.round(facts.capacityGb * 1e9),
        freeStorageSpaceInBytes: Math.round(facts.availableGb * 1e9),
      },
    },
    apps: facts.apps.map((app) => ({
      appId: app.identifier,
      displayName: app.name,
      version: app.shortVersion,
      sizeInBytes: app.bundleSize,
    })),
  };
}

describeEachDatabase('Apple MDM protocol', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let helpDesk: { token: string; upn: string };
  let serial = 0;

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
    helpDesk = await adminWithRole(server, tenant.tenantId, 'helpDeskOperator');
    // Outlook is assigned to every iOS and macOS device: the managed app of each scenario.
    for (const [type, bundleId] of [
      ['#microsoft.graph.iosStoreApp', 'com.microsoft.Office.Outlook'],
      ['#microsoft.graph.macOSLobApp', 'com.microsoft.Outlook'],
    ]) {
      const created = await adminCall<{ id: string }>(
        server.url,
        tenant.adminToken,
        'POST',
        '/v1.0/deviceAppManagement/mobileApps',
        {
          '@odata.type': type,
          displayName: 'Outlook',
          publisher: 'Microsoft',
          bundleId,
        },
      );
      expect(created.status).toBe(201);
      const assigned = await adminCall(
        server.url,
        tenant.adminToken,
        'POST',
        `/v1.0/deviceAppManagement/mobileApps/${created.body.id}/assign`,
        {
          mobileAppAssignments: [
            {
              '@odata.type': '#microsoft.graph.mobileAppAssignment',
              intent: 'required',
              target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
            },
          ],
        },
      );
      expect(assigned.status).toBe(204);
    }
  });
  afterAll(() => server.close());

  const graph = async <T = Record<string, unknown>>(path: string) => {
    const answer = await adminCall<T>(server.url, tenant.adminToken, 'GET', path);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const deviceIdOf = async (serialOrName: string) => {
    const rows = await server.query<{ id: string }>(
      'SELECT id FROM device WHERE device_name = ? AND retired_at IS NULL',
      [serialOrName],
    );
    expect(rows).toHaveLength(1);
    return rows[0].id;
  };
  const action = (deviceId: string, name: string, body?: unknown) =>
    adminCall(server.url, helpDesk.token, 'POST', `${DEVICES}/${deviceId}/${name}`, body);

  /** Profile → Authenticate → TokenUpdate → the first poll, which answers the inventory commands. */
  async function enrollOverAppleMdm(facts: AppleDeviceFacts, user: string) {
    const device = new AppleMdmDevice(facts);
    const profile = await fetchProfile(
      `${server.url}/mdm/apple/enroll?token=${encodeURIComponent(tenant.enrollmentToken)}&type=${facts.kind}&user=${encodeURIComponent(user)}`,
    );
    device.installProfile(profile);
    await device.enroll();
    const handled = await device.poll();
    return { device, handled, id: await deviceIdOf(facts.deviceName) };
  }

  async function enrollOverJson(facts: AppleDeviceFacts, user: string) {
    const equivalent = jsonChannelEquivalent(
      { ...facts, deviceName: `${facts.deviceName} (JSON)` },
      user,
    );
    const enrolled = await enroll(
      server.url,
      tenant.enrollmentToken,
      equivalent.enrollment as never,
    );
    const answer = await checkIn(server.url, enrolled, { apps: equivalent.apps });
    expect(answer.status).toBe(200);
    return enrolled.id;
  }

  /** Both devices as Graph shows them, minus what differs between any two enrollments. */
  async function graphViews(appleId: string, jsonId: string) {
    const [apple, json] = await Promise.all(
      [appleId, jsonId].map(async (id) => {
        const device = await graph<Record<string, unknown>>(`${DEVICES}/${id}`);
        const apps = await graph<{ value: { displayName: string; version: string }[] }>(
          `${DEVICES}/${id}/detectedApps?$orderby=displayName`,
        );
        for (const key of PER_ENROLLMENT) delete device[key];
        device.deviceName = String(device.deviceName).replace(' (JSON)', '');
        return { device, apps: apps.value.map((app) => `${app.displayName} ${app.version}`) };
      }),
    );
    return { apple, json };
  }

  it('a supervised corporate iPhone enrolls through the profile, answers inventory and reads back as the JSON channel’s twin', async () => {
    const n = ++serial;
    const facts = supervisedCorporateIphone(n);
    const { device, handled, id } = await enrollOverAppleMdm(facts, `sales${n}@contoso.com`);
    expect(handled.map((command) => `${command.requestType} ${command.status}`)).toEqual([
      'DeviceInformation Acknowledged',
      'InstalledApplicationList Acknowledged',
      'ManagedApplicationList Acknowledged',
    ]);
    const jsonId = await enrollOverJson(facts, `sales${n}@contoso.com`);
    const { apple, json } = await graphViews(id, jsonId);
    expect(apple).toEqual(json);
    expect(apple.device).toMatchObject({
      managedDeviceOwnerType: 'company',
      serialNumber: facts.serialNumber,
      imei: facts.imei,
      phoneNumber: facts.sims[0].phoneNumber,
      model: 'iPhone15,2',
      manufacturer: 'Apple',
    });
    expect(apple.apps).toEqual(['Outlook 4.2451.0', 'Spotify 9.0.12']);

    // A remote action waits for the next poll (no push), then drives deviceActionResults.
    expect((await action(id, 'remoteLock')).status).toBe(204);
    expect((await device.poll()).map((c) => `${c.requestType} ${c.status}`)).toEqual([
      'DeviceLock Acknowledged',
    ]);
    expect((await action(id, 'locateDevice')).status).toBe(204);
    expect((await device.poll()).map((c) => `${c.requestType} ${c.status}`)).toEqual([
      'DeviceLocation Acknowledged',
    ]);
    const results = (
      await graph<{ deviceActionResults: { actionName: string; actionState: string }[] }>(
        `${DEVICES}/${id}?$select=deviceActionResults`,
      )
    ).deviceActionResults;
    expect(results.map((r) => `${r.actionName} ${r.actionState}`).sort()).toEqual([
      'locateDevice done',
      'remoteLock done',
    ]);
    // An Idle poll with nothing queued is an empty answer.
    expect(await device.poll()).toEqual([]);
  });

  it('a User-Enrollment iPhone reports no device identifiers, only managed apps, and cannot be restarted', async () => {
    const n = ++serial;
    const facts = userEnrollmentIphone(n);
    const { device, handled, id } = await enrollOverAppleMdm(facts, `maria${n}@contoso.com`);
    expect(handled.map((command) => command.requestType)).toEqual([
      'DeviceInformation',
      'InstalledApplicationList',
      'ManagedApplicationList',
    ]);
    const jsonId = await enrollOverJson(facts, `maria${n}@contoso.com`);
    const { apple, json } = await graphViews(id, jsonId);
    expect(apple).toEqual(json);
    expect(apple.device).toMatchObject({
      managedDeviceOwnerType: 'personal',
      deviceEnrollmentType: 'appleUserEnrollment',
      serialNumber: '',
      imei: '',
      udid: null,
    });
    expect(apple.apps).toEqual(['Outlook 4.2451.0']);
    const stored = await server.query('SELECT * FROM device WHERE id = ?', [id]);
    const everything = JSON.stringify(stored);
    for (const secret of [
      facts.serialNumber,
      facts.udid,
      facts.imei!,
      facts.sims[0].iccid!,
      facts.wiFiMac,
    ]) {
      expect(everything).not.toContain(secret);
    }

    expect((await action(id, 'rebootNow')).status).toBe(204);
    expect((await device.poll()).map((c) => `${c.requestType} ${c.status}`)).toEqual([
      'RestartDevice Error',
    ]);
    const results = (
      await graph<{ deviceActionResults: { actionName: string; actionState: string }[] }>(
        `${DEVICES}/${id}?$select=deviceActionResults`,
      )
    ).deviceActionResults;
    expect(results.map((r) => `${r.actionName} ${r.actionState}`)).toEqual(['rebootNow failed']);
  });

  it('what a personal device sends beyond ManagedAppsOnly is discarded, and an identifier User Enrollment withholds is refused by its Apple key', async () => {
    const n = ++serial;
    const facts = userEnrollmentIphone(n);
    /** A device that lists every app whatever it is asked, and once reports its serial. */
    class Oversharing extends AppleMdmDevice {
      reportSerial = false;
      override answer(command: Parameters<AppleMdmDevice['answer']>[0]) {
        const answer = super.answer(
          command.RequestType === 'InstalledApplicationList'
            ? { RequestType: 'InstalledApplicationList' }
            : command,
        );
        if (this.reportSerial && command.RequestType === 'DeviceInformation') {
          (answer.QueryResponses as Record<string, string>).SerialNumber = this.facts.serialNumber;
        }
        return answer;
      }
    }
    const device = new Oversharing(facts);
    device.installProfile(
      await fetchProfile(
        `${server.url}/mdm/apple/enroll?token=${encodeURIComponent(tenant.enrollmentToken)}&type=user&user=over${n}%40contoso.com`,
      ),
    );
    await device.enroll();
    await device.poll();
    const id = await deviceIdOf(facts.deviceName);
    const apps = await graph<{ value: { displayName: string }[] }>(`${DEVICES}/${id}/detectedApps`);
    expect(apps.value.map((app) => app.displayName)).toEqual(['Outlook']);

    const before = await server.query('SELECT * FROM device WHERE id = ?', [id]);
    device.reportSerial = true;
    expect((await action(id, 'syncDevice')).status).toBe(204);
    await expect(device.poll()).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("Invalid field 'QueryResponses.SerialNumber'"),
    });
    const after = await server.query('SELECT * FROM device WHERE id = ?', [id]);
    expect(JSON.stringify(after)).not.toContain(facts.serialNumber);
    // Only the Idle poll before the refused answer counted as a check-in; the answer stored nothing.
    const inventory = (row: Record<string, unknown>) => {
      const bookkeeping = [
        'last_checkin_at',
        'checkin_count',
        'last_sequence',
        'rate_window_start',
        'rate_window_count',
      ];
      return Object.fromEntries(
        Object.entries(row).filter(([column]) => !bookkeeping.includes(column)),
      );
    };
    expect(inventory(after[0])).toEqual(inventory(before[0]));
    expect(Number(after[0].last_sequence)).toBe(Number(before[0].last_sequence) + 1);
  });

  it('a corporate Mac reports its Ethernet MAC and every app, and a wipe erases it with its PIN', async () => {
    const n = ++serial;
    const facts = corporateMac(n);
    const { device, id } = await enrollOverAppleMdm(facts, `finance${n}@contoso.com`);
    const jsonId = await enrollOverJson(facts, `finance${n}@contoso.com`);
    const { apple, json } = await graphViews(id, jsonId);
    expect(apple).toEqual(json);
    expect(apple.device).toMatchObject({
      managedDeviceOwnerType: 'company',
      operatingSystem: 'macOS',
    });
    expect(apple.apps).toEqual(['Microsoft Outlook 16.92', 'Spotify 1.2.52']);

    expect((await action(id, 'wipe', { macOsUnlockCode: '123456' })).status).toBe(204);
    const [queued] = await server.query<{ payload: string }>(
      `SELECT c.payload FROM apple_mdm_command c JOIN apple_mdm_enrollment e ON e.id = c.enrollment_id
       WHERE e.device_id = ? AND c.request_type = 'EraseDevice'`,
      [id],
    );
    expect(queued).toBeUndefined(); // queued only when the device polls
    expect((await device.poll()).map((c) => `${c.requestType} ${c.status}`)).toEqual([
      'EraseDevice Acknowledged',
    ]);
    // Wiped: no longer listed in Graph, its data gone, and its identity no longer accepted.
    expect((await adminCall(server.url, tenant.adminToken, 'GET', `${DEVICES}/${id}`)).status).toBe(
      404,
    );
    const [row] = await server.query<{ management_state: string }>(
      'SELECT management_state FROM device WHERE id = ?',
      [id],
    );
    expect(row.management_state).toBe('wiped');
    // The PIN is not kept once the device answered.
    const erase = await server.query<{ payload: string | null }>(
      `SELECT c.payload FROM apple_mdm_command c WHERE c.request_type = 'EraseDevice'`,
    );
    expect(erase.every((row) => row.payload === null)).toBe(true);
  });

  it('a personal Mac under User Enrollment is never asked for its app list, and retire removes its MDM profile', async () => {
    const n = ++serial;
    const facts = personalMac(n);
    const { device, handled, id } = await enrollOverAppleMdm(facts, `jon${n}@contoso.com`);
    expect(handled.map((command) => command.requestType)).toEqual([
      'DeviceInformation',
      'ManagedApplicationList',
    ]);
    const view = await graph<Record<string, unknown>>(`${DEVICES}/${id}`);
    expect(view).toMatchObject({
      managedDeviceOwnerType: 'personal',
      deviceName: facts.deviceName,
      serialNumber: '',
      wiFiMacAddress: '',
      ethernetMacAddress: null,
    });
    expect((await action(id, 'retire')).status).toBe(204);
    expect((await device.poll()).map((c) => `${c.requestType} ${c.status}`)).toEqual([
      'RemoveProfile Acknowledged',
    ]);
    expect(device.enrolled).toBe(false);
    const [row] = await server.query<{ management_state: string; retired_at: unknown }>(
      'SELECT management_state, retired_at FROM device WHERE id = ?',
      [id],
    );
    expect(row.management_state).toBe('retired');
    const [enrollment] = await server.query<{
      checked_out_at: unknown;
      udid: unknown;
      enrollment_id: unknown;
    }>('SELECT checked_out_at, udid, enrollment_id FROM apple_mdm_enrollment WHERE device_id = ?', [
      id,
    ]);
    expect(enrollment.checked_out_at).not.toBeNull();
    expect(enrollment.enrollment_id).toBeNull();
  });

  it('an admin who deletes an Apple device makes its enrollment forget the UDID, and the device is refused from then on', async () => {
    const n = ++serial;
    const facts = supervisedCorporateIphone(100 + n);
    const { device, id } = await enrollOverAppleMdm(facts, `lee${n}@contoso.com`);
    const deleted = await adminCall(server.url, tenant.adminToken, 'DELETE', `${DEVICES}/${id}`);
    expect(deleted.status).toBe(204);
    const [enrollment] = await server.query<Record<string, unknown>>(
      `SELECT udid, enrollment_id, sealed_credential, authenticate, checked_out_at
       FROM apple_mdm_enrollment WHERE device_id = ?`,
      [id],
    );
    expect(enrollment).toMatchObject({
      udid: null,
      enrollment_id: null,
      sealed_credential: null,
      authenticate: null,
    });
    expect(enrollment.checked_out_at).not.toBeNull();
    expect(JSON.stringify(await server.query('SELECT * FROM apple_mdm_enrollment'))).not.toContain(
      facts.udid,
    );
    await expect(device.poll()).rejects.toThrow(/401/);
  });
});
