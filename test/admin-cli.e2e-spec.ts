import { buildProgram } from '../src/admin-cli/main';
import { adminCall } from './support/admin-api';
import { enroll } from './support/device-channel';
import { deviceFixture } from './support/device-fixtures';
import { startTestServer, TestServer } from './support/test-server';

const PEPPER = 'cli-test-pepper-0123456789-abcdefghijklmnop';

/** The admin CLI against the database of a running server, as an operator would use it. */
describe('admin CLI', () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  const saved = { ...process.env };

  beforeAll(async () => {
    server = await startTestServer('sqlite', { TOKEN_PEPPER: PEPPER });
    tenant = await server.createTenant('Contoso');
    process.env.DATABASE_URL = server.database.url;
    process.env.TOKEN_PEPPER = PEPPER;
  });
  afterAll(async () => {
    process.env = saved;
    await server.close();
  });

  /** Runs one CLI command and returns what it printed as JSON. */
  async function cli<T = Record<string, unknown>>(...args: string[]): Promise<T> {
    const printed: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => {
      printed.push(line);
    });
    try {
      await buildProgram().parseAsync(['node', 'admin', ...args, '--json']);
    } finally {
      log.mockRestore();
    }
    return JSON.parse(printed.join('\n')) as T;
  }

  it('creates an admin whose token works with its role, and revokes it', async () => {
    const created = await cli<{ id: string; role: string; token: string }>(
      'admin',
      'create',
      '--tenant',
      tenant.tenantId,
      '--upn',
      'ann@contoso.example',
      '--role',
      'readOnlyOperator',
    );
    expect(created).toMatchObject({
      role: 'readOnlyOperator',
      token: expect.stringMatching(/^adm_/),
    });
    const read = await adminCall(
      server.url,
      created.token,
      'GET',
      '/v1.0/deviceManagement/auditEvents',
    );
    expect(read.status).toBe(200);
    const write = await adminCall(
      server.url,
      created.token,
      'POST',
      '/v1.0/admin/enrollmentTokens',
      {},
    );
    expect(write.status).toBe(403);

    const second = await cli<{ id: string; token: string }>(
      'token',
      'create',
      '--tenant',
      tenant.tenantId,
      '--admin',
      'ann@contoso.example',
    );
    await cli(
      'token',
      'revoke',
      '--tenant',
      tenant.tenantId,
      '--admin',
      created.id,
      '--token-id',
      second.id,
    );
    expect(
      (await adminCall(server.url, second.token, 'GET', '/v1.0/deviceManagement/auditEvents'))
        .status,
    ).toBe(401);
    expect(
      (await adminCall(server.url, created.token, 'GET', '/v1.0/deviceManagement/auditEvents'))
        .status,
    ).toBe(200);

    await cli('admin', 'revoke', '--tenant', tenant.tenantId, '--admin', 'ann@contoso.example');
    expect(
      (await adminCall(server.url, created.token, 'GET', '/v1.0/deviceManagement/auditEvents'))
        .status,
    ).toBe(401);
    const [event] = await server.query<{ actor: string }>(
      "SELECT actor FROM audit_event WHERE activity = 'Revoke admin' AND tenant_id = ?",
      [tenant.tenantId],
    );
    expect(JSON.parse(event.actor)).toMatchObject({ applicationDisplayName: 'Admin CLI' });
  });

  it('issues an enrollment token that enrolls devices until it is revoked', async () => {
    const issued = await cli<{ id: string; token: string; state: string }>(
      'enrollment-token',
      'create',
      '--tenant',
      tenant.tenantId,
      '--description',
      'Stockholm office',
    );
    expect(issued.state).toBe('active');
    await enroll(server.url, issued.token, deviceFixture('android'));
    await cli('enrollment-token', 'revoke', '--tenant', tenant.tenantId, '--token-id', issued.id);
    const refused = await fetch(`${server.url}/enrollment/v1/enroll`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issued.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(deviceFixture('android')),
    });
    expect(refused.status).toBe(401);
    const listed = await cli<{ value: { id: string; state: string }[] }>(
      'enrollment-token',
      'list',
      '--tenant',
      tenant.tenantId,
    );
    expect(listed.value).toContainEqual(
      expect.objectContaining({ id: issued.id, state: 'revoked' }),
    );
    expect(JSON.stringify(listed)).not.toContain(issued.token);
  });

  it('refuses an unknown tenant and a past expiry', async () => {
    await expect(
      cli(
        'admin',
        'create',
        '--tenant',
        '00000000-0000-4000-8000-000000000000',
        '--upn',
        'x@contoso.example',
        '--role',
        'administrator',
      ),
    ).rejects.toThrow('No tenant has the id');
    await expect(
      cli(
        'enrollment-token',
        'create',
        '--tenant',
        tenant.tenantId,
        '--expires',
        '2001-01-01T00:00:00Z',
      ),
    ).rejects.toThrow('must lie in the future');
  });
  it('registers an application whose client secret signs in at the token endpoint', async () => {
    const created = await cli<{ tenantId: string; clientId: string; clientSecret: string }>(
      'app',
      'create',
      '--tenant',
      tenant.tenantId,
      '--name',
      'CMDB sync',
      '--permissions',
      'DeviceManagementManagedDevices.Read.All,DeviceManagementApps.Read.All',
    );
    expect(created).toEqual({
      tenantId: tenant.tenantId,
      clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientSecret: expect.stringMatching(/^app_/),
    });
    const response = await fetch(`${server.url}/${tenant.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: created.clientId,
        client_secret: created.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
    });
    const token = (await response.json()) as { access_token: string };
    expect(response.status).toBe(200);
    const devices = await fetch(`${server.url}/v1.0/deviceManagement/managedDevices`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(devices.status).toBe(200);
    await expect(
      cli(
        'app',
        'create',
        '--tenant',
        tenant.tenantId,
        '--name',
        'x',
        '--permissions',
        'User.Read.All',
      ),
    ).rejects.toThrow(/not Graph application permissions/);
  });
});
