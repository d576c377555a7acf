import { ADMIN_ROLES, AdminRole } from '../src/platform/database/entities/admin.entity';
import { adminCall, adminWithRole, auditedDuring } from './support/admin-api';
import { ADMIN_ENDPOINTS, methodOf, TenantFixtures } from './support/admin-endpoints';
import { registeredAdminRoutes } from './support/admin-routes';
import { startTestServer, TestServer } from './support/test-server';

/**
 * The role × endpoint matrix: every admin route, called by each role, answers 2xx when the role may
 * call it and 403 otherwise — with the refusal audited and nothing else written.
 */
describe('admin roles', () => {
  let server: TestServer;
  let fixtures: TenantFixtures;
  const tokens = {} as Record<AdminRole, { token: string; upn: string }>;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const tenant = await server.createTenant('Contoso');
    fixtures = new TenantFixtures(server, tenant);
    for (const role of ADMIN_ROLES) {
      tokens[role] = await adminWithRole(server, tenant.tenantId, role);
    }
  });
  afterAll(() => server.close());

  it('has a row in the table for every admin route, on /v1.0 and on /beta', () => {
    const registered = registeredAdminRoutes(server.app);
    const inTable = ADMIN_ENDPOINTS.map((endpoint) => endpoint.route).sort();
    expect(registered.filter((route) => route.includes(' /v1.0/'))).toEqual(inTable);
    expect(registered.filter((route) => route.includes(' /beta/'))).toEqual(
      inTable.map((route) => route.replace(' /v1.0/', ' /beta/')),
    );
  });

  const cells = ADMIN_ENDPOINTS.flatMap((endpoint) =>
    ADMIN_ROLES.map((role) => ({ endpoint, role, allowed: endpoint.allowed.includes(role) })),
  );

  it.each(cells.map((cell) => [cell.endpoint.route, cell.role, cell.allowed, cell] as const))(
    '%s as %s → allowed: %s',
    async (_route, role, allowed, { endpoint }) => {
      const request = await endpoint.request(fixtures);
      let status = 0;
      const events = await auditedDuring(server, fixtures.tenant.tenantId, async () => {
        status = (
          await adminCall(
            server.url,
            tokens[role].token,
            methodOf(endpoint),
            request.path,
            request.body,
            request.contentType,
          )
        ).status;
      });
      if (allowed) {
        expect(status).toBeGreaterThanOrEqual(200);
        expect(status).toBeLessThan(300);
      } else {
        expect(status).toBe(403);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          operationType: 'Refused',
          result: 'Failure',
          actor: { userPrincipalName: tokens[role].upn },
        });
      }
    },
  );

  it('refuses a request without a token, or with a revoked one, with 401', async () => {
    const answer = await fetch(`${server.url}/v1.0/deviceManagement/auditEvents`);
    expect(answer.status).toBe(401);
    const { adminId, token } = await adminWithRole(
      server,
      fixtures.tenant.tenantId,
      'readOnlyOperator',
    );
    expect(
      (await adminCall(server.url, token, 'GET', '/v1.0/deviceManagement/auditEvents')).status,
    ).toBe(200);
    const revoke = await adminCall(
      server.url,
      tokens.administrator.token,
      'DELETE',
      `/v1.0/admin/admins/${adminId}`,
    );
    expect(revoke.status).toBe(204);
    const after = await adminCall(server.url, token, 'GET', '/v1.0/deviceManagement/auditEvents');
    expect(after.status).toBe(401);
  });

  it('refuses an expired admin token with 401', async () => {
    const admin = await adminWithRole(server, fixtures.tenant.tenantId, 'administrator');
    await server.query('UPDATE admin_token SET expires_at = ? WHERE admin_id = ?', [
      Date.now() - 1,
      admin.adminId,
    ]);
    const answer = await adminCall(server.url, admin.token, 'GET', '/v1.0/admin/admins');
    expect(answer.status).toBe(401);
  });

  it('never lets a tenant lose its last administrator', async () => {
    const solo = await server.createTenant('Solo');
    const [admin] = await server.query<{ id: string }>('SELECT id FROM admin WHERE tenant_id = ?', [
      solo.tenantId,
    ]);
    const answer = await adminCall(
      server.url,
      solo.adminToken,
      'DELETE',
      `/v1.0/admin/admins/${admin.id}`,
    );
    expect(answer.status).toBe(409);
    expect((await adminCall(server.url, solo.adminToken, 'GET', '/v1.0/admin/admins')).status).toBe(
      200,
    );
  });
});
