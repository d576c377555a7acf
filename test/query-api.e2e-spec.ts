import { randomUUID } from 'node:crypto';
import { describeEachDatabase } from './support/databases';
import { checkIn, enroll, EnrolledDevice, postJson } from './support/device-channel';
import { appsFixture, deviceFixture } from './support/device-fixtures';
import { startTestServer, TestServer } from './support/test-server';

type Json = Record<string, unknown>;
type Collection = { value: Json[]; '@odata.nextLink'?: string; '@odata.count'?: number };

describeEachDatabase('Graph-shaped query API', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  const devices: EnrolledDevice[] = [];

  const get = async <T = Json>(path: string, token = tenant.adminToken) => {
    const response = await fetch(path.startsWith('http') ? path : `${server.url}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const list = async (path: string) => (await get<Collection>(path)).body;

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
    for (const platform of ['ios', 'android', 'windows', 'macos', 'ios', 'windows'] as const) {
      devices.push(await enroll(server.url, tenant.enrollmentToken, deviceFixture(platform)));
    }
    // Apple User Enrollment: no serial number, IMEI, UDID, SIM or MACs (docs/collection-rules.md
    // "Hardware"; the fixture leaves them out).
    const userEnrollment = deviceFixture('ios', { enrollmentType: 'appleUserEnrollment' });
    devices.push(await enroll(server.url, tenant.enrollmentToken, userEnrollment));
  });
  afterAll(() => server.close());

  it('requires an admin token', async () => {
    const answer = await get('/v1.0/deviceManagement/managedDevices', '');
    expect(answer.status).toBe(401);
  });

  it('leaves iccid, udid, ethernetMacAddress, notes and physical memory out of lists, as Intune does', async () => {
    const mac = devices[3];
    await server.query('UPDATE device SET notes = ? WHERE id = ?', ['Desk 12', mac.id]);
    const single = (await get(`/v1.0/deviceManagement/managedDevices/${mac.id}`)).body;
    const listed = (await list(`/v1.0/deviceManagement/managedDevices?$filter=id eq '${mac.id}'`))
      .value[0];
    expect(single).toMatchObject({
      udid: mac.payload.hardware.udid,
      ethernetMacAddress: mac.payload.hardware.ethernetMacAddress,
      notes: 'Desk 12',
      physicalMemoryInBytes: mac.payload.hardware.physicalMemoryInBytes,
    });
    expect(listed).toMatchObject({
      udid: null,
      ethernetMacAddress: null,
      notes: null,
      physicalMemoryInBytes: 0,
    });
  });

  it('gives ne its real meaning: every device whose value differs, those without one included', async () => {
    const [first] = devices;
    const serial = String(first.payload.hardware.serialNumber);
    const others = await list(
      `/v1.0/deviceManagement/managedDevices?$filter=serialNumber ne '${serial}'&$select=id,serialNumber&$top=1000`,
    );
    const ids = others.value.map((d) => d.id);
    expect(ids).not.toContain(first.id);
    expect(ids).toHaveLength(devices.length - 1);
    const withoutSerial = devices[devices.length - 1];
    expect(others.value.find((d) => d.id === withoutSerial.id)).toEqual({
      id: withoutSerial.id,
      serialNumber: '',
    });
    const empty = await list(`/v1.0/deviceManagement/managedDevices?$filter=serialNumber eq ''`);
    expect(empty.value.map((d) => d.id)).toEqual([withoutSerial.id]);
  });

  it('pages exactly through a non-unique $orderby with $skiptoken', async () => {
    const seen: unknown[] = [];
    let next: string | undefined =
      '/v1.0/deviceManagement/managedDevices?$orderby=manufacturer desc,enrolledDateTime&$top=2&$select=id,manufacturer';
    while (next) {
      const page = await list(next);
      seen.push(...page.value.map((d) => d.id));
      next = page['@odata.nextLink'];
      if (next)
        expect(next.startsWith(`${server.url}/v1.0/deviceManagement/managedDevices?`)).toBe(true);
    }
    expect(seen).toHaveLength(devices.length);
    expect(new Set(seen).size).toBe(devices.length);
  });

  it('refuses what it cannot answer with a 400 that names it, never a 500', async () => {
    const cases: [string, string][] = [
      ['$filter=colour eq 1', 'colour'],
      ['$filter=deviceName has 1', 'has'],
      ["$filter=deviceName eq 'a' and", '$filter'],
      ['$orderby=notes', 'notes'],
      ['$select=secretField', 'secretField'],
      ['$top=1001', '$top'],
      ['$expand=users', '$expand'],
      ["$filter=deviceName eq '' ; DROP TABLE device; --'", '$filter'],
      ["$filter=managedDeviceOwnerType eq 'corporate'", 'managedDeviceOwnerType'],
    ];
    for (const [query, named] of cases) {
      const answer = await get<{ error: { code: string; message: string; target?: string } }>(
        `/v1.0/deviceManagement/managedDevices?${query}`,
      );
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
      expect(`${answer.body.error.message} ${answer.body.error.target}`).toContain(named);
    }
    expect((await server.query('SELECT COUNT(*) AS n FROM device'))[0]).toBeDefined();
  });

  it('serves beta with managementState and v1.0 without it', async () => {
    const id = devices[0].id;
    const beta = await get(`/beta/deviceManagement/managedDevices/${id}`);
    const v1 = await get(`/v1.0/deviceManagement/managedDevices/${id}`);
    expect(beta.body).toMatchObject({ managementState: 'managed' });
    expect(beta.body['@odata.context']).toMatch(
      /\/beta\/\$metadata#deviceManagement\/managedDevices\/\$entity$/,
    );
    expect(v1.body).not.toHaveProperty('managementState');
    const filtered = await get(
      `/v1.0/deviceManagement/managedDevices?$filter=managementState eq 'managed'`,
    );
    expect(filtered.status).toBe(400);
  });

  it('shows queued remote actions as deviceActionResults', async () => {
    const id = devices[1].id;
    await server.query(
      `INSERT INTO device_command (id, tenant_id, device_id, action, status, requested_at, delivered_at)
       VALUES (?, ?, ?, 'syncDevice', 'delivered', ?, ?)`,
      [randomUUID(), tenant.tenantId, id, Date.UTC(2024, 5, 1), Date.UTC(2024, 5, 1, 0, 5)],
    );
    const device = (await get(`/v1.0/deviceManagement/managedDevices/${id}`)).body;
    expect(device.deviceActionResults).toEqual([
      {
        actionName: 'syncDevice',
        actionState: 'active',
        startDateTime: '2024-06-01T00:00:00Z',
        lastUpdatedDateTime: '2024-06-01T00:05:00Z',
      },
    ]);
  });

  it('lists a device’s detected apps and an app’s devices', async () => {
    const [a, b] = [devices[0], devices[4]];
    await checkIn(server.url, a, { apps: appsFixture('shared', 3) });
    await checkIn(server.url, b, { apps: appsFixture('shared', 2) });
    const apps = await list(
      `/beta/deviceManagement/managedDevices/${a.id}/detectedApps?$orderby=displayName`,
    );
    expect(apps.value.map((app) => [app.displayName, app.deviceCount])).toEqual([
      ['shared App 0', 2],
      ['shared App 1', 2],
      ['shared App 2', 1],
    ]);
    const owners = await list(
      `/v1.0/deviceManagement/detectedApps/${apps.value[0].id}/managedDevices?$select=id`,
    );
    expect(owners.value.map((d) => d.id).sort()).toEqual([a.id, b.id].sort());
    const top = await list(
      `/v1.0/deviceManagement/detectedApps?$orderby=deviceCount desc&$top=2&$count=true`,
    );
    expect(top['@odata.count']).toBe(3);
    expect(top.value.map((app) => app.deviceCount)).toEqual([2, 2]);
  });

  it('answers another tenant’s ids exactly like unknown ones', async () => {
    const other = await server.createTenant('Fabrikam');
    const theirs = await enroll(server.url, other.enrollmentToken, deviceFixture('windows'));
    await checkIn(server.url, theirs, { apps: appsFixture('fabrikam.only', 1) });
    const [theirApp] = (
      await get<Collection>('/v1.0/deviceManagement/detectedApps', other.adminToken)
    ).body.value;
    const unknownDevice = randomUUID();
    for (const [path, unknownPath] of [
      [`managedDevices/${theirs.id}`, `managedDevices/${unknownDevice}`],
      [`managedDevices/${theirs.id}/detectedApps`, `managedDevices/${unknownDevice}/detectedApps`],
      [`detectedApps/${String(theirApp.id)}`, 'detectedApps/999999'],
      [`detectedApps/${String(theirApp.id)}/managedDevices`, 'detectedApps/999999/managedDevices'],
    ]) {
      type ErrorBody = { error: { code: string; message: string } };
      const answer = await get<ErrorBody>(`/v1.0/deviceManagement/${path}`);
      const unknown = await get<ErrorBody>(`/v1.0/deviceManagement/${unknownPath}`);
      expect([answer.status, answer.body.error.code]).toEqual([404, 'itemNotFound']);
      expect(answer.body.error.message).toBe(unknown.body.error.message);
    }
    const mine = await list(
      `/v1.0/deviceManagement/detectedApps?$filter=startswith(displayName,'fabrikam')`,
    );
    expect(mine.value).toEqual([]);
  });

  it('no longer shows a device once it is retired, as Intune does', async () => {
    const leaving = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
    const before = (await get<Json>('/v1.0/deviceManagement/managedDeviceOverview')).body;
    const removed = await postJson(
      `${server.url}/enrollment/v1/devices/${leaving.id}`,
      leaving.credential,
      undefined,
      'DELETE',
    );
    expect(removed.status).toBeLessThan(300);
    expect((await get(`/v1.0/deviceManagement/managedDevices/${leaving.id}`)).status).toBe(404);
    const after = (await get<Json>('/v1.0/deviceManagement/managedDeviceOverview')).body;
    expect(after.enrolledDeviceCount).toBe(Number(before.enrolledDeviceCount) - 1);
  });
});
