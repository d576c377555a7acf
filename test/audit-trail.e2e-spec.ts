import { adminCall, adminWithRole, auditedDuring, modified } from './support/admin-api';
import { methodOf, MUTATIONS, TenantFixtures } from './support/admin-endpoints';
import { registeredAdminRoutes } from './support/admin-routes';
import { dumpEveryTable } from './support/database-scan';
import { startTestServer, TestServer } from './support/test-server';

const AUDIT = '/v1.0/deviceManagement/auditEvents';

/** Every table but the audit trail, to show that a refused request changed nothing else. */
const withoutAuditTrail = (dump: string) =>
  dump
    .split('\n')
    .filter((table) => !table.startsWith('audit_event:'))
    .join('\n');

describe('audit trail', () => {
  let server: TestServer;
  let fixtures: TenantFixtures;
  let administrator: { token: string; upn: string };
  let reader: { token: string; upn: string };

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    fixtures = new TenantFixtures(server, await server.createTenant('Contoso'));
    administrator = await adminWithRole(server, fixtures.tenant.tenantId, 'administrator');
    reader = await adminWithRole(server, fixtures.tenant.tenantId, 'readOnlyOperator');
  });
  afterAll(() => server.close());

  const send = async (token: string, endpoint: (typeof MUTATIONS)[number]) => {
    const request = await endpoint.request(fixtures);
    return {
      request,
      call: () =>
        adminCall(
          server.url,
          token,
          methodOf(endpoint),
          request.path,
          request.body,
          request.contentType,
        ),
    };
  };

  it.each(MUTATIONS.map((endpoint) => [endpoint.route, endpoint] as const))(
    '%s leaves exactly one audit event naming the admin',
    async (_route, endpoint) => {
      const { call } = await send(administrator.token, endpoint);
      const events = await auditedDuring(server, fixtures.tenant.tenantId, async () => {
        const answer = await call();
        expect(answer.status).toBeLessThan(300);
      });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        result: 'Success',
        actor: { type: 'admin', userPrincipalName: administrator.upn, ipAddress: '127.0.0.1' },
      });
      expect(events[0].resources.length).toBeGreaterThan(0);
    },
  );

  // Exporting a report is reading (any role may), though it creates a job: it is audited above.
  const refusedToReaders = MUTATIONS.filter(
    (endpoint) => !endpoint.allowed.includes('readOnlyOperator'),
  );
  it.each(refusedToReaders.map((endpoint) => [endpoint.route, endpoint] as const))(
    '%s refused for a read-only operator changes nothing and is audited',
    async (_route, endpoint) => {
      const { call } = await send(reader.token, endpoint);
      const before = withoutAuditTrail(await dumpEveryTable(server));
      const events = await auditedDuring(server, fixtures.tenant.tenantId, async () => {
        expect((await call()).status).toBe(403);
      });
      expect(withoutAuditTrail(await dumpEveryTable(server))).toEqual(before);
      expect(events).toMatchObject([
        { operationType: 'Refused', result: 'Failure', actor: { userPrincipalName: reader.upn } },
      ]);
    },
  );

  it('records old and new values', async () => {
    const appId = await fixtures.mobileApp();
    const [patched] = await auditedDuring(server, fixtures.tenant.tenantId, () =>
      adminCall(
        server.url,
        administrator.token,
        'PATCH',
        `/v1.0/deviceAppManagement/mobileApps/${appId}`,
        {
          displayName: 'Outlook for iOS',
        },
      ),
    );
    expect(modified(patched, 'displayName')).toEqual({
      oldValue: 'Deployed',
      newValue: 'Outlook for iOS',
    });
    const [assigned] = await auditedDuring(server, fixtures.tenant.tenantId, () =>
      adminCall(
        server.url,
        administrator.token,
        'POST',
        `/v1.0/deviceAppManagement/mobileApps/${appId}/assign`,
        {
          mobileAppAssignments: [
            {
              intent: 'required',
              target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
            },
          ],
        },
      ),
    );
    expect(assigned.operationType).toBe('Assign');
    expect(modified(assigned, 'intent')).toEqual({ oldValue: null, newValue: 'required' });
    const { adminId } = await fixtures.admin();
    const [revoked] = await auditedDuring(server, fixtures.tenant.tenantId, () =>
      adminCall(server.url, administrator.token, 'DELETE', `/v1.0/admin/admins/${adminId}`),
    );
    expect(modified(revoked, 'role')).toEqual({ oldValue: 'readOnlyOperator', newValue: null });
  });

  it('never writes a token into the audit trail', async () => {
    const secrets: string[] = [];
    const created = await adminCall<{ id: string; token: string }>(
      server.url,
      administrator.token,
      'POST',
      '/v1.0/admin/admins',
      { userPrincipalName: 'secrets@contoso.example', role: 'helpDeskOperator' },
    );
    secrets.push(created.body.token);
    const second = await adminCall<{ token: string }>(
      server.url,
      administrator.token,
      'POST',
      `/v1.0/admin/admins/${created.body.id}/tokens`,
      {},
    );
    secrets.push(second.body.token);
    const enrollment = await adminCall<{ token: string }>(
      server.url,
      administrator.token,
      'POST',
      '/v1.0/admin/enrollmentTokens',
      {},
    );
    secrets.push(
      enrollment.body.token,
      fixtures.tenant.adminToken,
      fixtures.tenant.enrollmentToken,
    );
    const hashes = await server.query<{ token_hash: string }>(
      'SELECT token_hash FROM admin_token UNION SELECT token_hash FROM enrollment_token',
    );
    const trail = JSON.stringify(await server.query('SELECT * FROM audit_event'));
    for (const secret of [...secrets, ...hashes.map((row) => row.token_hash)]) {
      expect(secret.length).toBeGreaterThan(20);
      expect(trail).not.toContain(secret);
    }
    const listed = JSON.stringify(
      (await adminCall(server.url, administrator.token, 'GET', '/v1.0/admin/admins')).body,
    );
    for (const secret of [...secrets, ...hashes.map((row) => row.token_hash)]) {
      expect(listed).not.toContain(secret);
    }
  });

  it('cannot be changed or deleted through the API, by anyone', async () => {
    const id = await fixtures.auditEvent();
    const routes = registeredAdminRoutes(server.app).filter((route) =>
      route.includes('/auditEvents'),
    );
    expect(routes.every((route) => route.startsWith('GET '))).toBe(true);
    for (const method of ['PATCH', 'DELETE', 'POST'] as const) {
      const answer = await adminCall(
        server.url,
        fixtures.tenant.adminToken,
        method,
        `${AUDIT}/${id}`,
        {},
      );
      expect(answer.status).toBe(404);
    }
    const [row] = await server.query('SELECT id FROM audit_event WHERE id = ?', [id]);
    expect(row).toBeDefined();
  });

  it('filters by date, category, actor and operation', async () => {
    const device = await fixtures.device();
    const since = new Date(Date.now() - 1).toISOString();
    await adminCall(
      server.url,
      administrator.token,
      'POST',
      `/v1.0/deviceManagement/managedDevices/${device.id}/syncDevice`,
    );
    await adminCall(
      server.url,
      reader.token,
      'POST',
      `/v1.0/deviceManagement/managedDevices/${device.id}/syncDevice`,
    );
    const filter = (text: string) =>
      adminCall<{
        value: {
          activityType: string;
          activityOperationType: string;
          actor: { userPrincipalName: string };
        }[];
      }>(server.url, reader.token, 'GET', `${AUDIT}?$filter=${encodeURIComponent(text)}`);
    const actions = await filter(
      `activityDateTime ge ${since} and category eq 'Device' and activityOperationType eq 'Action' and actor/userPrincipalName eq '${administrator.upn}'`,
    );
    expect(actions.status).toBe(200);
    expect(actions.body.value.map((e) => e.activityType)).toEqual(['syncDevice ManagedDevice']);
    const refused = await filter(
      `activityDateTime ge ${since} and activityOperationType eq 'Refused' and actor/userPrincipalName eq '${reader.upn}'`,
    );
    expect(refused.body.value).toHaveLength(1);
    const future = await filter(
      `activityDateTime gt ${new Date(Date.now() + 60_000).toISOString()}`,
    );
    expect(future.body.value).toEqual([]);
    const newestFirst = await adminCall<{ value: { activityDateTime: string }[] }>(
      server.url,
      reader.token,
      'GET',
      `${AUDIT}?$top=5`,
    );
    const times = newestFirst.body.value.map((e) => e.activityDateTime);
    expect(times).toEqual([...times].sort().reverse());
  });
});
