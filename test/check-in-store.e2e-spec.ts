import Database from 'better-sqlite3';
import { Client } from 'pg';
import { CheckInStore } from '../src/device-channel/check-in.store';
import { CheckInResponse } from '../src/device-channel/contract/device-channel.types';
import { WritePlan } from '../src/device-channel/decide';
import { WriteTransactions } from '../src/platform/database/write-transactions';
import { describeEachDatabase, postgresAvailable } from './support/databases';
import { checkIn, enroll, EnrolledDevice } from './support/device-channel';
import { appsFixture, deviceFixture } from './support/device-fixtures';
import { startTestServer, TestServer } from './support/test-server';

/**
 * The check-in store of each database against that database: what a plan writes is what the next
 * load reads, all of it or none of it; and on PostgreSQL, how many round trips a check-in costs.
 */
describeEachDatabase('check-in store', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let store: CheckInStore;
  let transactions: WriteTransactions;

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
    store = server.app.get(CheckInStore);
    transactions = server.service(WriteTransactions);
  });
  afterAll(() => server.close());

  const callerOf = async (device: EnrolledDevice) => {
    const [row] = await server.query<{ tenant_id: string; credential_hash: string }>(
      'SELECT tenant_id, credential_hash FROM device WHERE id = ?',
      [device.id],
    );
    return { id: device.id, tenantId: row.tenant_id, credentialHash: row.credential_hash };
  };

  /** A device with one check-in behind it, and that check-in's answer (a real response shape). */
  const checkedInDevice = async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
    const answer = await checkIn<CheckInResponse>(server.url, device, {
      apps: appsFixture('store', 3),
    });
    expect(answer.status).toBe(200);
    return { device, caller: await callerOf(device), response: answer.body };
  };

  const planFor = (
    caller: { id: string; tenantId: string },
    sequence: number,
    now: number,
  ): WritePlan => ({
    device: { id: caller.id, tenantId: caller.tenantId, platform: 'android' },
    now,
    answeredCommands: [],
    managementAnswers: [],
    leftManagement: false,
    deviceColumns: {
      device_name: 'Renamed by the plan',
      last_sequence: sequence,
      last_checkin_at: now,
    },
    apps: [...appsFixture('store', 2), ...appsFixture('store.new', 2)],
    installStates: [],
    diagnostics: null,
    delivered: [],
    keepsReceipt: true,
  });

  it('writes a plan in one transaction; the next load reads the device, its receipt and its apps back', async () => {
    const { caller, response } = await checkedInDevice();
    const now = Date.now();
    const answered = await transactions.run((tx) =>
      store.apply(tx, planFor(caller, 2, now), (change) => ({
        ...response,
        sequence: 2,
        appInventory: { ...response.appInventory, ...change },
      })),
    );
    expect(answered.appInventory).toMatchObject({ added: 2, removed: 1 });

    const loaded = await transactions.run((tx) => store.load(tx, caller, { sequence: 2 }));
    expect(loaded?.device).toMatchObject({
      lastSequence: 2,
      receipt: { sequence: 2, response: answered },
      commands: [],
    });
    expect(loaded?.device.hardwareColumns.device_name).toBe('Renamed by the plan');
    const [row] = await server.query<{ checkin_count: number }>(
      'SELECT checkin_count FROM device WHERE id = ?',
      [caller.id],
    );
    expect(Number(row.checkin_count)).toBe(2);
    const apps = await server.query<{ app_id: string }>(
      'SELECT c.app_id FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id WHERE l.device_id = ? ORDER BY c.app_id',
      [caller.id],
    );
    expect(apps.map((app) => app.app_id)).toEqual([
      'store.app0',
      'store.app1',
      'store.new.app0',
      'store.new.app1',
    ]);
  });

  it('keeps nothing of a plan whose transaction fails after it was applied', async () => {
    const { caller, response } = await checkedInDevice();
    const before = await server.query('SELECT * FROM device WHERE id = ?', [caller.id]);
    await expect(
      transactions.run(async (tx) => {
        await store.apply(tx, planFor(caller, 2, Date.now()), () => ({ ...response, sequence: 2 }));
        throw new Error('the transport failed after the check-in');
      }),
    ).rejects.toThrow('the transport failed');
    expect(await server.query('SELECT * FROM device WHERE id = ?', [caller.id])).toEqual(before);
    const receipts = await server.query<{ sequence: number }>(
      'SELECT sequence FROM checkin_receipt WHERE device_id = ?',
      [caller.id],
    );
    expect(receipts.map((receipt) => Number(receipt.sequence))).toEqual([1]);
    const apps = await server.query(
      'SELECT c.app_id FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id WHERE l.device_id = ? AND c.app_id LIKE ?',
      [caller.id, 'store.new.%'],
    );
    expect(apps).toEqual([]);
  });

  it('reads nothing for a credential cleared since it was checked', async () => {
    const { caller } = await checkedInDevice();
    const loaded = await transactions.run((tx) =>
      store.load(tx, { ...caller, credentialHash: 'not-the-stored-hash' }, { sequence: 2 }),
    );
    expect(loaded).toBeNull();
  });

  it('applies a retry racing its original once, and answers both alike', async () => {
    const devices = await Promise.all(
      Array.from({ length: 6 }, () =>
        enroll(server.url, tenant.enrollmentToken, deviceFixture('ios')),
      ),
    );
    await Promise.all(
      devices.map(async (device) => {
        const body = { sequence: 1, apps: appsFixture('race', 5) };
        const [a, b] = await Promise.all([
          checkIn(server.url, device, body),
          checkIn(server.url, device, body),
        ]);
        expect([a.status, b.status]).toEqual([200, 200]);
        // The same answer, one of them marked as replayed from the receipt.
        expect({ ...a.body, replayed: undefined }).toEqual({ ...b.body, replayed: undefined });
        expect([a.body.replayed, b.body.replayed].filter(Boolean)).toHaveLength(1);
      }),
    );
    const rows = await server.query<{ checkin_count: number }>(
      `SELECT checkin_count FROM device WHERE id IN (${devices.map(() => '?').join(', ')})`,
      devices.map((device) => device.id),
    );
    expect(rows.map((row) => Number(row.checkin_count))).toEqual(devices.map(() => 1));
  });
});

(postgresAvailable() ? describe : describe.skip)('check-in round trips [postgres]', () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;

  beforeAll(async () => {
    server = await startTestServer('postgres');
    tenant = await server.createTenant('Contoso');
    // The tenant's policy is cached after its first check-in: measure check-ins after that.
    const warm = await enroll(server.url, tenant.enrollmentToken, deviceFixture('windows'));
    await checkIn(server.url, warm, { apps: appsFixture('warm', 2) });
  });
  afterAll(() => server.close());

  /** Statements sent to PostgreSQL (each one round trip) while `work` runs. */
  const roundTrips = async (work: () => Promise<unknown>): Promise<string[]> => {
    const query = jest.spyOn(Client.prototype, 'query');
    try {
      await work();
      return query.mock.calls.map(([statement]) =>
        typeof statement === 'string' ? statement : (statement as { text: string }).text,
      );
    } finally {
      query.mockRestore();
    }
  };

  it('a steady check-in (nothing changed) is the credential check, BEGIN, one read, one write and COMMIT', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('windows'));
    const apps = appsFixture('steady', 60);
    await checkIn(server.url, device, { apps });
    const statements = await roundTrips(async () => {
      const answer = await checkIn(server.url, device, { apps });
      expect(answer.body).toMatchObject({ appInventory: { status: 'unchanged' } });
    });
    expect(statements).toHaveLength(5);
  });

  it('a first check-in with 60 apps stays within nine round trips', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('windows'));
    const statements = await roundTrips(async () => {
      const answer = await checkIn(server.url, device, { apps: appsFixture('first', 60) });
      expect(answer.body).toMatchObject({ appInventory: { added: 60 } });
    });
    expect(statements.length).toBeLessThanOrEqual(9);
  });

  it('a churn check-in (2 of 60 apps replaced) stays within ten round trips', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('windows'));
    const apps = appsFixture('churn', 60);
    await checkIn(server.url, device, { apps });
    const statements = await roundTrips(async () => {
      const answer = await checkIn(server.url, device, {
        apps: [...apps.slice(2), ...appsFixture('churn.new', 2)],
      });
      expect(answer.body).toMatchObject({ appInventory: { added: 2, removed: 2 } });
    });
    expect(statements.length).toBeLessThanOrEqual(10);
  });
});

describe('check-in statements [sqlite]', () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    tenant = await server.createTenant('Contoso');
    const warm = await enroll(server.url, tenant.enrollmentToken, deviceFixture('windows'));
    await checkIn(server.url, warm, { apps: appsFixture('warm', 2) });
  });
  afterAll(() => server.close());

  /** Statements better-sqlite3 ran (prepared ones and `exec`) while `work` runs. */
  const statementsRun = async (work: () => Promise<unknown>): Promise<string[]> => {
    const connection = server.service(WriteTransactions).sqliteConnection();
    const statement = Object.getPrototypeOf(connection.prepare('SELECT 1')) as Database.Statement;
    const spies = (['run', 'get', 'all'] as const).map((method) => jest.spyOn(statement, method));
    const exec = jest.spyOn(connection, 'exec');
    try {
      await work();
      return [
        ...spies.flatMap((spy) =>
          spy.mock.contexts.map((context) => (context as Database.Statement).source),
        ),
        ...exec.mock.calls.map(([sql]) => sql),
      ];
    } finally {
      for (const spy of [...spies, exec]) spy.mockRestore();
    }
  };

  it('a steady check-in is seven statements: the credential check, two reads, two writes, BEGIN and COMMIT', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('windows'));
    const apps = appsFixture('steady', 60);
    await checkIn(server.url, device, { apps });
    const statements = await statementsRun(async () => {
      const answer = await checkIn(server.url, device, { apps });
      expect(answer.body).toMatchObject({ appInventory: { status: 'unchanged' } });
    });
    // Credential check; device, commands; device UPDATE, receipt; BEGIN IMMEDIATE, COMMIT.
    expect(statements).toHaveLength(7);
  });
});
