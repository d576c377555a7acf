import fc from 'fast-check';
import { connect } from 'node:net';
import { describeEachDatabase } from './support/databases';
import { dumpEveryTable } from './support/database-scan';
import { checkIn, enroll, EnrolledDevice, postJson } from './support/device-channel';
import { deviceFixture, imeiFor } from './support/device-fixtures';
import {
  BodySpec,
  bodyMutation,
  closeHostileAgent,
  HostileRequest,
  refusalProblem,
  sendRaw,
  transportMutation,
} from './support/hostile-requests';
import { odataQuery, QUERY_ROUTES } from './support/hostile-queries';
import { startTestServer, TestServer } from './support/test-server';

/**
 * Hostile input against the real HTTP stack: every broken request is refused with a 4xx in Graph's
 * error shape that names the problem (never a 500, never a hang, never the submitted value), and the
 * database is the same before and after (a checksum of every table). HOSTILE_RUNS sets the cases per
 * property (default 200; five properties per database).
 */
const RUNS = Number(process.env.HOSTILE_RUNS || 200);
const BODY_LIMIT = 256 * 1024;
const MAX_APPS = 40;
const REQUEST_TIMEOUT_MS = 2000;
/** How long a single property may run: generous, as HOSTILE_RUNS may be large. */
const PROPERTY_TIMEOUT = Math.max(120_000, RUNS * 2_000);

let casesTried = 0;
afterAll(() => {
  closeHostileAgent();
  console.log(`hostile input: ${casesTried} cases tried, every one refused without a change`);
});

describeEachDatabase('hostile input', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let foreignDeviceIds: Set<string>;
  let device: EnrolledDevice;
  let specs: BodySpec[];
  let foreignSkipToken: string;
  let tables: string;

  beforeAll(async () => {
    server = await startTestServer(kind, {
      BODY_LIMIT_BYTES: String(BODY_LIMIT),
      MAX_APPS_PER_CHECKIN: String(MAX_APPS),
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      // Thousands of admin requests in a minute: the limit has its own test (limits.e2e-spec.ts).
      RATE_LIMIT_ADMIN_REQUESTS: '0',
    });
    tenant = await server.createTenant('Contoso');
    const foreign = await server.createTenant('Foreign');
    const foreignDevices = await Promise.all(
      ['ios', 'android'].map((platform) =>
        enroll(server.url, foreign.enrollmentToken, {
          ...deviceFixture(platform as 'ios'),
          user: { userPrincipalName: 'foreign.user@foreign.example' },
        }),
      ),
    );
    foreignDeviceIds = new Set(foreignDevices.map((d) => d.id));
    const page = await fetch(
      `${server.url}/v1.0/deviceManagement/managedDevices?$top=1&$orderby=deviceName`,
      { headers: { authorization: `Bearer ${foreign.adminToken}` } },
    );
    const nextLink = ((await page.json()) as { '@odata.nextLink': string })['@odata.nextLink'];
    foreignSkipToken = new URL(nextLink).searchParams.get('$skiptoken')!;

    for (const platform of ['ios', 'windows', 'macos'] as const) {
      const other = await enroll(server.url, tenant.enrollmentToken, deviceFixture(platform));
      await checkIn(server.url, other, {
        apps: [{ appId: 'com.example.base', displayName: 'Base', version: '1.0' }],
      });
    }
    device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
    expect((await checkIn(server.url, device, {})).status).toBe(200);

    const enrollBody = deviceFixture('android') as unknown as BodySpec['body'];
    specs = [
      {
        name: 'enroll',
        method: 'POST',
        path: '/enrollment/v1/enroll',
        token: tenant.enrollmentToken,
        body: enrollBody,
        required: [
          'platform',
          'enrollmentType',
          'hardware',
          'hardware.deviceName',
          'hardware.manufacturer',
          'hardware.model',
          'hardware.osVersion',
          'user.userPrincipalName',
        ],
        checkDigits: ['hardware.imei', 'hardware.iccid'],
      },
      {
        name: 'check-in',
        method: 'POST',
        path: `/enrollment/v1/devices/${device.id}/checkin`,
        token: device.credential,
        body: {
          sequence: device.sequence + 1,
          hardware: { deviceName: 'Renamed phone', osVersion: '14', freeStorageSpaceInBytes: 5e9 },
          apps: [
            { appId: 'com.example.one', displayName: 'One', version: '1.0', sizeInBytes: 1000 },
            { appId: 'com.example.two', displayName: 'Two', version: '2.1', publisher: 'Two Inc.' },
          ],
          diagnostics: [{ type: 'crash', occurredDateTime: new Date().toISOString() }],
        },
        required: [
          'sequence',
          'apps.*.appId',
          'apps.*.displayName',
          'apps.*.version',
          'diagnostics.*.type',
          'diagnostics.*.occurredDateTime',
        ],
        dates: ['diagnostics.*.occurredDateTime'],
        limitedArrays: [{ path: 'apps', limit: MAX_APPS }],
      },
      {
        name: 'mobileApps',
        method: 'POST',
        path: '/v1.0/deviceAppManagement/mobileApps',
        token: tenant.adminToken,
        body: {
          '@odata.type': '#microsoft.graph.androidManagedStoreApp',
          displayName: 'Teams',
          packageId: 'com.microsoft.teams.hostile',
        },
        required: ['@odata.type', 'displayName', 'packageId'],
      },
      {
        name: 'managedDevice PATCH',
        method: 'PATCH',
        path: `/v1.0/deviceManagement/managedDevices/${device.id}`,
        token: tenant.adminToken,
        body: { managedDeviceOwnerType: 'personal', notes: 'Handed over to the user' },
      },
      {
        name: 'enrollmentTokens',
        method: 'POST',
        path: '/v1.0/admin/enrollmentTokens',
        token: tenant.adminToken,
        body: { description: 'Office', expiresDateTime: '2999-01-01T00:00:00Z' },
        expiries: ['expiresDateTime'],
      },
      {
        name: 'importDeviceIdentityList',
        method: 'POST',
        path: '/v1.0/deviceManagement/importedDeviceIdentities/importDeviceIdentityList',
        token: tenant.adminToken,
        body: {
          importedDeviceIdentities: [
            { importedDeviceIdentifier: imeiFor(990_001), importedDeviceIdentityType: 'imei' },
          ],
          overwriteImportedDeviceIdentities: false,
        },
        required: [
          'importedDeviceIdentities',
          'importedDeviceIdentities.*.importedDeviceIdentifier',
          'importedDeviceIdentities.*.importedDeviceIdentityType',
        ],
        checkDigits: ['importedDeviceIdentities.*.importedDeviceIdentifier'],
      },
      {
        name: 'deviceConfigurations',
        method: 'POST',
        path: '/v1.0/deviceManagement/deviceConfigurations',
        token: tenant.adminToken,
        body: {
          '@odata.type': '#microsoft.graph.iosGeneralDeviceConfiguration',
          displayName: 'No games',
          compliantAppListType: 'appsNotInListCompliant',
          compliantAppsList: [{ name: 'Solitaire', appId: 'com.solitaire.classic' }],
        },
        required: ['@odata.type', 'displayName'],
      },
      {
        name: 'admins',
        method: 'POST',
        path: '/v1.0/admin/admins',
        token: tenant.adminToken,
        body: { userPrincipalName: 'new.admin@contoso.example', role: 'readOnlyOperator' },
        required: ['userPrincipalName', 'role'],
      },
      {
        name: 'settings',
        method: 'PATCH',
        path: '/v1.0/admin/settings',
        token: tenant.adminToken,
        body: { diagnosticsEnabled: true, deviceCleanupDays: 90 },
      },
    ];
    tables = await dumpEveryTable(server);
  });
  afterAll(() => server.close());

  /** Sends one hostile request and proves it was refused as it must be, and changed nothing. */
  const expectRefused = async (hostile: HostileRequest, allowed: readonly number[]) => {
    casesTried++;
    const answer = await sendRaw(server.url, hostile);
    const problem = refusalProblem(answer, allowed);
    const changed = await expectUnchanged(hostile.description).catch((error: Error) => error);
    if (problem) throw new Error(`${hostile.description}: ${problem}`);
    if (changed) throw changed;
  };

  /** Compares every table with the last known state; a change is reported once, with the tables. */
  const expectUnchanged = async (description: string) => {
    const after = await dumpEveryTable(server);
    if (after === tables) return;
    const before = new Set(tables.split('\n'));
    const changed = after
      .split('\n')
      .filter((line) => !before.has(line))
      .map((line) => line.slice(0, 600));
    tables = after;
    throw new Error(`${description}: the database changed:\n${changed.join('\n')}`);
  };

  const bodyProperty = (names: string[]) =>
    fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...specs.filter((spec) => names.includes(spec.name)))
          .chain((spec) => bodyMutation(spec).map((mutation) => ({ spec, mutation }))),
        async ({ spec, mutation }) =>
          expectRefused(
            {
              description: `${spec.name}: ${mutation.description}`,
              method: spec.method,
              path: spec.path,
              headers: {
                authorization: `Bearer ${spec.token}`,
                'content-type': 'application/json',
              },
              body: Buffer.from(mutation.text),
            },
            [400, 413],
          ),
      ),
      { numRuns: RUNS, endOnFailure: true },
    );

  it(
    'refuses every broken enrollment, and stores nothing of it',
    () => bodyProperty(['enroll']),
    PROPERTY_TIMEOUT,
  );

  it(
    'refuses every broken check-in, and stores nothing of it',
    () => bodyProperty(['check-in']),
    PROPERTY_TIMEOUT,
  );

  it(
    'refuses every broken admin request body, and changes nothing',
    () =>
      bodyProperty([
        'mobileApps',
        'managedDevice PATCH',
        'enrollmentTokens',
        'importDeviceIdentityList',
        'deviceConfigurations',
        'admins',
        'settings',
      ]),
    PROPERTY_TIMEOUT,
  );

  it(
    'refuses wrong credentials, content types and encodings, gzip bombs, truncated, non-UTF-8 and oversized bodies',
    () =>
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...specs).chain((spec) => transportMutation(spec, BODY_LIMIT)),
          (hostile) => expectRefused(hostile, [400, 401, 413, 415]),
        ),
        { numRuns: RUNS, endOnFailure: true },
      ),
    PROPERTY_TIMEOUT,
  );

  it(
    'answers OData injection in $filter, $orderby, $select, $search and $skiptoken with a 400 or only the own tenant’s rows',
    () =>
      fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...QUERY_ROUTES)
            .chain((route) => odataQuery([foreignSkipToken]).map((query) => ({ route, query }))),
          async ({ route, query }) => {
            casesTried++;
            const path = `${route}?${query}`;
            const answer = await sendRaw(server.url, {
              description: path,
              method: 'GET',
              path,
              headers: { authorization: `Bearer ${tenant.adminToken}` },
            });
            if (answer.status === 200 && route.endsWith('/export')) {
              for (const id of foreignDeviceIds) expect(answer.text).not.toContain(id);
              expect(answer.text).not.toContain('foreign.user@foreign.example');
            } else if (answer.status === 200) {
              const body = JSON.parse(answer.text) as { value: { id?: string }[] };
              expect(Array.isArray(body.value)).toBe(true);
              for (const row of body.value) expect(foreignDeviceIds.has(row.id ?? '')).toBe(false);
              expect(answer.text).not.toContain('foreign.user@foreign.example');
              expect(answer.text).not.toMatch(/credential_hash|token_hash|tenant_id/);
            } else {
              const problem = refusalProblem(answer, [400]);
              if (problem) throw new Error(`GET ${path}: ${problem}`);
            }
            await expectUnchanged(`GET ${path}`);
          },
        ),
        { numRuns: RUNS, endOnFailure: true },
      ),
    PROPERTY_TIMEOUT,
  );

  it('answers malformed HTTP, a body cut short and a stalled body in Graph’s shape', async () => {
    const url = new URL(server.url);
    const exchange = (text: string, halfClose: boolean) =>
      new Promise<{ text: string; ms: number }>((resolve, reject) => {
        const started = Date.now();
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(text);
          if (halfClose) socket.end();
        });
        let received = '';
        socket.on('data', (chunk) => (received += String(chunk)));
        socket.on('close', () => resolve({ text: received, ms: Date.now() - started }));
        socket.on('error', reject);
        socket.setTimeout(REQUEST_TIMEOUT_MS + 5000, () => {
          socket.destroy();
          reject(new Error('the server neither answered nor closed the connection'));
        });
      });
    const head = (length: number) =>
      `POST /enrollment/v1/enroll HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tenant.enrollmentToken}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
    const cases = [
      { text: `${head(500)}{"platform":"ios"`, halfClose: true, status: 400 },
      { text: `${head(500)}{"platform":"ios"`, halfClose: false, status: 408 },
      { text: 'NOT HTTP AT ALL\r\n\r\n', halfClose: false, status: 400 },
      {
        text: `${head(5).replace('\r\n\r\n', '\r\nTransfer-Encoding: chunked\r\n\r\n')}0\r\n\r\n`,
        halfClose: false,
        status: 400,
      },
      {
        text: `GET /v1.0/${'a'.repeat(20_000)} HTTP/1.1\r\nX: ${'b'.repeat(20_000)}\r\n\r\n`,
        halfClose: false,
        status: 431,
      },
    ];
    for (const hostile of cases) {
      casesTried++;
      const answer = await exchange(hostile.text, hostile.halfClose);
      expect(answer.text.split('\r\n')[0]).toBe(
        `HTTP/1.1 ${hostile.status} ${{ 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }[hostile.status]}`,
      );
      const body = JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4)) as {
        error: { code: string; message: string };
      };
      expect(body.error.message.length).toBeGreaterThan(10);
      expect(answer.ms).toBeLessThan(REQUEST_TIMEOUT_MS + 3000);
    }
    await expectUnchanged('malformed HTTP');
  }, 60_000);

  it(
    'stores valid text with unicode edge cases (RTL marks, emoji, combining marks) exactly as sent',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .array(
              fc.oneof(
                fc.constantFrom(
                  '\u202e',
                  '\u200f',
                  '\u200b',
                  '\u{1f600}',
                  'e\u0301',
                  '\u05d0',
                  'ß',
                  'a\tb',
                ),
                fc.string({ unit: 'grapheme', maxLength: 4 }),
              ),
              { minLength: 1, maxLength: 12 },
            )
            // Leading and trailing white space is trimmed, as in every text field: not tested here.
            .map((parts) => `Phone ${parts.join('')}`.slice(0, 250).trim())
            // eslint-disable-next-line no-control-regex -- control characters are what it filters out
            .filter((name) => !/[\u0000-\u0008\u000A-\u001F\u007F]|[\uD800-\uDBFF]$/.test(name)),
          async (deviceName) => {
            const payload = deviceFixture('ios');
            payload.hardware.deviceName = deviceName;
            const answer = await postJson<{ deviceId: string }>(
              `${server.url}/enrollment/v1/enroll`,
              tenant.enrollmentToken,
              payload,
            );
            expect(answer.status).toBe(201);
            const [row] = await server.query<{ device_name: string }>(
              'SELECT device_name FROM device WHERE id = ?',
              [answer.body.deviceId],
            );
            expect(row.device_name).toBe(deviceName);
          },
        ),
        { numRuns: Math.min(RUNS, 60), endOnFailure: true },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('accepts each unbroken body (so every refusal above was the breakage’s doing)', async () => {
    const refused: string[] = [];
    for (const spec of specs) {
      const answer = await sendRaw(server.url, {
        description: spec.name,
        method: spec.method,
        path: spec.path,
        headers: { authorization: `Bearer ${spec.token}`, 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(spec.body)),
      });
      if (answer.status >= 300) refused.push(`${spec.name}: ${answer.status} ${answer.text}`);
    }
    expect(refused).toEqual([]);
  });
});
