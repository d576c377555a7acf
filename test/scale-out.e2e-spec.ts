import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLATFORMS, Platform } from '../src/collection-rules';
import {
  ClusterInstance,
  sharedEnvironment,
  startCluster,
  stopInstances,
} from '../src/cluster/cluster';
import { runSimulation, SimulationOptions } from '../simulators/runner';
import { adminCall } from './support/admin-api';
import { createTestDatabase, postgresAvailable, TestDatabase } from './support/databases';
import { EnrolledDevice, enroll, HttpAnswer, postJson } from './support/device-channel';
import { AppFixture, deviceFixture } from './support/device-fixtures';
import { startTestServer, systemActor, TestServer } from './support/test-server';
import { ManagedAppsService } from '../src/apps/managed-apps.service';

const PEPPER = 'scale-out-test-pepper-0123456789abcdefghijkl';
const DEVICES = 200;
/** Devices in flight at once (each sends its check-in to both instances). */
const PARALLEL = 20;

async function inParallel<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

/**
 * Device `i`'s apps in round `round`: a share of apps many devices have (so that devices of one
 * platform see them first at the same moment), and a few of its own.
 */
function appsOf(i: number, round: number): AppFixture[] {
  const shared = Array.from({ length: 24 }, (_, k) => k).filter((k) => (i + k + round) % 3 !== 0);
  return [
    // In round 2 a quarter of the shared apps are updated: new versions, first seen at once again.
    ...shared.map((k) => ({
      appId: `com.shared.app${k}`,
      version: round > 1 && k % 4 === 0 ? '2.0' : '1.0',
    })),
    ...[0, 1, 2].map((k) => ({ appId: `com.own.d${i}.app${k}`, version: String(round) })),
  ].map((app) => ({ ...app, displayName: app.appId, publisher: 'Scale Test' }));
}

const describePostgres = postgresAvailable() ? describe : describe.skip;

describePostgres('several server instances on one PostgreSQL database [postgres]', () => {
  let a: TestServer;
  let b: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let devices: EnrolledDevice[];
  const lastApps = new Map<string, AppFixture[]>();

  /** One check-in, sent to both instances at the same moment (a retry racing its original). */
  const checkInTwice = (device: EnrolledDevice, body: Record<string, unknown>) =>
    Promise.all(
      [a, b].map((server) =>
        postJson(`${server.url}/enrollment/v1/devices/${device.id}/checkin`, device.credential, {
          ...body,
          sequence: device.sequence + 1,
        }),
      ),
    );

  const expectAppliedOnce = (answers: HttpAnswer[]) => {
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const replayed = answers.filter((answer) => answer.body.replayed === true);
    expect(replayed).toHaveLength(1);
    const [applied] = answers.filter((answer) => answer.body.replayed !== true);
    expect({ ...replayed[0].body, replayed: undefined }).toEqual({ ...applied.body });
  };

  const roundOfCheckIns = (round: number) =>
    inParallel(devices, async (device, i) => {
      const apps = appsOf(i, round);
      const answers = await checkInTwice(device, { apps });
      expectAppliedOnce(answers);
      device.sequence++;
      lastApps.set(device.id, apps);
    });

  beforeAll(async () => {
    a = await startTestServer('postgres', { TOKEN_PEPPER: PEPPER });
    b = await startTestServer('postgres', { TOKEN_PEPPER: PEPPER }, a.database);
    tenant = await a.createTenant('Contoso');
    devices = await inParallel(
      Array.from({ length: DEVICES }, (_, i) => PLATFORMS[i % PLATFORMS.length]),
      (platform, i) =>
        enroll([a, b][i % 2].url, tenant.enrollmentToken, deviceFixture(platform as Platform)),
    );
    await roundOfCheckIns(1);
  }, 180_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const expectStoredAsSent = async (round: number) => {
    const rows = await a.query<{ id: string; checkin_count: number; last_sequence: number }>(
      'SELECT id, checkin_count, last_sequence FROM device WHERE tenant_id = ?',
      [tenant.tenantId],
    );
    expect(rows).toHaveLength(DEVICES);
    for (const row of rows)
      expect(row).toMatchObject({ checkin_count: round, last_sequence: round });
    // One receipt per device: its latest check-in's.
    const receipts = await a.query<{ device_id: string; n: number; latest: number }>(
      'SELECT device_id, count(*)::int AS n, max(sequence)::int AS latest FROM checkin_receipt GROUP BY device_id',
    );
    expect(receipts).toHaveLength(DEVICES);
    for (const receipt of receipts) expect(receipt).toMatchObject({ n: 1, latest: round });

    const links = await a.query<{ device_id: string; app_id: string; version: string }>(
      `SELECT l.device_id, c.app_id, c.version FROM device_app l
       JOIN app_catalog c ON c.id = l.app_catalog_id WHERE c.tenant_id = ?`,
      [tenant.tenantId],
    );
    const stored = new Map<string, string[]>();
    for (const link of links) {
      stored.set(link.device_id, [
        ...(stored.get(link.device_id) ?? []),
        `${link.app_id}@${link.version}`,
      ]);
    }
    const expectedCounts = new Map<string, number>();
    for (const device of devices) {
      const sent = lastApps.get(device.id)!.map((app) => `${app.appId}@${app.version}`);
      expect((stored.get(device.id) ?? []).sort()).toEqual([...sent].sort());
      for (const app of sent) {
        const key = `${device.payload.platform}:${app}`;
        expectedCounts.set(key, (expectedCounts.get(key) ?? 0) + 1);
      }
    }
    // One catalog row per app version and platform, with the number of devices that have it.
    const catalog = await a.query<{ key: string; device_count: number }>(
      `SELECT platform || ':' || app_id || '@' || version AS key, device_count FROM app_catalog
       WHERE tenant_id = ? AND device_count > 0`,
      [tenant.tenantId],
    );
    expect(new Map(catalog.map((row) => [row.key, row.device_count]))).toEqual(expectedCounts);
  };

  it('applies each check-in sent to both instances at once exactly once', async () => {
    await expectStoredAsSent(1);
  });

  it('creates each app catalog row once under concurrent first sightings, and keeps counts', async () => {
    await roundOfCheckIns(2);
    await expectStoredAsSent(2);
    const duplicates = await a.query(
      `SELECT platform, app_id, version FROM app_catalog WHERE tenant_id = ?
       GROUP BY platform, app_id, version HAVING count(*) > 1`,
      [tenant.tenantId],
    );
    expect(duplicates).toEqual([]);
  });

  it('delivers through instance B a remote action queued through instance A', async () => {
    const device = devices[0];
    const path = `/v1.0/deviceManagement/managedDevices/${device.id}`;
    expect((await adminCall(a.url, tenant.adminToken, 'POST', `${path}/syncDevice`)).status).toBe(
      204,
    );
    const delivered = await postJson<{ commands: { commandId: string; action: string }[] }>(
      `${b.url}/enrollment/v1/devices/${device.id}/checkin`,
      device.credential,
      { sequence: ++device.sequence },
    );
    expect(delivered.body.commands).toEqual([
      expect.objectContaining({ action: 'syncDevice', commandId: expect.any(String) }),
    ]);
    const answered = await postJson(
      `${a.url}/enrollment/v1/devices/${device.id}/checkin`,
      device.credential,
      {
        sequence: ++device.sequence,
        commandResults: [{ commandId: delivered.body.commands[0].commandId, status: 'done' }],
      },
    );
    expect(answered.body.commands).toEqual([]);
    const results = await adminCall<{ deviceActionResults: Record<string, unknown>[] }>(
      b.url,
      tenant.adminToken,
      'GET',
      `${path}?$select=deviceActionResults`,
    );
    expect(results.body.deviceActionResults).toEqual([
      expect.objectContaining({ actionName: 'syncDevice', actionState: 'done' }),
    ]);
  });

  it('answers through instance B with an app assigned through instance A after B cached the policy', async () => {
    const device = devices[1];
    const checkInThrough = (server: TestServer) =>
      postJson<{ deployedApps: { appId: string; intent: string }[] }>(
        `${server.url}/enrollment/v1/devices/${device.id}/checkin`,
        device.credential,
        { sequence: ++device.sequence },
      );
    expect((await checkInThrough(b)).body.deployedApps).toEqual([]);
    const apps = a.service(ManagedAppsService);
    const app = await apps.create(
      tenant.tenantId,
      {
        platform: device.payload.platform as Platform,
        appId: 'com.contoso.expenses',
        displayName: 'Contoso Expenses',
      },
      systemActor,
    );
    // Deployed but not assigned: not listed to devices.
    expect((await checkInThrough(b)).body.deployedApps).toEqual([]);
    await apps.assign(tenant.tenantId, app.id, 'required', systemActor);
    expect((await checkInThrough(b)).body.deployedApps).toEqual([
      expect.objectContaining({ appId: 'com.contoso.expenses', intent: 'required' }),
    ]);
    await apps.delete(tenant.tenantId, app.id, systemActor);
    expect((await checkInThrough(b)).body.deployedApps).toEqual([]);
  });

  it('makes two devices of two enrollments with one serial number at once', async () => {
    const twin = deviceFixture('windows');
    const answers = await Promise.all(
      [a, b].map((server) => enroll(server.url, tenant.enrollmentToken, twin)),
    );
    expect(new Set(answers.map((answer) => answer.id)).size).toBe(2);
    const rows = await a.query<{ id: string }>(
      'SELECT id FROM device WHERE tenant_id = ? AND serial_number = ?',
      [tenant.tenantId, twin.hardware.serialNumber],
    );
    expect(rows.map((row) => row.id).sort()).toEqual(answers.map((answer) => answer.id).sort());
    devices.push(...answers);
  });

  it('continues on B a $skiptoken paging started on A, listing every device once', async () => {
    const seen: string[] = [];
    let next: string | undefined =
      `${a.url}/v1.0/deviceManagement/managedDevices?$select=id&$orderby=deviceName&$top=37`;
    let page = 0;
    while (next) {
      // Alternate instances page by page: the token carries all a page needs.
      const url: URL = new URL(next);
      const origin = new URL([a, b][page++ % 2].url);
      url.protocol = origin.protocol;
      url.host = origin.host;
      const answer = await adminCall<{ value: { id: string }[]; '@odata.nextLink'?: string }>(
        url.origin,
        tenant.adminToken,
        'GET',
        `${url.pathname}${url.search}`,
      );
      expect(answer.status).toBe(200);
      seen.push(...answer.body.value.map((device) => device.id));
      next = answer.body['@odata.nextLink'];
    }
    expect(page).toBeGreaterThan(2);
    expect(seen.sort()).toEqual(devices.map((device) => device.id).sort());
  });
});

describePostgres('a simulated fleet when one instance is killed [postgres]', () => {
  let database: TestDatabase;
  let dataDir: string;
  let instances: ClusterInstance[];
  let tenant: { tenantId: string; enrollmentToken: string };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    dataDir = mkdtempSync(join(tmpdir(), 'dic-cluster-'));
    const env = await sharedEnvironment(
      {
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        RETENTION_SCHEDULE: 'off',
        LOG_LEVEL: 'info',
        PATH: process.env.PATH,
      },
      2,
    );
    instances = await startCluster(2, 0, env);
    const admin = await startTestServer('postgres', { TOKEN_PEPPER: env.TOKEN_PEPPER! }, database);
    tenant = await admin.createTenant('Contoso');
    await admin.close();
  }, 240_000);
  afterAll(async () => {
    if (instances) await stopInstances(instances);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails over to the other instance, and no check-in is lost or applied twice', async () => {
    const options: SimulationOptions = {
      servers: instances.map((instance) => instance.url),
      enrollmentToken: tenant.enrollmentToken,
      devices: 40,
      fleet: { seed: 8 },
      concurrency: 8,
      stateFile: join(dataDir, 'fleet.json'),
      retry: { baseDelayMs: 50, maxDelayMs: 500 },
    };
    const enrolled = await runSimulation({ ...options, checkIns: 1 });
    expect(enrolled.summary.enrollments.ok).toBe(40);
    // The devices were spread over both instances (each logs one line per request it served).
    const served = instances.map(
      (instance) =>
        readFileSync(instance.logFile, 'utf8')
          .split('\n')
          .filter((line) => line.includes('"route":"/enrollment/v1/enroll"')).length,
    );
    expect(served[0]).toBeGreaterThan(0);
    expect(served[1]).toBeGreaterThan(0);
    expect(served[0] + served[1]).toBe(40);

    let killed = false;
    const run = await runSimulation({
      ...options,
      checkIns: 6,
      onProgress: (progress) => {
        if (!killed && progress.turnsDone >= 60) {
          killed = true;
          instances[0].process.kill('SIGKILL');
        }
      },
    });
    expect(killed).toBe(true);
    expect(run.summary.failovers).toBeGreaterThan(0);
    expect(run.summary.checkIns.failed).toBe(0);
    expect(run.summary.errors).toEqual([]);

    const rows = await queryDatabase<{ id: string; checkin_count: number; last_sequence: number }>(
      database,
      'SELECT id, checkin_count, last_sequence FROM device',
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(rows).toHaveLength(40);
    for (const record of run.records) {
      expect(byId.get(record.deviceId!)?.last_sequence).toBe(record.sequence);
    }
    const applied = rows.reduce((sum, row) => sum + row.checkin_count, 0);
    expect(applied).toBe(enrolled.summary.checkIns.ok + run.summary.checkIns.ok);
    // Each device's one receipt is its last check-in's.
    const [receipts] = await queryDatabase<{ n: number }>(
      database,
      `SELECT count(*)::int AS n FROM checkin_receipt r
       JOIN device d ON d.id = r.device_id AND r.sequence = d.last_sequence`,
    );
    expect(receipts.n).toBe(rows.length);
    for (const row of rows) expect(row.checkin_count).toBe(row.last_sequence);
  }, 240_000);
});

async function queryDatabase<T>(database: TestDatabase, sql: string): Promise<T[]> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}
