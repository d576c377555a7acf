import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadState, runSimulation, SimulationOptions } from '../simulators/runner';
import { adminCall } from './support/admin-api';
import { describeEachDatabase } from './support/databases';
import { startTestServer, TestServer } from './support/test-server';

/**
 * `npm run simulate -- --protocol apple-mdm`: the fleet's iPhones, iPads and Macs enroll through
 * the profile and poll, keep their identity in the state file across runs, and churn (apps
 * installed between polls, a wipe followed by a new enrollment) as the JSON runner's devices do.
 */
describeEachDatabase('the Apple MDM runner: state file and churn', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let dir: string;
  const DEVICES = 8;

  const simulate = (more: Partial<SimulationOptions> = {}) =>
    runSimulation({
      servers: [server.url],
      enrollmentToken: tenant.enrollmentToken,
      devices: DEVICES,
      fleet: {
        seed: 19,
        corporateRatio: 0.75,
        platformMix: { ios: 2, macos: 1, android: 0, windows: 0 },
      },
      checkIns: 1,
      concurrency: 4,
      appleMdm: {},
      // Every poll's step installs apps and removes none: the app lists only grow.
      churn: { appInstall: 1, appRemoval: 0, appUpdate: 0, storageDrift: 0, ipChange: 0 },
      stateFile: join(dir, 'fleet.json'),
      ...more,
    });

  const linked = () =>
    server.query<{ device_id: string; udid: string | null; apps: number | string }>(
      `SELECT e.device_id, e.udid, (SELECT COUNT(*) FROM device_app a WHERE a.device_id = e.device_id) AS apps
       FROM apple_mdm_enrollment e JOIN device d ON d.id = e.device_id
       WHERE d.retired_at IS NULL ORDER BY e.device_id`,
    );

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
    dir = mkdtempSync(join(tmpdir(), 'sim-apple-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enrolls every Apple device through its profile and keeps each identity in the state file', async () => {
    const { summary } = await simulate();
    expect(summary.enrollments).toEqual({ ok: DEVICES, failed: 0, afterWipe: 0 });
    expect(summary.checkIns.failed).toBe(0);
    expect(summary.appleCommands.DeviceInformation).toEqual({ Acknowledged: DEVICES });
    const state = loadState(join(dir, 'fleet.json'))!;
    for (const record of state.devices) {
      expect(record).toMatchObject({ status: 'enrolled', protocol: 'apple-mdm' });
      expect(record.appleIdentity?.certificatePem).toContain('BEGIN CERTIFICATE');
      expect(record.deviceCredential).toBeUndefined();
    }
    expect(await linked()).toHaveLength(DEVICES);
  });

  it('resumes with the same identities: no new enrollment, and a sync brings the apps installed since', async () => {
    const before = await linked();
    const corporate = before.find((row) => row.udid !== null)!;
    const sync = await adminCall(
      server.url,
      tenant.adminToken,
      'POST',
      `/v1.0/deviceManagement/managedDevices/${corporate.device_id}/syncDevice`,
      {},
    );
    expect(sync.status).toBe(204);
    const { summary } = await simulate();
    expect(summary.enrollments.ok).toBe(0);
    expect(summary.checkIns.failed).toBe(0);
    const after = await linked();
    expect(after.map((row) => row.device_id)).toEqual(before.map((row) => row.device_id));
    const synced = after.find((row) => row.device_id === corporate.device_id)!;
    expect(Number(synced.apps)).toBeGreaterThan(Number(corporate.apps));
  });

  it('a wiped iPhone or Mac erases itself, then enrolls again as a new device with the same hardware', async () => {
    const [target] = await linked().then((rows) => rows.filter((row) => row.udid !== null));
    const wipe = await adminCall(
      server.url,
      tenant.adminToken,
      'POST',
      `/v1.0/deviceManagement/managedDevices/${target.device_id}/wipe`,
      {},
    );
    expect(wipe.status).toBe(204);
    const { summary } = await simulate();
    expect(summary.appleCommands.EraseDevice).toEqual({ Acknowledged: 1 });
    expect(summary.enrollments).toEqual({ ok: 1, failed: 0, afterWipe: 1 });
    const [wiped] = await server.query<{ management_state: string }>(
      'SELECT management_state FROM device WHERE id = ?',
      [target.device_id],
    );
    expect(wiped.management_state).toBe('wiped');
    const again = await linked();
    expect(again).toHaveLength(DEVICES);
    expect(again.find((row) => row.udid === target.udid)?.device_id).not.toBe(target.device_id);
    const state = loadState(join(dir, 'fleet.json'))!;
    expect(state.devices.filter((record) => record.generation === 1)).toHaveLength(1);
  });
});
