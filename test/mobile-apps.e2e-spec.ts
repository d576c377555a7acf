import { adminCall } from './support/admin-api';
import { checkIn, enroll } from './support/device-channel';
import { appsFixture, deviceFixture } from './support/device-fixtures';
import { startTestServer, TestServer } from './support/test-server';

const APPS = '/v1.0/deviceAppManagement/mobileApps';

describe('deployed apps (mobileApps)', () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    tenant = await server.createTenant('Contoso');
  });
  afterAll(() => server.close());

  const call = <T = Record<string, unknown>>(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ) => adminCall<T>(server.url, tenant.adminToken, method, path, body);
  const storedAppIds = async (deviceId: string) =>
    (
      await server.query<{ app_id: string }>(
        `SELECT c.app_id FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id
         WHERE l.device_id = ? ORDER BY c.app_id`,
        [deviceId],
      )
    ).map((row) => row.app_id);

  it('deploys an app to every device of its platform; personal devices report it and its install state', async () => {
    const created = await call<{ id: string }>('POST', APPS, {
      '@odata.type': '#microsoft.graph.androidManagedStoreApp',
      displayName: 'Microsoft Teams',
      publisher: 'Microsoft',
      packageId: 'com.microsoft.teams',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      '@odata.type': '#microsoft.graph.androidManagedStoreApp',
      packageId: 'com.microsoft.teams',
    });
    const assigned = await call('POST', `${APPS}/${created.body.id}/assign`, {
      mobileAppAssignments: [
        {
          '@odata.type': '#microsoft.graph.mobileAppAssignment',
          intent: 'required',
          target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
        },
      ],
    });
    expect(assigned.status).toBe(204);

    const device = await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('android', { ownership: 'personal' }),
    );
    const teams = { appId: 'com.microsoft.teams', displayName: 'Teams', version: '1416' };
    const answer = await checkIn<{ deployedApps: unknown[] }>(server.url, device, {
      apps: [...appsFixture('private', 4), teams],
      installStates: [{ mobileAppId: created.body.id, state: 'installed' }],
    });
    expect(answer.body.deployedApps).toEqual([
      {
        mobileAppId: created.body.id,
        appId: 'com.microsoft.teams',
        displayName: 'Microsoft Teams',
        intent: 'required',
      },
    ]);
    expect(await storedAppIds(device.id)).toEqual(['com.microsoft.teams']);
    const [state] = await server.query<{ state: string }>(
      'SELECT state FROM managed_app_install_state WHERE device_id = ?',
      [device.id],
    );
    expect(state.state).toBe('installed');

    const renamed = await call('PATCH', `${APPS}/${created.body.id}`, { displayName: 'Teams' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: created.body.id, displayName: 'Teams' });
    const wrongType = await call('PATCH', `${APPS}/${created.body.id}`, {
      '@odata.type': '#microsoft.graph.iosStoreApp',
    });
    expect(wrongType.status).toBe(400);

    // Deleted, it is no longer a managed app: a personal device keeps nothing of it.
    expect((await call('DELETE', `${APPS}/${created.body.id}`)).status).toBe(204);
    expect(await storedAppIds(device.id)).toEqual([]);
    expect(
      await server.query('SELECT * FROM managed_app_install_state WHERE device_id = ?', [
        device.id,
      ]),
    ).toEqual([]);
  });

  it('refuses an id property of another type, a duplicate, and a target other than all devices', async () => {
    const body = {
      '@odata.type': '#microsoft.graph.iosStoreApp',
      displayName: 'Outlook',
      bundleId: 'com.microsoft.Office.Outlook',
    };
    const misplaced = await call('POST', APPS, { ...body, bundleId: undefined, packageId: 'x' });
    expect(misplaced.status).toBe(400);
    expect(misplaced.body).toMatchObject({ error: { target: 'packageId' } });
    const created = await call<{ id: string }>('POST', APPS, body);
    expect(created.status).toBe(201);
    expect((await call('POST', APPS, body)).status).toBe(409);
    const toGroup = await call('POST', `${APPS}/${created.body.id}/assign`, {
      mobileAppAssignments: [
        {
          intent: 'available',
          target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget' },
        },
      ],
    });
    expect(toGroup.status).toBe(400);
    const uninstall = await call('POST', `${APPS}/${created.body.id}/assign`, {
      mobileAppAssignments: [
        {
          intent: 'uninstall',
          target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
        },
      ],
    });
    expect(uninstall.status).toBe(400);
    expect(
      (await call('POST', `${APPS}/${created.body.id}/assign`, { mobileAppAssignments: [] }))
        .status,
    ).toBe(204);
  });
});
