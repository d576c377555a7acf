import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_ID_PROPERTY } from '../src/graph/mobile-apps/mobile-app-types';
import { MOBILE_APP_TYPES } from '../src/graph/mobile-apps/mobile-app';
import { PLATFORMS } from '../src/rules';
import { generateDevice, planFleet } from '../simulators/fleet';
import { runSimulation, SimulationOptions, SimulationResult } from '../simulators/runner';
import { describeEachDatabase } from './support/databases';
import { adminCall, Method } from './support/admin-api';
import { startTestServer, TestServer } from './support/test-server';

/** Deployed apps the simulated devices install (the catalogue knows them) or have already. */
const DEPLOYED = [
  { platform: 'ios', appId: 'com.microsoft.Office.Outlook', displayName: 'Outlook' },
  { platform: 'android', appId: 'com.microsoft.office.outlook', displayName: 'Outlook' },
  { platform: 'macos', appId: 'com.microsoft.CompanyPortalMac', displayName: 'Company Portal' },
  { platform: 'windows', appId: 'Microsoft.CompanyPortal', displayName: 'Company Portal' },
] as const;

/** One compliance policy per platform, on the states the simulated devices report. */
const COMPLIANCE_POLICIES = [
  {
    '@odata.type': '#microsoft.graph.iosCompliancePolicy',
    displayName: 'iOS',
    passcodeRequired: true,
    securityBlockJailbrokenDevices: true,
  },
  {
    '@odata.type': '#microsoft.graph.androidCompliancePolicy',
    displayName: 'Android',
    passwordRequired: true,
    storageRequireEncryption: true,
    minAndroidSecurityPatchLevel: '2024-01-01',
  },
  {
    '@odata.type': '#microsoft.graph.macOSCompliancePolicy',
    displayName: 'macOS',
    storageRequireEncryption: true,
    systemIntegrityProtectionEnabled: true,
  },
  {
    '@odata.type': '#microsoft.graph.windows10CompliancePolicy',
    displayName: 'Windows',
    bitLockerEnabled: true,
    secureBootEnabled: true,
    passwordMinimumLength: 6,
  },
];

describeEachDatabase('a simulated fleet against the server', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let dir: string;
  let first: SimulationResult;
  const fleet = { seed: 11, longTailAppsPerPlatform: 300 };
  const policyIds: string[] = [];

  const simulate = (more: Partial<SimulationOptions> = {}) =>
    runSimulation({
      servers: [server.url],
      enrollmentToken: tenant.enrollmentToken,
      devices: 40,
      fleet,
      checkIns: 2,
      concurrency: 8,
      // Half the agents ignore the managedOnly directive: the server must drop what they send.
      unfilteredAgents: 0.5,
      stateFile: join(dir, 'fleet.json'),
      ...more,
    });

  const admin = <T = Record<string, unknown>>(method: Method, path: string, body?: unknown) =>
    adminCall<T>(server.url, tenant.adminToken, method, path, body);
  const requestAction = async (deviceId: string, action: 'wipe' | 'retire') => {
    const answer = await admin(
      'POST',
      `/v1.0/deviceManagement/managedDevices/${deviceId}/${action}`,
      {},
    );
    expect(answer.status).toBe(204);
  };
  const deviceRow = async (id: string) =>
    (await server.query<Record<string, unknown>>('SELECT * FROM device WHERE id = ?', [id]))[0];

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
    dir = mkdtempSync(join(tmpdir(), 'sim-e2e-'));
    for (const app of DEPLOYED) {
      const created = await admin<{ id: string }>('POST', '/v1.0/deviceAppManagement/mobileApps', {
        '@odata.type': MOBILE_APP_TYPES[app.platform],
        displayName: app.displayName,
        [APP_ID_PROPERTY[app.platform]]: app.appId,
      });
      expect(created.status).toBe(201);
      const assigned = await admin(
        'POST',
        `/v1.0/deviceAppManagement/mobileApps/${created.body.id}/assign`,
        {
          mobileAppAssignments: [
            {
              intent: 'required',
              target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
            },
          ],
        },
      );
      expect(assigned.status).toBeLessThan(300);
    }
    for (const policy of COMPLIANCE_POLICIES) {
      const created = await admin<{ id: string }>(
        'POST',
        '/v1.0/deviceManagement/deviceCompliancePolicies',
        policy,
      );
      expect(created.status).toBe(201);
      policyIds.push(created.body.id);
      const assigned = await admin(
        'POST',
        `/v1.0/deviceManagement/deviceCompliancePolicies/${created.body.id}/assign`,
        {
          assignments: [
            { target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } },
          ],
        },
      );
      expect(assigned.status).toBe(200);
    }
    first = await simulate();
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enrolls every device and checks each in, without a failure', () => {
    expect(first.summary.enrollments).toEqual({ ok: 40, failed: 0, afterWipe: 0 });
    expect(first.summary.checkIns).toMatchObject({
      ok: 80 + first.summary.checkIns.followUps,
      failed: 0,
    });
    expect(first.summary.errors).toEqual([]);
  });

  it('evaluates every device against its platform’s compliance policy from the security state it reported', async () => {
    let listed = 0;
    for (const id of policyIds) {
      const statuses = await admin<{ value: { status: string }[] }>(
        'GET',
        `/v1.0/deviceManagement/deviceCompliancePolicies/${id}/deviceStatuses`,
      );
      listed += statuses.body.value.length;
      // Asked for it at enrollment, every device reported its state: none is left unknown.
      expect(statuses.body.value.map((status) => status.status)).not.toContain('unknown');
    }
    const [{ devices }] = await server.query<{ devices: number }>(
      'SELECT COUNT(*) AS devices FROM device WHERE retired_at IS NULL',
    );
    expect(listed).toBe(Number(devices));
  });

  it('has every platform, corporate and personal, in the database', async () => {
    const rows = await server.query<{ platform: string; ownership: string }>(
      'SELECT DISTINCT platform, ownership FROM device WHERE tenant_id = ?',
      [tenant.tenantId],
    );
    expect(new Set(rows.map((row) => row.platform))).toEqual(new Set(PLATFORMS));
    // Every enrollment type decides ownership: only an administrator makes a device unknown.
    expect(new Set(rows.map((row) => row.ownership))).toEqual(new Set(['corporate', 'personal']));
  });

  it('keeps no unmanaged app of a personal device, though their agents sent them', async () => {
    const discarded = first.summary.discarded.find(
      (entry) => entry.field === 'apps' && entry.reason === 'notManagedOnPersonalDevice',
    );
    expect(discarded?.count).toBeGreaterThan(0);
    const stored = await server.query<{ ownership: string; platform: string; app_id: string }>(
      `SELECT d.ownership, d.platform, c.app_id FROM device d
       JOIN device_app l ON l.device_id = d.id JOIN app_catalog c ON c.id = l.app_catalog_id
       WHERE d.tenant_id = ?`,
      [tenant.tenantId],
    );
    const managed = new Set(DEPLOYED.map((app) => `${app.platform}:${app.appId}`));
    const personal = stored.filter((row) => row.ownership !== 'corporate');
    expect(personal.length).toBeGreaterThan(0);
    for (const row of personal) expect(managed).toContain(`${row.platform}:${row.app_id}`);
    // Corporate devices keep their whole inventory.
    expect(stored.filter((row) => row.ownership === 'corporate').length).toBeGreaterThan(
      personal.length * 5,
    );
  });

  it('reports install states of the required deployed apps', async () => {
    const [{ count }] = await server.query<{ count: number | string }>(
      `SELECT COUNT(*) AS count FROM managed_app_install_state s JOIN device d ON d.id = s.device_id
       WHERE d.tenant_id = ? AND s.state = 'installed'`,
      [tenant.tenantId],
    );
    expect(Number(count)).toBeGreaterThan(30);
  });

  it('a queued wipe makes the device acknowledge it and enroll again as a new device', async () => {
    const target = first.records.find((record) => record.platform === 'android')!;
    const wipedId = target.deviceId!;
    const before = await deviceRow(wipedId);
    await requestAction(wipedId, 'wipe');

    const { records, summary } = await simulate({ checkIns: 1 });

    const [command] = await server.query<{ status: string }>(
      'SELECT status FROM device_command WHERE device_id = ?',
      [wipedId],
    );
    expect(command.status).toBe('done');
    expect(summary.commands.wipe).toEqual({ done: 1, failed: 0 });
    expect(summary.enrollments).toMatchObject({ ok: 1, afterWipe: 1 });
    const again = records[target.index];
    expect(again).toMatchObject({ status: 'enrolled', generation: 1, formerDeviceIds: [wipedId] });
    expect(again.deviceId).not.toBe(wipedId);
    const reborn = await deviceRow(again.deviceId!);
    // The same hardware: serial and IMEI as before; the factory reset gave it a new Android id.
    expect(reborn.serial_number ?? null).toBe(before.serial_number ?? null);
    expect(reborn.imei ?? null).toBe(before.imei ?? null);
    expect(reborn.android_id).not.toBe(before.android_id);
    expect(Number(reborn.checkin_count)).toBeGreaterThanOrEqual(1);
    // The server ended the old enrollment when the wipe was acknowledged.
    const old = await deviceRow(wipedId);
    expect(old).toMatchObject({ management_state: 'wiped', credential_hash: null });
  });

  it('a queued retire makes the device acknowledge it and stop', async () => {
    const target = first.records.find(
      (record) => record.platform === 'ios' && record.status === 'enrolled',
    )!;
    const retiredId = target.deviceId!;
    await requestAction(retiredId, 'retire');
    const { records } = await simulate({ checkIns: 1 });
    expect(records[target.index]).toMatchObject({ status: 'retired' });
    expect(await deviceRow(retiredId)).toMatchObject({ management_state: 'retired' });
    const [command] = await server.query<{ status: string }>(
      'SELECT status FROM device_command WHERE device_id = ?',
      [retiredId],
    );
    expect(command.status).toBe('done');
    const count = Number((await deviceRow(retiredId)).checkin_count);

    const later = await simulate({ checkIns: 2 });
    expect(Number((await deviceRow(retiredId)).checkin_count)).toBe(count);
    expect(later.summary.checkIns.failed).toBe(0);
  });

  it('resumed every run from the state file: one enrollment per device, plus the re-enrollment', async () => {
    const [{ count }] = await server.query<{ count: number | string }>(
      'SELECT COUNT(*) AS count FROM device WHERE tenant_id = ?',
      [tenant.tenantId],
    );
    expect(Number(count)).toBe(41);
  });

  it('enrolled the devices the seed describes', async () => {
    const plan = planFleet(fleet);
    const record = first.records[5];
    const row = await deviceRow(record.deviceId!);
    const device = generateDevice(plan, 5);
    expect(row).toMatchObject({
      platform: device.platform,
      enrollment_type: device.enrollmentType,
    });
    expect(row.device_name).toBe(device.hardware.deviceName);
  });
});
