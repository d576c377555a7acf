import { Client } from 'pg';
import { checkIn, enroll } from './support/device-channel';
import { deviceFixture } from './support/device-fixtures';
import { describeEachDatabase } from './support/databases';
import { startTestServer, TestServer } from './support/test-server';

const PEPPER = 'instance-health-pepper-0123456789abcdefghij';

async function asPostgresAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.TEST_POSTGRES_AVAILABLE });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describeEachDatabase('one server instance among several', (kind) => {
  let server: TestServer;
  const get = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return { status: response.status, headers: response.headers, body: await response.json() };
  };

  beforeAll(async () => {
    server = await startTestServer(kind, {
      TOKEN_PEPPER: PEPPER,
      DATABASE_POOL_SIZE: '3',
      DATABASE_STATEMENT_TIMEOUT_MS: '400',
    });
  });
  afterAll(() => server.close());

  it('is live, and ready while its database answers', async () => {
    expect(await get('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await get('/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'ok', info: { database: { status: 'up' } } },
    });
  });

  it('refuses to start with another TOKEN_PEPPER than the database was set up with', async () => {
    await expect(
      startTestServer(kind, { TOKEN_PEPPER: `${PEPPER}-other` }, server.database),
    ).rejects.toThrow(/TOKEN_PEPPER differs .* same TOKEN_PEPPER/);
    // A second instance with the same pepper accepts the first one's devices.
    const tenant = await server.createTenant('Contoso');
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('ios'));
    const second = await startTestServer(kind, { TOKEN_PEPPER: PEPPER }, server.database);
    try {
      expect((await checkIn(second.url, device)).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  if (kind === 'postgres') {
    it('holds at most DATABASE_POOL_SIZE connections, each with the statement timeout', async () => {
      const name = new URL(server.database.url).pathname.slice(1);
      const connections = () =>
        asPostgresAdmin(async (client) => {
          const result = await client.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
            [name],
          );
          return result.rows[0].n;
        });
      const busy = Promise.all(
        Array.from({ length: 8 }, () => server.dataSource.query('SELECT pg_sleep(0.3)')),
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await connections()).toBe(3);
      await busy;
      expect(await server.dataSource.query('SHOW statement_timeout')).toEqual([
        { statement_timeout: '400ms' },
      ]);
      await expect(server.dataSource.query('SELECT pg_sleep(1)')).rejects.toMatchObject({
        driverError: { code: '57014' },
      });
    });

    it('waits for another instance’s migration longer than the statement timeout', async () => {
      // Whoever holds the migration lock (another instance migrating a large fleet) takes a while.
      const holder = new Client({ connectionString: server.database.url });
      await holder.connect();
      await holder.query('SELECT pg_advisory_lock(7312004117)');
      const release = setTimeout(
        () => void holder.query('SELECT pg_advisory_unlock(7312004117)'),
        1500,
      );
      try {
        const second = await startTestServer(
          kind,
          { TOKEN_PEPPER: PEPPER, DATABASE_STATEMENT_TIMEOUT_MS: '400' },
          server.database,
        );
        // Started at the first attempt: no cancelled wait, no "Retrying" after an error.
        const errors = second.logLines.filter((line) => line.includes('"level":50'));
        await second.close();
        expect(errors).toEqual([]);
      } finally {
        clearTimeout(release);
        await holder.end();
      }
    });

    it('answers 503 with Retry-After when a statement outlasts the timeout, e.g. a held lock', async () => {
      const tenant = await server.createTenant('Fabrikam');
      const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
      // Another instance (here: a plain connection) holds the device's row longer than the timeout.
      const holder = new Client({ connectionString: server.database.url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT id FROM device WHERE id = $1 FOR UPDATE', [device.id]);
        const blocked = await checkIn(server.url, device);
        expect(blocked.status).toBe(503);
        expect(blocked.headers.get('retry-after')).toBe('1');
        expect(blocked.body).toMatchObject({ error: { code: 'serviceNotAvailable' } });
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
      // Nothing of it was applied: the same check-in succeeds now, once.
      const retried = await checkIn(server.url, device);
      expect(retried.status).toBe(200);
      expect(retried.body.replayed).toBeUndefined();
      const [row] = await server.query<{ checkin_count: number }>(
        'SELECT checkin_count FROM device WHERE id = ?',
        [device.id],
      );
      expect(row.checkin_count).toBe(1);
    });

    it('is not ready (503) while its database is unreachable, and ready again after', async () => {
      const name = new URL(server.database.url).pathname.slice(1);
      await asPostgresAdmin(async (client) => {
        await client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
        await client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
          [name],
        );
      });
      try {
        const down = await get('/health/ready');
        expect(down).toMatchObject({
          status: 503,
          body: { status: 'error', error: { database: { status: 'down' } } },
        });
        expect(down.headers.get('retry-after')).toBe('5');
        expect(await get('/health/live')).toMatchObject({ status: 200 });
        // Requests that need the database are a 503 to retry (elsewhere), not a 500.
        const tenants = await fetch(`${server.url}/v1.0/deviceManagement/managedDevices`, {
          headers: { authorization: 'Bearer adm_unknown' },
        });
        expect(tenants.status).toBe(503);
        expect(await tenants.json()).toMatchObject({ error: { code: 'serviceNotAvailable' } });
      } finally {
        await asPostgresAdmin((client) =>
          client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`),
        );
      }
      expect(await get('/health/ready')).toMatchObject({ status: 200 });
    });
  }
});
