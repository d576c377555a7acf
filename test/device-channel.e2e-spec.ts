import { PLATFORMS, Platform } from '../src/collection-rules';
import { CompliancePoliciesService } from '../src/compliance/compliance-policies.service';
import { CorporateIdentifiersService } from '../src/corporate-identifiers/corporate-identifiers.service';
import { ManagedAppsService } from '../src/apps/managed-apps.service';
import { appInventoryHash } from '../src/check-in/app-inventory-hash';
import { dumpEveryTable } from './support/database-scan';
import { describeEachDatabase } from './support/databases';
import { checkIn, enroll, postJson } from './support/device-channel';
import { appsFixture, deviceFixture } from './support/device-fixtures';
import { startTestServer, systemActor, TestServer } from './support/test-server';

describeEachDatabase('device channel', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
  });
  afterAll(() => server.close());

  const appIdsOf = async (deviceId: string) =>
    (
      await server.query<{ app_id: string }>(
        'SELECT c.app_id FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id WHERE l.device_id = ? ORDER BY c.app_id',
        [deviceId],
      )
    ).map((row) => row.app_id);
  const deviceRow = async (deviceId: string) =>
    (
      await server.query<Record<string, unknown>>('SELECT * FROM device WHERE id = ?', [deviceId])
    )[0];

  it.each(PLATFORMS)(
    'stores the full app inventory of a corporate %s device',
    async (platform: Platform) => {
      const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture(platform));
      expect(device.ownership).toBe('corporate');
      const apps = appsFixture(`corp.${platform}`, 60);
      const answer = await checkIn(server.url, device, { apps });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        appInventory: { status: 'updated', reported: 60, stored: 60, added: 60, removed: 0 },
        directives: { appInventory: 'all', phoneNumber: 'full' },
        discarded: [],
      });
      expect(await appIdsOf(device.id)).toEqual(apps.map((a) => a.appId).sort());
    },
  );

  describe('a personal device', () => {
    const platform: Platform = 'ios';
    let managedAppId: string;

    beforeAll(async () => {
      const managed = await server.service(ManagedAppsService).create(
        tenant.tenantId,
        {
          platform,
          appId: 'com.microsoft.Office.Outlook',
          displayName: 'Microsoft Outlook',
          assignmentIntent: 'required',
        },
        systemActor,
      );
      managedAppId = managed.id;
    });

    it('keeps only managed apps and the last four digits of the phone number', async () => {
      const payload = deviceFixture(platform, { ownership: 'personal' });
      const device = await enroll(server.url, tenant.enrollmentToken, payload);
      expect(device.ownership).toBe('personal');
      const personalApps = appsFixture('personal.secret', 20);
      const answer = await checkIn(server.url, device, {
        apps: [
          ...personalApps,
          {
            appId: 'com.microsoft.Office.Outlook',
            displayName: 'Microsoft Outlook',
            version: '4.2401',
          },
        ],
        installStates: [{ mobileAppId: managedAppId, state: 'installed' }],
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        directives: { appInventory: 'managedOnly', phoneNumber: 'last4' },
        appInventory: { status: 'updated', reported: 21, stored: 1 },
        discarded: expect.arrayContaining([
          { field: 'apps', reason: 'notManagedOnPersonalDevice', count: 20 },
        ]),
      });
      expect(await appIdsOf(device.id)).toEqual(['com.microsoft.Office.Outlook']);

      const everything = await dumpEveryTable(server);
      for (const app of personalApps) {
        expect(everything).not.toContain(app.appId);
        expect(everything).not.toContain(app.displayName);
      }
      const phone = String(payload.hardware.phoneNumber);
      expect(everything).not.toContain(phone);
      expect(everything).not.toContain(phone.slice(1));
      const row = await deviceRow(device.id);
      expect(row.phone_number).toBeNull();
      expect(row.phone_number_last4).toBe(phone.slice(-4));

      const privacy = await fetch(`${server.url}/enrollment/v1/devices/${device.id}/privacy`, {
        headers: { authorization: `Bearer ${device.credential}` },
      });
      expect(privacy.status).toBe(200);
      const view = (await privacy.json()) as { categories: { category: string; form: string }[] };
      const form = (category: string) => view.categories.find((c) => c.category === category)?.form;
      expect(form('phoneNumber')).toBe('lastFourDigits');
      expect(form('appInventory')).toBe('managedAppsOnly');
      expect(form('location')).toBe('notCollected');
    });

    it('stores every app once the tenant has a compliant-app rule for its platform', async () => {
      const device = await enroll(
        server.url,
        tenant.enrollmentToken,
        deviceFixture('android', { ownership: 'personal' }),
      );
      const apps = appsFixture('personal.android', 15);
      await checkIn(server.url, device, { apps });
      expect(await appIdsOf(device.id)).toEqual([]);

      const policy = await server.service(CompliancePoliciesService).create(
        tenant.tenantId,
        {
          platform: 'android',
          displayName: 'No games',
          appListType: 'restricted',
          apps: [{ appId: 'com.king.candycrushsaga' }],
        },
        systemActor,
      );
      const hashOnly = await checkIn(server.url, device, {
        appInventoryHash: appInventoryHash(apps),
      });
      expect(hashOnly.body).toMatchObject({
        directives: { appInventory: 'all' },
        appInventory: { status: 'resendRequired' },
      });
      const full = await checkIn(server.url, device, { apps });
      expect(full.body).toMatchObject({
        appInventory: { status: 'updated', stored: 15 },
        complianceState: 'compliant',
      });
      expect(await appIdsOf(device.id)).toHaveLength(15);

      // Removing the only rule purges what only the rule allowed.
      await server
        .service(CompliancePoliciesService)
        .delete(tenant.tenantId, policy.id, systemActor);
      expect(await appIdsOf(device.id)).toEqual([]);
      expect(await dumpEveryTable(server)).not.toContain('personal.android.app0"');
    });
  });

  it('refuses a forbidden data category and stores nothing of that check-in', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
    await checkIn(server.url, device, { apps: appsFixture('forbidden.before', 3) });
    const before = await deviceRow(device.id);
    const answer = await checkIn(server.url, device, {
      hardware: { freeStorageSpaceInBytes: 1234, deviceName: 'renamed' },
      apps: appsFixture('forbidden.after', 5),
      extras: { callHistory: [{ number: '+46700000000' }] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { code: 'forbiddenDataCategory', target: 'extras.callHistory' },
    });
    expect(await deviceRow(device.id)).toEqual(before);
    expect(await appIdsOf(device.id)).toEqual(
      appsFixture('forbidden.before', 3)
        .map((a) => a.appId)
        .sort(),
    );
    const receipts = await server.query(
      'SELECT sequence FROM checkin_receipt WHERE device_id = ?',
      [device.id],
    );
    expect(receipts).toHaveLength(1);
    expect(await dumpEveryTable(server)).not.toContain('forbidden.after');
  });

  it('makes a device corporate when its IMEI was imported as a corporate identifier', async () => {
    const payload = deviceFixture('android', { ownership: 'personal' });
    await server
      .service(CorporateIdentifiersService)
      .add(tenant.tenantId, { kind: 'imei', imei: String(payload.hardware.imei) }, systemActor);
    const device = await enroll(server.url, tenant.enrollmentToken, payload);
    expect(device.ownership).toBe('corporate');
    const [identifier] = await server.query<{ enrollment_state: string }>(
      'SELECT enrollment_state FROM corporate_identifier WHERE value = ?',
      [payload.hardware.imei],
    );
    expect(identifier.enrollment_state).toBe('enrolled');
  });

  it('answers a repeated sequence from its receipt without applying it twice', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('windows'));
    const first = await checkIn(server.url, device, { apps: appsFixture('replay', 10) });
    const again = await checkIn(server.url, device, {
      sequence: 1,
      apps: appsFixture('replay.other', 10),
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(await appIdsOf(device.id)).toEqual(
      appsFixture('replay', 10)
        .map((a) => a.appId)
        .sort(),
    );
    const row = await deviceRow(device.id);
    expect(Number(row.checkin_count)).toBe(1);
    const [catalog] = await server.query<{ device_count: number }>(
      'SELECT device_count FROM app_catalog WHERE app_id = ?',
      ['replay.app0'],
    );
    expect(Number(catalog.device_count)).toBe(1);
  });

  it('keeps one receipt per device; repeating a superseded check-in is a conflict, not applied', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('ios'));
    await checkIn(server.url, device, { apps: appsFixture('receipts', 3) });
    await checkIn(server.url, device, { apps: appsFixture('receipts', 4) });
    const receipts = await server.query<{ sequence: number }>(
      'SELECT sequence FROM checkin_receipt WHERE device_id = ?',
      [device.id],
    );
    expect(receipts.map((r) => Number(r.sequence))).toEqual([2]);
    const stale = await checkIn(server.url, device, {
      sequence: 1,
      apps: appsFixture('receipts.stale', 2),
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { target: 'sequence' } });
    expect(await appIdsOf(device.id)).toEqual(
      appsFixture('receipts', 4)
        .map((a) => a.appId)
        .sort(),
    );
    const latest = await checkIn(server.url, device, { sequence: 2 });
    expect(latest.body).toMatchObject({ sequence: 2, replayed: true });
  });

  it('writes no app rows when the inventory did not change', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('macos'));
    const apps = appsFixture('steady', 60);
    await checkIn(server.url, device, { apps });
    const links = await server.query(
      'SELECT * FROM device_app WHERE device_id = ? ORDER BY app_catalog_id',
      [device.id],
    );
    const same = await checkIn(server.url, device, { apps: [...apps].reverse() });
    expect(same.body).toMatchObject({
      appInventory: { status: 'unchanged', added: 0, removed: 0 },
    });
    const hashOnly = await checkIn(server.url, device, {
      appInventoryHash: appInventoryHash(apps),
    });
    expect(hashOnly.body).toMatchObject({ appInventory: { status: 'unchanged' } });
    expect(
      await server.query('SELECT * FROM device_app WHERE device_id = ? ORDER BY app_catalog_id', [
        device.id,
      ]),
    ).toEqual(links);

    const churned = [...apps.slice(2), ...appsFixture('steady.new', 2)];
    churned[0] = { ...churned[0], version: '2.0' };
    const churn = await checkIn(server.url, device, { apps: churned });
    expect(churn.body).toMatchObject({ appInventory: { status: 'updated', added: 3, removed: 3 } });
  });

  it('refuses a wrong credential with 401', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('ios'));
    const answer = await checkIn(
      server.url,
      { ...device, credential: `${device.credential}x` },
      {},
    );
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { code: 'unauthenticated' } });
    const bad = await postJson(
      `${server.url}/enrollment/v1/enroll`,
      'enr_wrong',
      deviceFixture('ios'),
    );
    expect(bad.status).toBe(401);
  });

  it('authenticates every device route before reading the body: 401, never a validation error', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
    const wrong = `${device.credential}x`;
    const send = (path: string, token: string | null, body: string | undefined, method = 'POST') =>
      fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body,
      });
    const bodies = [
      '{}',
      JSON.stringify({ sequence: 'one', hardware: { imei: '123' }, bogus: true }),
      JSON.stringify({ sequence: 1, extras: { callHistory: [{ number: '+46700000000' }] } }),
      '{"sequence": 1,',
      '',
    ];
    const refusals: Promise<Response>[] = [];
    for (const body of bodies) {
      refusals.push(send(`/enrollment/v1/devices/${device.id}/checkin`, wrong, body));
      refusals.push(send(`/enrollment/v1/devices/${device.id}/checkin`, null, body));
      refusals.push(send(`/enrollment/v1/devices/not-a-device/checkin`, wrong, body));
      refusals.push(send('/enrollment/v1/enroll', 'enr_wrong', body));
      refusals.push(send('/enrollment/v1/enroll', null, body));
    }
    refusals.push(send(`/enrollment/v1/devices/${device.id}`, wrong, undefined, 'DELETE'));
    refusals.push(send(`/enrollment/v1/devices/${device.id}/privacy`, wrong, undefined, 'GET'));
    for (const response of await Promise.all(refusals)) {
      expect(response.status).toBe(401);
      const answer = (await response.json()) as { error: { code: string; target?: string } };
      expect(answer.error.code).toBe('unauthenticated');
      expect(answer.error.target).toBeUndefined();
    }
    // Nothing of the refused requests was stored: the device is as enrolled, still managed.
    expect(await deviceRow(device.id)).toMatchObject({ last_sequence: 0, checkin_count: 0 });
    expect((await checkIn(server.url, device, { sequence: 1 })).status).toBe(200);
  });

  it('keeps two devices that report the same serial number as two devices', async () => {
    const first = deviceFixture('windows');
    const second = {
      ...deviceFixture('windows'),
      hardware: { ...deviceFixture('windows').hardware, serialNumber: first.hardware.serialNumber },
    };
    const a = await enroll(server.url, tenant.enrollmentToken, first);
    const b = await enroll(server.url, tenant.enrollmentToken, second);
    expect(a.id).not.toBe(b.id);
    const rows = await server.query('SELECT id FROM device WHERE serial_number = ?', [
      first.hardware.serialNumber,
    ]);
    expect(rows).toHaveLength(2);
  });

  it('keeps an empty serial number as absent instead of refusing the device', async () => {
    const payload = deviceFixture('windows');
    const device = await enroll(server.url, tenant.enrollmentToken, {
      ...payload,
      hardware: { ...payload.hardware, serialNumber: '' },
    });
    expect((await deviceRow(device.id)).serial_number).toBeNull();
  });

  it('stores a per-user install location without the user name it contains', async () => {
    const reporters = [
      {
        folder: 'ann.lindqvist',
        platform: 'windows' as const,
        path: 'C:\\Users\\ann.lindqvist\\AppData\\Local\\slack',
      },
      {
        folder: 'bob.berg',
        platform: 'macos' as const,
        path: '/Users/bob.berg/Applications/Slack.app',
      },
    ];
    for (const { platform, path } of reporters) {
      const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture(platform));
      const answer = await checkIn(server.url, device, {
        apps: [
          {
            appId: `com.tinyspeck.slack.${platform}`,
            displayName: 'Slack',
            version: '4.41',
            installLocation: path,
          },
        ],
      });
      expect(answer.status).toBe(200);
    }
    const stored = await server.query<{ install_location: string }>(
      "SELECT install_location FROM app_catalog WHERE app_id LIKE 'com.tinyspeck.slack.%' ORDER BY app_id",
    );
    expect(stored.map((row) => row.install_location)).toEqual([
      '/Users/~/Applications/Slack.app',
      'C:\\Users\\%USERNAME%\\AppData\\Local\\slack',
    ]);
    const everything = await dumpEveryTable(server);
    for (const { folder } of reporters) expect(everything).not.toContain(folder);
  });

  it('refuses an IMEI from a Mac and a bad check digit, naming the field', async () => {
    const mac = deviceFixture('macos');
    const withImei = await postJson(`${server.url}/enrollment/v1/enroll`, tenant.enrollmentToken, {
      ...mac,
      hardware: { ...mac.hardware, imei: '490154203237518' },
    });
    expect(withImei.status).toBe(400);
    expect(withImei.body).toMatchObject({
      error: { code: 'invalidRequest', target: 'hardware.imei' },
    });
    const ios = deviceFixture('ios');
    const badDigit = await postJson(`${server.url}/enrollment/v1/enroll`, tenant.enrollmentToken, {
      ...ios,
      hardware: {
        ...ios.hardware,
        iccid: `${String(ios.hardware.iccid).slice(0, -1)}${(Number(String(ios.hardware.iccid).slice(-1)) + 1) % 10}`,
      },
    });
    expect(badDigit.status).toBe(400);
    expect(badDigit.body).toMatchObject({
      error: { target: 'hardware.iccid', message: expect.stringContaining('check digit') },
    });
  });

  it('applies 50 concurrent check-ins of different devices exactly as reported', async () => {
    const devices = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        enroll(server.url, tenant.enrollmentToken, deviceFixture(PLATFORMS[i % 4])),
      ),
    );
    const inventories = devices.map((_, i) => [
      ...appsFixture('shared', 20),
      ...appsFixture(`own${i}`, 5 + (i % 7)),
    ]);
    const answers = await Promise.all(
      devices.map((device, i) =>
        checkIn(server.url, device, {
          apps: inventories[i],
          hardware: { freeStorageSpaceInBytes: 1000 + i },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(devices.map(() => 200));
    for (const [i, device] of devices.entries()) {
      expect(await appIdsOf(device.id)).toEqual(inventories[i].map((a) => a.appId).sort());
      expect(Number((await deviceRow(device.id)).free_storage_bytes)).toBe(1000 + i);
    }
    const shared = await server.query<{ platform: string; device_count: number }>(
      'SELECT platform, device_count FROM app_catalog WHERE tenant_id = ? AND app_id = ?',
      [tenant.tenantId, 'shared.app0'],
    );
    const perPlatform = Object.fromEntries(
      shared.map((row) => [row.platform, Number(row.device_count)]),
    );
    expect(perPlatform).toEqual({ ios: 13, android: 13, macos: 12, windows: 12 });
  });

  it('never writes personal data to the log', async () => {
    const log = server.logLines.join('\n');
    expect(log.length).toBeGreaterThan(0);
    const stored = await server.query<Record<string, unknown>>('SELECT * FROM device');
    const personal = stored.flatMap((row) =>
      [
        'serial_number',
        'imei',
        'iccid',
        'udid',
        'wifi_mac',
        'phone_number',
        'user_principal_name',
        'user_email',
        'device_name',
      ]
        .map((column) => row[column])
        .filter((value): value is string => typeof value === 'string' && value.length > 3),
    );
    expect(personal.length).toBeGreaterThan(100);
    for (const value of personal) expect(log).not.toContain(value);
    expect(log).not.toContain('steady.app');
    expect(log).not.toContain(tenant.enrollmentToken);
  });
});
