import { DeliveredCommand } from '../src/device-channel/contract/device-channel.types';
import { adminCall, adminWithRole } from './support/admin-api';
import { describeEachDatabase } from './support/databases';
import { checkIn, enroll } from './support/device-channel';
import { appsFixture, deviceFixture } from './support/device-fixtures';
import { startTestServer, TestServer } from './support/test-server';

const ADMIN = '/v1.0/admin';
const DEVICES = '/v1.0/deviceManagement/managedDevices';

/** The console's read-only views: me, counts, privacy, compliance, action history, CSV export. */
describeEachDatabase('admin views', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let other: Awaited<ReturnType<TestServer['createTenant']>>;
  let reader: { token: string; upn: string; adminId: string };

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
    other = await server.createTenant('Fabrikam');
    reader = await adminWithRole(server, tenant.tenantId, 'readOnlyOperator');
  });
  afterAll(() => server.close());

  const get = <T = Record<string, unknown>>(path: string, token = tenant.adminToken) =>
    adminCall<T>(server.url, token, 'GET', path);
  const exportCsv = async (query: string, token = tenant.adminToken) => {
    const response = await fetch(`${server.url}${ADMIN}/managedDevices/export${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };

  it('tells the signed-in admin its role, what the role allows and its tenant', async () => {
    const me = await get(`${ADMIN}/me`, reader.token);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: reader.adminId,
      userPrincipalName: reader.upn,
      displayName: null,
      role: 'readOnlyOperator',
      permissions: ['read'],
      tenantId: tenant.tenantId,
      tenantDisplayName: 'Contoso',
    });
    const admin = await get<{ role: string; permissions: string[] }>(`${ADMIN}/me`);
    expect(admin.body.role).toBe('administrator');
    expect(admin.body.permissions).toEqual([
      'read',
      'remoteActions',
      'changeOwnership',
      'administer',
    ]);
    expect((await get(`${ADMIN}/me`, 'adm_wrong')).status).toBe(401);
  });

  it('counts devices per operating system and owner type, of its own tenant only', async () => {
    const before = await get<{
      total: number;
      value: { operatingSystem: string; managedDeviceOwnerType: string; count: number }[];
    }>(`${ADMIN}/managedDeviceCounts`);
    const countOf = (body: typeof before.body, os: string, owner: string) =>
      body.value.find((e) => e.operatingSystem === os && e.managedDeviceOwnerType === owner)
        ?.count ?? 0;
    await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('ios', { ownership: 'personal' }),
    );
    await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('ios', { ownership: 'personal' }),
    );
    await enroll(server.url, tenant.enrollmentToken, deviceFixture('windows'));
    await enroll(server.url, other.enrollmentToken, deviceFixture('windows'));
    const after = await get<typeof before.body>(`${ADMIN}/managedDeviceCounts`);
    expect(countOf(after.body, 'iOS', 'personal')).toBe(
      countOf(before.body, 'iOS', 'personal') + 2,
    );
    expect(countOf(after.body, 'Windows', 'company')).toBe(
      countOf(before.body, 'Windows', 'company') + 1,
    );
    expect(after.body.total).toBe(before.body.total + 3);
    const listed = await get<{ '@odata.count': number }>(`${DEVICES}?$count=true&$top=1`);
    expect(after.body.total).toBe(listed.body['@odata.count']);
  });

  it('shows an admin the privacy view the device user sees', async () => {
    const personal = await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('ios', { ownership: 'personal' }),
    );
    const corporate = await enroll(server.url, tenant.enrollmentToken, deviceFixture('ios'));
    for (const device of [personal, corporate]) {
      const asAdmin = await get(`${ADMIN}/managedDevices/${device.id}/privacy`, reader.token);
      const asUser = await fetch(`${server.url}/enrollment/v1/devices/${device.id}/privacy`, {
        headers: { authorization: `Bearer ${device.credential}` },
      });
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body).toEqual(await asUser.json());
    }
    const apps = (id: string) =>
      get<{ categories: { category: string; form: string }[] }>(
        `${ADMIN}/managedDevices/${id}/privacy`,
      ).then(
        (answer) => answer.body.categories.find((entry) => entry.category === 'appInventory')?.form,
      );
    expect(await apps(personal.id)).toBe('managedAppsOnly');
    expect(await apps(corporate.id)).toBe('full');
    const elsewhere = await enroll(server.url, other.enrollmentToken, deviceFixture('ios'));
    expect((await get(`${ADMIN}/managedDevices/${elsewhere.id}/privacy`)).status).toBe(404);
  });

  it('names the app that makes a device noncompliant', async () => {
    const policy = await adminCall(
      server.url,
      tenant.adminToken,
      'POST',
      '/v1.0/deviceManagement/deviceConfigurations',
      {
        '@odata.type': '#microsoft.graph.androidGeneralDeviceConfiguration',
        displayName: 'No games',
        compliantAppListType: 'appsNotInListCompliant',
        compliantAppsList: [
          { name: 'Candy Crush', appId: 'com.king.candycrushsaga', publisher: 'King' },
        ],
      },
    );
    expect(policy.status).toBe(201);
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
    const compliance = () => get(`${ADMIN}/managedDevices/${device.id}/compliance`, reader.token);
    await checkIn(server.url, device, { apps: appsFixture('com.example', 2) });
    expect((await compliance()).body).toEqual({
      deviceId: device.id,
      complianceState: 'compliant',
      offendingApp: null,
      compliantAppListType: null,
    });
    await checkIn(server.url, device, {
      apps: [
        ...appsFixture('com.example', 2),
        { appId: 'com.king.candycrushsaga', displayName: 'Candy Crush', version: '1.2' },
      ],
    });
    expect((await compliance()).body).toEqual({
      deviceId: device.id,
      complianceState: 'noncompliant',
      offendingApp: { appId: 'com.king.candycrushsaga', displayName: 'Candy Crush' },
      compliantAppListType: 'appsNotInListCompliant',
    });
    await adminCall(
      server.url,
      tenant.adminToken,
      'DELETE',
      `/v1.0/deviceManagement/deviceConfigurations/${policy.body.id}`,
    );
  });

  it('keeps every action requested, who asked and how it ended — also once the device is wiped', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
    const helpDesk = await adminWithRole(server, tenant.tenantId, 'helpDeskOperator');
    const post = (action: string) =>
      adminCall(
        server.url,
        helpDesk.token,
        'POST',
        `${DEVICES}/${device.id}/${action}`,
        action === 'wipe' ? {} : undefined,
      );
    expect((await post('syncDevice')).status).toBe(204);
    expect((await post('wipe')).status).toBe(204);
    type History = {
      managementState: string;
      retiredDateTime: string | null;
      value: {
        actionName: string;
        status: string;
        requestedBy: string;
        completedDateTime: string | null;
      }[];
    };
    const history = () =>
      get<History>(`${ADMIN}/managedDevices/${device.id}/actionHistory`, reader.token);
    const pending = await history();
    expect(pending.body.managementState).toBe('wipePending');
    expect(pending.body.value.map((a) => [a.actionName, a.status, a.requestedBy])).toEqual([
      ['wipe', 'pending', helpDesk.upn],
      ['syncDevice', 'pending', helpDesk.upn],
    ]);
    const delivered = await checkIn<{ commands: DeliveredCommand[] }>(server.url, device, {});
    await checkIn(server.url, device, {
      commandResults: delivered.body.commands.map((c) => ({
        commandId: c.commandId,
        status: 'done',
      })),
    });
    const done = await history();
    expect(done.status).toBe(200);
    expect(done.body.managementState).toBe('wiped');
    expect(done.body.retiredDateTime).not.toBeNull();
    expect(done.body.value.map((a) => [a.actionName, a.status])).toEqual([
      ['wipe', 'done'],
      ['syncDevice', 'done'],
    ]);
    expect(done.body.value.every((a) => a.completedDateTime !== null)).toBe(true);
    // Graph forgets the wiped device; only its history answers.
    expect((await get(`${DEVICES}/${device.id}`)).status).toBe(404);
    const elsewhere = await adminWithRole(server, other.tenantId, 'administrator');
    expect(
      (await get(`${ADMIN}/managedDevices/${device.id}/actionHistory`, elsewhere.token)).status,
    ).toBe(404);
  });

  it('exports the filtered devices as CSV, every one of them, and nothing of other tenants', async () => {
    for (let i = 0; i < 3; i++)
      await enroll(server.url, tenant.enrollmentToken, deviceFixture('macos'));
    const csv = await exportCsv(
      `?$filter=${encodeURIComponent("operatingSystem eq 'macOS'")}&$orderby=deviceName`,
      reader.token,
    );
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,deviceName,operatingSystem,osVersion,managedDeviceOwnerType,complianceState,managementState,userPrincipalName,userDisplayName,serialNumber,imei,manufacturer,model,phoneNumber,enrolledDateTime,lastSyncDateTime',
    );
    const listed = await get<{ value: { id: string }[] }>(
      `${DEVICES}?$filter=${encodeURIComponent("operatingSystem eq 'macOS'")}&$orderby=deviceName&$select=id`,
    );
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(
      listed.body.value.map((d) => d.id),
    );
    expect(lines.slice(1).every((line) => line.split(',')[2] === 'macOS')).toBe(true);
    const all = await exportCsv('');
    const total = await get<{ '@odata.count': number }>(`${DEVICES}?$count=true&$top=1`);
    expect(all.text.trimEnd().split('\r\n')).toHaveLength(total.body['@odata.count'] + 1);
  });

  it('walks past one page: more devices than a page export in full, each once', async () => {
    const rows = Array.from({ length: 1005 }, (_, i) => i);
    const big = await server.createTenant('Big');
    // Rows copied from one enrolled device: the export pages through 1,000 at a time.
    const model = await enroll(server.url, big.enrollmentToken, deviceFixture('windows'));
    const columns = (
      await server.query<{ name: string }>(
        kind === 'sqlite'
          ? "SELECT name FROM pragma_table_info('device')"
          : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'device'",
      )
    )
      .map((c) => c.name)
      .filter((c) => c !== 'id');
    for (const i of rows) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      await server.query(
        `INSERT INTO device (id, ${columns.join(', ')}) SELECT ?, ${columns.join(', ')} FROM device WHERE id = ?`,
        [id, model.id],
      );
    }
    const csv = await exportCsv('', big.adminToken);
    const ids = csv.text
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(ids).toHaveLength(1006);
    expect(new Set(ids).size).toBe(1006);
  });

  it('refuses a bad filter and paging options with a 400 naming them, before any CSV', async () => {
    const bad = await exportCsv(`?$filter=${encodeURIComponent('nope eq 1')}`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.message).toContain('nope');
    const top = await exportCsv('?$top=5');
    expect(top.status).toBe(400);
    expect(JSON.parse(top.text).error.target).toBe('$top');
  });
});
