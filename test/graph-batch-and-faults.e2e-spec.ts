import { adminCall } from './support/admin-api';
import { describeEachDatabase } from './support/databases';
import { enroll, EnrolledDevice } from './support/device-channel';
import { deviceFixture } from './support/device-fixtures';
import { ConsumerApp, runConsumer } from './support/graph-consumer';
import { startTestServer, TestServer } from './support/test-server';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

async function registerApp(
  server: TestServer,
  tenant: { tenantId: string; adminToken: string },
  permissions: string[],
): Promise<ConsumerApp> {
  const created = await adminCall<{ appId: string; secretText: string }>(
    server.url,
    tenant.adminToken,
    'POST',
    '/v1.0/admin/applications',
    { displayName: 'Batch and faults', permissions },
  );
  expect(created.status).toBe(201);
  return {
    tenantId: tenant.tenantId,
    clientId: created.body.appId,
    clientSecret: created.body.secretText,
  };
}

async function accessToken(server: TestServer, app: ConsumerApp): Promise<string> {
  const response = await fetch(`${server.url}/${app.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      scope: GRAPH_SCOPE,
    }).toString(),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function post(server: TestServer, token: string, path: string, body: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, never> };
}

type BatchAnswers = Record<
  string,
  { status: number; headers: Record<string, string>; body: never }
>;

describeEachDatabase('$batch, throttling and faults on demand', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let reader: ConsumerApp;
  const devices: EnrolledDevice[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind, {
      HTTPS_PORT: '0',
      // Room for the 1,000-request sync below; the limits themselves are tested on their own.
      GRAPH_THROTTLE_APP_REQUESTS: '100000',
      GRAPH_THROTTLE_TENANT_REQUESTS: '100000',
    });
    tenant = await server.createTenant('Contoso');
    for (let i = 0; i < 4; i++) {
      devices.push(await enroll(server.url, tenant.enrollmentToken, deviceFixture('ios')));
    }
    reader = await registerApp(server, tenant, ['DeviceManagementManagedDevices.Read.All']);
  });
  afterAll(() => server.close());

  it('answers batches sent with the Graph client: mixed statuses, 403 inside, dependsOn and 424', async () => {
    const out = await runConsumer(server, reader, [
      {
        name: 'parallel',
        kind: 'batch',
        requests: [
          { id: '1', path: '/deviceManagement/managedDevices?$select=id' },
          {
            id: '2',
            path: '/deviceManagement/managedDevices/00000000-0000-4000-8000-000000000000',
          },
          { id: '3', path: '/deviceAppManagement/mobileApps' },
          { id: '4', path: '/deviceManagement/managedDeviceOverview' },
        ],
      },
      {
        // The client allows serial chains: each request depends on the one before.
        name: 'serial',
        kind: 'batch',
        requests: [
          { id: 'a', path: `/deviceManagement/managedDevices/${devices[0].id}` },
          { id: 'b', path: '/deviceManagement/managedDevices/not-a-guid', dependsOn: ['a'] },
          { id: 'c', path: `/deviceManagement/managedDevices/${devices[1].id}`, dependsOn: ['b'] },
          { id: 'd', path: `/deviceManagement/managedDevices/${devices[2].id}`, dependsOn: ['c'] },
        ],
      },
    ]);
    expect(out.parallel.error).toBeUndefined();
    const answers = out.parallel.responses as BatchAnswers;
    expect(answers['1'].status).toBe(200);
    expect((answers['1'].body as { value: unknown[] }).value).toHaveLength(devices.length);
    expect(answers['2']).toMatchObject({ status: 404, body: { error: { code: 'itemNotFound' } } });
    // The app may not read apps: 403 inside, while the batch itself is a 200.
    expect(answers['3']).toMatchObject({ status: 403, body: { error: { code: 'Forbidden' } } });
    expect(answers['4'].status).toBe(200);
    // Links inside inner answers name the batch's own origin (HTTPS).
    expect((answers['1'].body as Record<string, string>)['@odata.context']).toMatch(
      /^https:\/\/localhost:\d+\/v1\.0\/\$metadata#/,
    );
    const serial = out.serial.responses as BatchAnswers;
    expect(serial.a).toMatchObject({ status: 200, body: { id: devices[0].id } });
    expect(serial.b.status).toBe(400);
    expect(serial.c).toMatchObject({ status: 424, body: { error: { code: 'failedDependency' } } });
    expect(serial.d.status).toBe(424);
  });

  it('runs dependsOn chains in order, on /beta as on /v1.0', async () => {
    const token = await accessToken(server, reader);
    const chain = Array.from({ length: 6 }, (_, i) => ({
      id: `r${i}`,
      method: 'GET',
      url: `/deviceManagement/managedDevices/${devices[i % devices.length].id}`,
      ...(i > 0 ? { dependsOn: [`r${i - 1}`] } : {}),
    }));
    const answer = await post(server, token, '/beta/$batch', { requests: chain });
    expect(answer.status).toBe(200);
    const responses = answer.body.responses as {
      id: string;
      status: number;
      headers: Record<string, string>;
    }[];
    expect(responses.map((r) => r.status)).toEqual(chain.map(() => 200));
    // Each inner request was a request of its own (its own request id, served in chain order).
    const ids = responses.map((r) => r.headers['Request-Id']);
    expect(new Set(ids).size).toBe(chain.length);
  });

  it('refuses 21 requests, a nested batch, a cycle and an absolute URL with 400', async () => {
    const token = await accessToken(server, reader);
    const one = (id: string) => ({ id, method: 'GET', url: '/deviceManagement/managedDevices' });
    const cases = [
      { requests: Array.from({ length: 21 }, (_, i) => one(String(i))) },
      {
        requests: [
          {
            id: '1',
            method: 'POST',
            url: '/$batch',
            body: { requests: [] },
            headers: { 'content-type': 'application/json' },
          },
        ],
      },
      {
        requests: [
          { ...one('a'), dependsOn: ['b'] },
          { ...one('b'), dependsOn: ['a'] },
        ],
      },
      { requests: [{ id: '1', method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' }] },
    ];
    for (const body of cases) {
      const answer = await post(server, token, '/v1.0/$batch', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'invalidRequest' });
    }
    // 20 is the limit, not above it.
    const twenty = await post(server, token, '/v1.0/$batch', {
      requests: Array.from({ length: 20 }, (_, i) => one(String(i))),
    });
    expect(twenty.status).toBe(200);
  });

  it('throttles an app in Graph’s shape, per app and per tenant, inside batches too', async () => {
    const limited = await startTestServer(kind, {
      GRAPH_THROTTLE_APP_REQUESTS: '5',
      GRAPH_THROTTLE_TENANT_REQUESTS: '8',
      GRAPH_THROTTLE_WINDOW_SECONDS: '3600',
    });
    try {
      const contoso = await limited.createTenant('Contoso');
      const first = await registerApp(limited, contoso, [
        'DeviceManagementManagedDevices.Read.All',
      ]);
      const second = await registerApp(limited, contoso, [
        'DeviceManagementManagedDevices.Read.All',
      ]);
      const path = '/v1.0/deviceManagement/managedDevices';
      const get = async (token: string) => {
        const response = await fetch(`${limited.url}${path}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return {
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          body: await response.json(),
        };
      };
      const firstToken = await accessToken(limited, first);
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await get(firstToken)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const throttled = await get(firstToken);
      expect(throttled.status).toBe(429);
      expect(Number(throttled.retryAfter)).toBeGreaterThan(0);
      expect(throttled.body).toMatchObject({ error: { code: 'TooManyRequests' } });
      // The second app has its own 5, but the tenant's 8 are shared: 3 left.
      const secondToken = await accessToken(limited, second);
      const batch = await post(limited, secondToken, '/v1.0/$batch', {
        requests: Array.from({ length: 5 }, (_, i) => ({
          id: String(i),
          method: 'GET',
          url: '/deviceManagement/managedDevices',
        })),
      });
      expect(batch.status).toBe(200);
      const inner = batch.body.responses as { status: number; headers: Record<string, string> }[];
      expect(inner.filter((r) => r.status === 200)).toHaveLength(3);
      expect(inner.filter((r) => r.status === 429)).toHaveLength(2);
      expect(inner.find((r) => r.status === 429)!.headers['Retry-After']).toMatch(/^\d+$/);
      // Admin tokens are not counted against applications.
      const admin = await fetch(`${limited.url}${path}`, {
        headers: { authorization: `Bearer ${contoso.adminToken}` },
      });
      expect(admin.status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('injects the same faults for the same seed, marked in a header and in the log', async () => {
    const token = await accessToken(server, reader);
    const settings = {
      seed: 42,
      tooManyRequestsShare: 0.3,
      serviceUnavailableShare: 0.1,
      gatewayTimeoutShare: 0.1,
      retryAfterSeconds: 0,
    };
    const run = async () => {
      const set = await fetch(`${server.url}/v1.0/admin/faultInjection`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${tenant.adminToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(settings),
      });
      expect(set.status).toBe(200);
      const seen: string[] = [];
      for (let i = 0; i < 40; i++) {
        const response = await fetch(`${server.url}/v1.0/deviceManagement/managedDevices?$top=1`, {
          headers: { authorization: `Bearer ${token}` },
        });
        seen.push(`${response.status}:${response.headers.get('x-injected-fault') ?? ''}`);
        await response.arrayBuffer();
      }
      return seen;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    const statuses = first.map((s) => Number(s.split(':')[0]));
    expect(statuses).toContain(429);
    expect(statuses).toContain(503);
    expect(statuses).toContain(504);
    expect(statuses).toContain(200);
    for (const entry of first)
      expect(entry).toMatch(/^\d{3}:(429|503|504|none); latencyMs=0; request=\d+$/);
    expect(server.logLines.some((line) => line.includes('"injectedFault":429'))).toBe(true);
    // The admin API is never faulted, so the switch can always be turned off.
    const off = await fetch(`${server.url}/v1.0/admin/faultInjection`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tenant.adminToken}` },
    });
    expect(((await off.json()) as { source: string }).source).toBe('off');
    const audit = await server.query(
      "SELECT activity FROM audit_event WHERE activity LIKE '%fault injection%'",
    );
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });

  it('takes GRAPH_FAULTS for every tenant without its own settings', async () => {
    const faulty = await startTestServer(kind, { GRAPH_FAULTS: '503=1,retryAfter=2,seed=5' });
    try {
      const northwind = await faulty.createTenant('Northwind');
      const auth = { authorization: `Bearer ${northwind.adminToken}` };
      const graph = await fetch(`${faulty.url}/v1.0/deviceManagement/managedDevices`, {
        headers: auth,
      });
      expect(graph.status).toBe(503);
      expect(graph.headers.get('retry-after')).toBe('2');
      expect(graph.headers.get('x-injected-fault')).toMatch(/^503;/);
      const view = await fetch(`${faulty.url}/v1.0/admin/faultInjection`, { headers: auth });
      expect(await view.json()).toMatchObject({ source: 'environment', enabled: true });
      // The tenant's own settings win: zero shares turn it off for this tenant alone.
      await adminCall(faulty.url, northwind.adminToken, 'PUT', '/v1.0/admin/faultInjection', {
        seed: 1,
      });
      const calm = await fetch(`${faulty.url}/v1.0/deviceManagement/managedDevices`, {
        headers: auth,
      });
      expect(calm.status).toBe(200);
      expect(calm.headers.get('x-injected-fault')).toBeNull();
    } finally {
      await faulty.close();
    }
  });

  it('refuses fault settings that make no sense, naming the field', async () => {
    const bad = await fetch(`${server.url}/v1.0/admin/faultInjection`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tenant.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tooManyRequestsShare: 0.8, serviceUnavailableShare: 0.5 }),
    });
    expect(bad.status).toBe(400);
    const worse = await fetch(`${server.url}/v1.0/admin/faultInjection`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tenant.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: -1 }),
    });
    expect(((await worse.json()) as { error: { target: string } }).error.target).toBe('latencyMs');
  });

  it('completes a 1,000-request sync against 20 % injected 429s, reading every device once', async () => {
    const syncTenant = await server.createTenant('Northwind');
    const fleet: string[] = [];
    // 980 devices in pages of 49: 20 list pages + 980 reads = 1,000 requests.
    for (let i = 0; i < 980; i++) {
      fleet.push(
        (await enroll(server.url, syncTenant.enrollmentToken, deviceFixture('android'))).id,
      );
    }
    const app = await registerApp(server, syncTenant, ['DeviceManagementManagedDevices.Read.All']);
    const set = await adminCall(
      server.url,
      syncTenant.adminToken,
      'PUT',
      '/v1.0/admin/faultInjection',
      {
        seed: 7,
        tooManyRequestsShare: 0.2,
        retryAfterSeconds: 0,
      },
    );
    expect(set.status).toBe(200);
    const out = await runConsumer(server, app, [{ name: 'sync', kind: 'sync', pageSize: 49 }]);
    expect(out.sync.error).toBeUndefined();
    const listed = out.sync.listed as string[];
    const reads = out.sync.reads as Record<string, number>;
    expect(listed).toHaveLength(fleet.length);
    expect(new Set(listed)).toEqual(new Set(fleet));
    expect(Object.keys(reads)).toHaveLength(fleet.length);
    expect(Object.values(reads).every((n) => n === 1)).toBe(true);
    // Faults really were injected along the way: about a fifth of the requests.
    const injected = server.logLines.filter((line) => line.includes('"injectedFault":429')).length;
    expect(injected).toBeGreaterThan(150);
  }, 300_000);
});
