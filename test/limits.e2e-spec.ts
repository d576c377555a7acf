import { adminCall } from './support/admin-api';
import { describeEachDatabase } from './support/databases';
import { dumpEveryTable } from './support/database-scan';
import { checkIn, enroll, postJson } from './support/device-channel';
import { deviceFixture } from './support/device-fixtures';
import { startTestServer, TestServer } from './support/test-server';
import { runSimulation } from '../simulators/runner';

const HOUR_MS = 3600_000;

/** Rate-limit windows are aligned to the hour here: start well inside one, so that none ends mid-test. */
async function awayFromWindowEnd(): Promise<void> {
  const left = HOUR_MS - (Date.now() % HOUR_MS);
  if (left < 60_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

const expectThrottled = (answer: { status: number; body: unknown; headers: Headers }) => {
  expect(answer.status).toBe(429);
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(3600);
  expect(answer.body).toMatchObject({
    error: { code: 'activityLimitReached', message: expect.stringMatching(/limited to \d+ per/) },
  });
};

describeEachDatabase('limits', (kind) => {
  // Two instances on one database: the counters are in the database, so they add up.
  let first: TestServer;
  let second: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  const env = {
    // Both instances must recognise the same credentials.
    TOKEN_PEPPER: 'limits-test-pepper-0123456789abcdef0123456789',
    RATE_LIMIT_WINDOW_SECONDS: '3600',
    RATE_LIMIT_DEVICE_CHECKINS: '3',
    RATE_LIMIT_ENROLLMENTS_PER_TOKEN: '4',
    RATE_LIMIT_ADMIN_REQUESTS: '5',
    MAX_APPS_PER_CHECKIN: '5',
    BODY_LIMIT_BYTES: '8192',
  };

  beforeAll(async () => {
    first = await startTestServer(kind, env);
    second = await startTestServer(kind, env, first.database);
    tenant = await first.createTenant('Contoso');
    await awayFromWindowEnd();
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('limits check-ins per device across instances with 429 and Retry-After, storing nothing of the refused one', async () => {
    const device = await enroll(first.url, tenant.enrollmentToken, deviceFixture('ios'));
    for (const server of [first, second, first]) {
      expect((await checkIn(server.url, device, {})).status).toBe(200);
    }
    const before = await dumpEveryTable(first);
    const refused = await checkIn(second.url, device, {
      hardware: { deviceName: 'Renamed while throttled' },
    });
    expectThrottled(refused);
    expect(await dumpEveryTable(first)).toBe(before);
    // A retry of a check-in already applied is still answered from its receipt.
    const replay = await checkIn(first.url, device, { sequence: device.sequence });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ replayed: true });
    // Another device is not affected.
    const other = await enroll(second.url, tenant.enrollmentToken, deviceFixture('android'));
    expect((await checkIn(second.url, other, {})).status).toBe(200);
  });

  it('limits enrollments per enrollment token across instances, enrolling nobody beyond it', async () => {
    const issued = await adminCall<{ token: string }>(
      first.url,
      tenant.adminToken,
      'POST',
      '/v1.0/admin/enrollmentTokens',
      { description: 'Limited' },
    );
    expect(issued.status).toBe(201);
    const token = issued.body.token;
    for (const server of [first, second, first, second]) {
      await enroll(server.url, token, deviceFixture('windows'));
    }
    const count = async () =>
      (await first.query<{ n: number }>('SELECT COUNT(*) AS n FROM device'))[0].n;
    const devices = await count();
    const refused = await postJson(
      `${first.url}/enrollment/v1/enroll`,
      token,
      deviceFixture('windows'),
    );
    expectThrottled(refused);
    expect(Number(await count())).toBe(Number(devices));
  });

  // SQLite runs one server process: there the admin counter is kept in memory, per instance.
  it('limits admin requests per token (across instances on PostgreSQL), not the tenant’s other tokens', async () => {
    const { token } = (
      await adminCall<{ token: string }>(
        first.url,
        tenant.adminToken,
        'POST',
        '/v1.0/admin/admins',
        {
          userPrincipalName: 'reader@contoso.example',
          role: 'readOnlyOperator',
        },
      )
    ).body;
    const list = '/v1.0/deviceManagement/managedDevices';
    const servers =
      kind === 'postgres' ? [first, second, first, second, first, second] : Array(6).fill(first);
    for (const server of servers.slice(0, 5)) {
      expect((await adminCall(server.url, token, 'GET', list)).status).toBe(200);
    }
    expectThrottled(await adminCall(servers[5].url, token, 'GET', list));
    expectThrottled(await adminCall(first.url, token, 'GET', `${list}?$filter=bogus`));
    const other = await postJson(
      `${first.url}/v1.0/admin/enrollmentTokens`,
      tenant.adminToken,
      undefined,
      'GET',
    );
    expect(other.status).toBe(200);
  });

  it('refuses too many apps (413), too large a body (413) and too long a string (400), naming them', async () => {
    const device = await enroll(first.url, tenant.enrollmentToken, deviceFixture('macos'));
    const apps = Array.from({ length: 6 }, (_, i) => ({
      appId: `com.example.app${i}`,
      displayName: `App ${i}`,
      version: '1.0',
    }));
    const tooMany = await checkIn(first.url, device, { apps });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({
      error: {
        code: 'requestTooLarge',
        target: 'apps',
        message: expect.stringContaining('at most 5 apps'),
      },
    });
    const tooLarge = await checkIn(first.url, device, {
      apps: apps.slice(0, 2).map((app) => ({ ...app, installLocation: 'C:\\'.padEnd(1000, 'x') })),
      hardware: { deviceName: 'x'.repeat(250), subscriberCarrier: 'y'.repeat(120) },
      diagnostics: Array.from({ length: 40 }, () => ({
        type: 'crash',
        occurredDateTime: new Date().toISOString(),
        detail: 'z'.repeat(400),
      })),
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ error: { code: 'requestTooLarge' } });
    const tooLong = await checkIn(first.url, device, { hardware: { deviceName: 'x'.repeat(257) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({
      error: {
        target: 'hardware.deviceName',
        message: "Invalid field 'hardware.deviceName': must be at most 256 characters.",
      },
    });
    expect((await checkIn(first.url, device, { apps: apps.slice(0, 5) })).status).toBe(200);
  });
});

describeEachDatabase('a throttled fleet', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind, {
      RATE_LIMIT_WINDOW_SECONDS: '1',
      RATE_LIMIT_DEVICE_CHECKINS: '2',
    });
  });
  afterAll(() => server.close());

  it('backs off on 429 as Retry-After says, and loses no check-in', async () => {
    const tenant = await server.createTenant('Throttled');
    const result = await runSimulation({
      servers: [server.url],
      enrollmentToken: tenant.enrollmentToken,
      devices: 4,
      fleet: { seed: 5 },
      checkIns: 6,
      concurrency: 4,
    });
    expect(result.summary.errors).toEqual([]);
    expect(result.summary.checkIns.failed).toBe(0);
    expect(result.summary.retries).toBeGreaterThan(0);
    const [{ n }] = await server.query<{ n: number }>(
      'SELECT SUM(checkin_count) AS n FROM device WHERE tenant_id = ?',
      [tenant.tenantId],
    );
    expect(Number(n)).toBe(result.summary.checkIns.ok);
  }, 120_000);
});
