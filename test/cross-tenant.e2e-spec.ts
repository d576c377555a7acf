import { randomUUID } from 'node:crypto';
import { adminCall } from './support/admin-api';
import { ADMIN_ENDPOINTS, AdminRequest, methodOf, TenantFixtures } from './support/admin-endpoints';
import { dumpEveryTable } from './support/database-scan';
import { startTestServer, TestServer } from './support/test-server';

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The cross-tenant matrix: an administrator of tenant B aims every admin route at tenant A's
 * resources. Each answer is the same 404 as for an id that does not exist, B's lists show nothing
 * of A, and not one row anywhere changes.
 */
describe('tenant isolation', () => {
  let server: TestServer;
  let a: TenantFixtures;
  let b: TenantFixtures;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    a = new TenantFixtures(server, await server.createTenant('Tenant A'));
    b = new TenantFixtures(server, await server.createTenant('Tenant B'));
  });
  afterAll(() => server.close());

  const aimedAtOneResource = ADMIN_ENDPOINTS.filter((endpoint) => endpoint.route.includes('/:'));
  const lists = ADMIN_ENDPOINTS.filter(
    (endpoint) => methodOf(endpoint) === 'GET' && !endpoint.route.includes('/:'),
  );

  it('answers 404 to every route aimed at another tenant’s resource, exactly as for an unknown id, and changes nothing', async () => {
    const requests: {
      route: string;
      method: ReturnType<typeof methodOf>;
      request: AdminRequest;
    }[] = [];
    for (const endpoint of aimedAtOneResource) {
      requests.push({
        route: endpoint.route,
        method: methodOf(endpoint),
        request: await endpoint.request(a),
      });
    }
    const before = await dumpEveryTable(server);
    for (const { route, method, request } of requests) {
      const call = (path: string) =>
        adminCall(server.url, b.tenant.adminToken, method, path, request.body, request.contentType);
      const foreign = await call(request.path);
      // Every id in the path replaced: GUIDs, and numeric ids (detected apps are catalog numbers).
      const unknown = await call(
        request.path.replace(GUID, () => randomUUID()).replace(/\/\d+(?=\/|$)/g, '/987654321'),
      );
      expect({ route, status: foreign.status }).toEqual({ route, status: 404 });
      expect(foreign.body).toMatchObject({
        error: {
          code: 'itemNotFound',
          message: (unknown.body as { error: { message: string } }).error.message,
        },
      });
      expect(unknown.status).toBe(404);
    }
    expect(await dumpEveryTable(server)).toEqual(before);
  });

  it('shows nothing of another tenant in any list', async () => {
    const device = await a.device();
    await Promise.all([a.policy(), a.identity(), a.mobileApp(), a.admin(), a.enrollmentToken()]);
    const aIds = (
      await server.query<{ id: string }>(
        `SELECT id FROM device WHERE tenant_id = ? UNION SELECT id FROM device_configuration WHERE tenant_id = ?
         UNION SELECT id FROM corporate_identifier WHERE tenant_id = ? UNION SELECT id FROM audit_event WHERE tenant_id = ?
         UNION SELECT id FROM admin WHERE tenant_id = ? UNION SELECT id FROM enrollment_token WHERE tenant_id = ?`,
        Array(6).fill(a.tenant.tenantId),
      )
    ).map((row) => row.id);
    expect(aIds).toContain(device.id);
    for (const endpoint of lists) {
      const { path } = await endpoint.request(b);
      const answer = await adminCall(server.url, b.tenant.adminToken, 'GET', path);
      expect(answer.status).toBe(200);
      const text = JSON.stringify(answer.body);
      for (const id of aIds)
        expect({ path, leaked: text.includes(id) }).toEqual({ path, leaked: false });
    }
  });
});
