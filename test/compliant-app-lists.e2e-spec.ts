import { adminCall, auditedDuring, modified } from './support/admin-api';
import { checkIn, enroll } from './support/device-channel';
import { appsFixture, deviceFixture } from './support/device-fixtures';
import { startTestServer, TestServer } from './support/test-server';

const CONFIGURATIONS = '/v1.0/deviceManagement/deviceConfigurations';

interface CheckInBody {
  complianceState: string;
  directives: { appInventory: string };
  appInventory: { status: string; stored: number };
}

describe('compliant-app lists of device restriction profiles (the compliant-app feature)', () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    tenant = await server.createTenant('Contoso');
  });
  afterAll(() => server.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) =>
    adminCall<Record<string, unknown>>(server.url, tenant.adminToken, method, path, body);
  const complianceOf = async (deviceId: string) =>
    (
      await server.query<{ compliance_state: string; compliance_detail: string | null }>(
        'SELECT compliance_state, compliance_detail FROM device WHERE id = ?',
        [deviceId],
      )
    )[0];
  const storedApps = async (deviceId: string) =>
    Number(
      (
        await server.query<{ n: number }>(
          'SELECT COUNT(*) AS n FROM device_app WHERE device_id = ?',
          [deviceId],
        )
      )[0].n,
    );

  const game = { appId: 'com.king.candycrushsaga', displayName: 'Candy Crush', version: '1.2' };

  it('makes a device with a prohibited app noncompliant, naming the app, and compliant once it is gone', async () => {
    const created = await call('POST', CONFIGURATIONS, {
      '@odata.type': '#microsoft.graph.androidGeneralDeviceConfiguration',
      displayName: 'No games',
      compliantAppListType: 'appsNotInListCompliant',
      compliantAppsList: [{ name: 'Candy Crush', appId: game.appId, publisher: 'King' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      '@odata.type': '#microsoft.graph.androidGeneralDeviceConfiguration',
      compliantAppListType: 'appsNotInListCompliant',
      compliantAppsList: [
        { '@odata.type': '#microsoft.graph.appListItem', appId: game.appId, publisher: 'King' },
      ],
    });
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
    const apps = appsFixture('work', 4);

    const withGame = await checkIn<CheckInBody>(server.url, device, { apps: [...apps, game] });
    expect(withGame.body.complianceState).toBe('noncompliant');
    const detail = await complianceOf(device.id);
    expect(detail.compliance_state).toBe('noncompliant');
    expect(JSON.parse(detail.compliance_detail!)).toEqual({
      rule: 'appsNotInListCompliant',
      offendingApp: { appId: game.appId, displayName: 'Candy Crush' },
    });

    const withoutGame = await checkIn<CheckInBody>(server.url, device, { apps });
    expect(withoutGame.body.complianceState).toBe('compliant');
    expect(await complianceOf(device.id)).toEqual({
      compliance_state: 'compliant',
      compliance_detail: null,
    });
    await call('DELETE', `${CONFIGURATIONS}/${created.body.id as string}`);
  });

  it('makes a device with an unmanaged app outside an approved list noncompliant', async () => {
    const created = await call('POST', CONFIGURATIONS, {
      '@odata.type': '#microsoft.graph.iosGeneralDeviceConfiguration',
      displayName: 'Approved apps only',
      compliantAppListType: 'appsInListCompliant',
      compliantAppsList: [{ name: 'Work 0', appId: 'approved.app0' }],
    });
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('ios'));
    const approved = appsFixture('approved', 1);
    expect(
      (await checkIn<CheckInBody>(server.url, device, { apps: approved })).body.complianceState,
    ).toBe('compliant');
    const extra = appsFixture('unapproved', 1);
    expect(
      (await checkIn<CheckInBody>(server.url, device, { apps: [...approved, ...extra] })).body
        .complianceState,
    ).toBe('noncompliant');
    expect(JSON.parse((await complianceOf(device.id)).compliance_detail!)).toMatchObject({
      rule: 'appsInListCompliant',
      offendingApp: { appId: 'unapproved.app0' },
    });

    // Allowing the app re-evaluates every device of the platform at its next check-in.
    const [event] = await auditedDuring(server, tenant.tenantId, async () => {
      const patched = await call('PATCH', `${CONFIGURATIONS}/${created.body.id as string}`, {
        '@odata.type': '#microsoft.graph.iosGeneralDeviceConfiguration',
        compliantAppsList: [
          { name: 'Work 0', appId: 'approved.app0' },
          { name: 'Other', appId: 'unapproved.app0' },
        ],
      });
      expect(patched.status).toBe(204);
    });
    expect(modified(event, 'compliantAppsList')).toEqual({
      oldValue: 'approved.app0',
      newValue: 'approved.app0, unapproved.app0',
    });
    expect((await complianceOf(device.id)).compliance_state).toBe('unknown');
    expect(
      (await checkIn<CheckInBody>(server.url, device, { apps: [...approved, ...extra] })).body
        .complianceState,
    ).toBe('compliant');
    const platformChange = await call('PATCH', `${CONFIGURATIONS}/${created.body.id as string}`, {
      '@odata.type': '#microsoft.graph.androidGeneralDeviceConfiguration',
    });
    expect(platformChange.status).toBe(400);
    await call('DELETE', `${CONFIGURATIONS}/${created.body.id as string}`);
  });

  it('turns full collection on for personal devices of the platform, and off again with the last list, purging', async () => {
    const device = await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('ios', { ownership: 'personal' }),
    );
    const apps = appsFixture('home', 5);
    const before = await checkIn<CheckInBody>(server.url, device, { apps });
    expect(before.body).toMatchObject({
      directives: { appInventory: 'managedOnly' },
      appInventory: { stored: 0 },
    });
    const rule = {
      '@odata.type': '#microsoft.graph.iosGeneralDeviceConfiguration',
      compliantAppListType: 'appsNotInListCompliant',
      compliantAppsList: [{ name: 'Solitaire', appId: 'com.solitaire.classic' }],
    };
    const first = await call('POST', CONFIGURATIONS, { ...rule, displayName: 'Rule 1' });
    const second = await call('POST', CONFIGURATIONS, { ...rule, displayName: 'Rule 2' });
    const on = await checkIn<CheckInBody>(server.url, device, { apps });
    expect(on.body).toMatchObject({
      directives: { appInventory: 'all' },
      appInventory: { stored: 5 },
      complianceState: 'compliant',
    });

    await call('DELETE', `${CONFIGURATIONS}/${first.body.id as string}`);
    expect(await storedApps(device.id)).toBe(5);
    const [deleted] = await auditedDuring(server, tenant.tenantId, async () => {
      expect((await call('DELETE', `${CONFIGURATIONS}/${second.body.id as string}`)).status).toBe(
        204,
      );
    });
    expect(await storedApps(device.id)).toBe(0);
    expect(modified(deleted, 'purgedUnmanagedAppLinks')).toEqual({ oldValue: null, newValue: '5' });
    const off = await checkIn<CheckInBody>(server.url, device, { apps });
    expect(off.body.directives.appInventory).toBe('managedOnly');
  });

  it('has no compliant-app list for Windows: the type is refused by name and Windows personal devices keep assigned apps only', async () => {
    const windows = await call('POST', CONFIGURATIONS, {
      '@odata.type': '#microsoft.graph.windows10GeneralConfiguration',
      displayName: 'No games',
      compliantAppListType: 'appsNotInListCompliant',
      compliantAppsList: [{ name: 'Solitaire', appId: 'Microsoft.MicrosoftSolitaireCollection' }],
    });
    expect(windows.status).toBe(400);
    expect(JSON.stringify(windows.body)).toContain('@odata.type');
    const device = await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('windows', { ownership: 'personal' }),
    );
    const on = await checkIn<CheckInBody>(server.url, device, { apps: appsFixture('home', 3) });
    expect(on.body).toMatchObject({
      directives: { appInventory: 'managedOnly' },
      appInventory: { stored: 0 },
    });
  });

  it('keeps the feature off with a profile whose list type is none', async () => {
    const created = await call('POST', CONFIGURATIONS, {
      '@odata.type': '#microsoft.graph.androidGeneralDeviceConfiguration',
      displayName: 'Restrictions without a list',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      compliantAppListType: 'none',
      compliantAppsList: [],
      version: 1,
    });
    const android = await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('android', { ownership: 'personal' }),
    );
    expect(
      (await checkIn<CheckInBody>(server.url, android, { apps: appsFixture('home', 2) })).body
        .directives.appInventory,
    ).toBe('managedOnly');
    const fetched = await call('GET', `${CONFIGURATIONS}/${created.body.id as string}`);
    expect(fetched.body).toMatchObject({ displayName: 'Restrictions without a list' });
    await call('DELETE', `${CONFIGURATIONS}/${created.body.id as string}`);
  });

  it('lists the configurations with OData and refuses an unknown property', async () => {
    await call('POST', CONFIGURATIONS, {
      '@odata.type': '#microsoft.graph.macOSGeneralDeviceConfiguration',
      displayName: 'Mac rule',
      compliantAppListType: 'appsNotInListCompliant',
      compliantAppsList: [{ name: 'Steam', appId: 'com.valvesoftware.steam' }],
    });
    const filtered = await call(
      'GET',
      `${CONFIGURATIONS}?$filter=${encodeURIComponent("startswith(displayName,'Mac')")}&$select=displayName&$count=true`,
    );
    expect(filtered.body).toMatchObject({
      '@odata.count': 1,
      value: [
        {
          '@odata.type': '#microsoft.graph.macOSGeneralDeviceConfiguration',
          displayName: 'Mac rule',
        },
      ],
    });
    const unknown = await call(
      'GET',
      `${CONFIGURATIONS}?$filter=${encodeURIComponent("platform eq 'x'")}`,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { target: '$filter' } });
  });
});
