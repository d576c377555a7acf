import { CorporateIdentifiersService } from '../src/graph/imported-device-identities/corporate-identifiers.service';
import { mod97 } from '../src/rules/identifiers';
import { adminCall, Method } from './support/admin-api';
import { dumpEveryTable } from './support/database-scan';
import { describeEachDatabase } from './support/databases';
import { checkIn, enroll, EnrolledDevice, postJson } from './support/device-channel';
import { appsFixture, deviceFixture, EnrollmentPayload } from './support/device-fixtures';
import { startTestServer, systemActor, TestServer } from './support/test-server';

function validEid(): string {
  const body = `8904903200000000${String(process.pid).padStart(14, '0')}`;
  return body + String(98 - mod97(body + '00')).padStart(2, '0');
}

/**
 * Issue 14's eight wrong cells of the collection matrix, each as what a privacy reviewer sees
 * through the public API (docs/collection-rules.md). Each failed before the fix.
 */
describeEachDatabase('privacy fidelity', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Fabrikam');
  });
  afterAll(() => server.close());

  const admin = <T = Record<string, unknown>>(method: Method, path: string, body?: unknown) =>
    adminCall<T>(server.url, tenant.adminToken, method, path, body);
  const appIdsOf = async (deviceId: string) =>
    (
      await server.query<{ app_id: string }>(
        `SELECT c.app_id FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id
         WHERE l.device_id = ? ORDER BY c.app_id`,
        [deviceId],
      )
    ).map((row) => row.app_id);
  const enrollAnswer = (payload: EnrollmentPayload) =>
    postJson<{ error: { target: string; message: string } }>(
      `${server.url}/enrollment/v1/enroll`,
      tenant.enrollmentToken,
      payload,
    );
  const fixture = (
    platform: EnrollmentPayload['platform'],
    enrollmentType: EnrollmentPayload['enrollmentType'],
    hardware: Record<string, string | number | undefined>,
  ): EnrollmentPayload => {
    const base = deviceFixture(platform, { enrollmentType });
    const merged = { ...base.hardware, ...hardware };
    for (const [field, value] of Object.entries(merged))
      if (value === undefined) delete merged[field];
    return { ...base, hardware: merged as Record<string, string | number> };
  };
  const app = (appId: string) => ({ appId, displayName: appId, version: '1.0' });

  it('1. a personal iPhone keeps no app the tenant only added to its catalog; removing the last assignment purges it', async () => {
    const created = await admin<{ id: string }>('POST', '/v1.0/deviceAppManagement/mobileApps', {
      '@odata.type': '#microsoft.graph.iosStoreApp',
      displayName: 'Dating app',
      bundleId: 'com.dating.app',
    });
    expect(created.status).toBe(201);
    const device = await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('ios', { ownership: 'personal' }),
    );
    await checkIn(server.url, device, { apps: [app('com.dating.app'), ...appsFixture('own', 2)] });
    expect(await appIdsOf(device.id)).toEqual([]);
    const detected = await admin<{ value: { displayName: string }[] }>(
      'GET',
      '/v1.0/deviceManagement/detectedApps',
    );
    expect(JSON.stringify(detected.body)).not.toContain('com.dating.app');

    const assign = (intent: string | null) =>
      admin('POST', `/v1.0/deviceAppManagement/mobileApps/${created.body.id}/assign`, {
        mobileAppAssignments: intent
          ? [{ intent, target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }]
          : [],
      });
    expect((await assign('available')).status).toBe(204);
    await checkIn(server.url, device, { apps: [app('com.dating.app'), ...appsFixture('own', 2)] });
    expect(await appIdsOf(device.id)).toEqual(['com.dating.app']);

    expect((await assign(null)).status).toBe(204);
    // In the same request: nothing waits for the device's next check-in.
    expect(await appIdsOf(device.id)).toEqual([]);
    expect(
      await server.query('SELECT id FROM app_catalog WHERE tenant_id = ? AND app_id = ?', [
        tenant.tenantId,
        'com.dating.app',
      ]),
    ).toEqual([]);
  });

  it('2. Apple User Enrollment: ICCID, EID, phone number, carrier and MACs are refused by name, and the privacy view says why', async () => {
    // What the same iPhone reports when enrolled any other way.
    const reported = deviceFixture('ios').hardware;
    const bare = deviceFixture('ios', { enrollmentType: 'appleUserEnrollment' });
    for (const [field, value] of Object.entries({
      iccid: reported.iccid,
      wiFiMacAddress: reported.wiFiMacAddress,
      phoneNumber: reported.phoneNumber,
      subscriberCarrier: reported.subscriberCarrier,
      eid: validEid(),
    })) {
      const answer = await enrollAnswer({
        ...bare,
        hardware: { ...bare.hardware, [field]: value },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.target).toBe(`hardware.${field}`);
      expect(answer.body.error.message).toContain('not available under Apple User Enrollment');
    }
    const device = await enroll(server.url, tenant.enrollmentToken, bare);
    const refused = await checkIn<{ error: { target: string } }>(server.url, device, {
      hardware: { iccid: reported.iccid },
    });
    expect(refused.status).toBe(400);
    expect(await dumpEveryTable(server)).not.toContain(String(reported.iccid));
    const view = await postJson<{ categories: { category: string; reasons: string[] }[] }>(
      `${server.url}/enrollment/v1/devices/${device.id}/privacy`,
      device.credential,
      undefined,
      'GET',
    );
    for (const category of ['iccid', 'eid', 'phoneNumber', 'wiFiMacAddress', 'subscriberCarrier']) {
      expect(view.body.categories.find((c) => c.category === category)?.reasons).toEqual([
        'notAvailableUnderUserEnrollment',
      ]);
    }

    const mac = fixture('macos', 'appleUserEnrollment', {
      wiFiMacAddress: deviceFixture('macos').hardware.wiFiMacAddress,
    });
    const macAnswer = await enrollAnswer(mac);
    expect(macAnswer.status).toBe(400);
    expect(macAnswer.body.error.target).toBe('hardware.wiFiMacAddress');
  });

  it('3. a Mac under User Enrollment keeps managed apps only, with a compliant-app list on and as corporate', async () => {
    await admin('POST', '/v1.0/deviceManagement/deviceConfigurations', {
      '@odata.type': '#microsoft.graph.macOSGeneralDeviceConfiguration',
      displayName: 'No Steam',
      compliantAppListType: 'appsNotInListCompliant',
      compliantAppsList: [{ name: 'Steam', appId: 'com.valvesoftware.steam' }],
    });
    const device = await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('macos', { enrollmentType: 'appleUserEnrollment' }),
    );
    const first = await checkIn<{ directives: { appInventory: string } }>(server.url, device, {
      apps: appsFixture('mac.personal', 3),
    });
    expect(first.body.directives.appInventory).toBe('managedOnly');
    expect(await appIdsOf(device.id)).toEqual([]);
    await admin('PATCH', `/v1.0/deviceManagement/managedDevices/${device.id}`, {
      managedDeviceOwnerType: 'company',
    });
    await checkIn(server.url, device, { apps: appsFixture('mac.personal', 3) });
    expect(await appIdsOf(device.id)).toEqual([]);
  });

  it('4. a personal Android 12 work profile: IMEI and serial refused (Wi-Fi MAC from Android 9), so no corporate identifier can claim it', async () => {
    const payload = fixture('android', 'androidPersonalWorkProfile', {
      osVersion: '12',
      imei: undefined,
      serialNumber: undefined,
      wiFiMacAddress: undefined,
    });
    const imei = deviceFixture('android').hardware.imei as string;
    await server
      .service(CorporateIdentifiersService)
      .add(tenant.tenantId, { kind: 'imei', imei }, systemActor);
    const withImei = await enrollAnswer({ ...payload, hardware: { ...payload.hardware, imei } });
    expect(withImei.status).toBe(400);
    expect(withImei.body.error.target).toBe('hardware.imei');
    const [identifier] = await server.query<{ enrollment_state: string }>(
      'SELECT enrollment_state FROM corporate_identifier WHERE value = ?',
      [imei],
    );
    expect(identifier.enrollment_state).not.toBe('enrolled');
    const mac = await enrollAnswer({
      ...payload,
      hardware: { ...payload.hardware, osVersion: '9', wiFiMacAddress: '5C497D000001' },
    });
    expect(mac.status).toBe(400);
    expect(mac.body.error.target).toBe('hardware.wiFiMacAddress');
    const device = await enroll(server.url, tenant.enrollmentToken, payload);
    expect(device.ownership).toBe('personal');
  });

  it('5. below Android 12 a personal work profile reports its IMEI, and a corporate IMEI makes it corporate', async () => {
    const payload = fixture('android', 'androidPersonalWorkProfile', {
      osVersion: '11',
      imei: deviceFixture('android').hardware.imei,
    });
    await server
      .service(CorporateIdentifiersService)
      .add(tenant.tenantId, { kind: 'imei', imei: String(payload.hardware.imei) }, systemActor);
    const device = await enroll(server.url, tenant.enrollmentToken, payload);
    expect(device.ownership).toBe('corporate');
  });

  it('6. Windows joined to Entra ID with work credentials is corporate; Entra-registered is personal', async () => {
    const joined = await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('windows', { enrollmentType: 'entraJoined' }),
    );
    const registered = await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('windows', { enrollmentType: 'entraRegistered' }),
    );
    expect([joined.ownership, registered.ownership]).toEqual(['corporate', 'personal']);
  });

  it('7. the compliant-app list is a device configuration: no Windows profile has one, and compliance policies carry none', async () => {
    const windows = await admin('POST', '/v1.0/deviceManagement/deviceConfigurations', {
      '@odata.type': '#microsoft.graph.windows10GeneralConfiguration',
      displayName: 'No games',
      compliantAppListType: 'appsNotInListCompliant',
      compliantAppsList: [{ name: 'Solitaire', appId: 'Microsoft.MicrosoftSolitaireCollection' }],
    });
    expect(windows.status).toBe(400);
    const policy = await admin('POST', '/v1.0/deviceManagement/deviceCompliancePolicies', {
      '@odata.type': '#microsoft.graph.windows10CompliancePolicy',
      displayName: 'No games',
      compliantAppsList: [{ name: 'Solitaire', appId: 'Microsoft.MicrosoftSolitaireCollection' }],
    });
    expect(policy.status).toBe(400);
    expect(JSON.stringify(policy.body)).toContain("'compliantAppsList'");
    const pc = await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('windows', { ownership: 'personal' }),
    );
    await checkIn(server.url, pc, { apps: appsFixture('pc.personal', 4) });
    expect(await appIdsOf(pc.id)).toEqual([]);
  });

  it('8. corporate → personal keeps what the compliant-app list still allows', async () => {
    await admin('POST', '/v1.0/deviceManagement/deviceConfigurations', {
      '@odata.type': '#microsoft.graph.iosGeneralDeviceConfiguration',
      displayName: 'No games on iOS',
      compliantAppListType: 'appsNotInListCompliant',
      compliantAppsList: [{ name: 'Candy Crush', appId: 'com.king.candycrushsaga' }],
    });
    const device: EnrolledDevice = await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('ios'),
    );
    const apps = appsFixture('handover', 4);
    await checkIn(server.url, device, { apps });
    const patched = await admin('PATCH', `/v1.0/deviceManagement/managedDevices/${device.id}`, {
      managedDeviceOwnerType: 'personal',
    });
    expect(patched.status).toBe(200);
    expect(await appIdsOf(device.id)).toEqual(apps.map((a) => a.appId).sort());
    const again = await checkIn<{ appInventory: { stored: number } }>(server.url, device, { apps });
    expect(again.body.appInventory.stored).toBe(4);
  });

  it('migrates compliance-policy app lists to device configurations, and deletes what the rules no longer keep', async () => {
    const migrations = server.dataSource;
    // The device whose apps an old Windows app-list rule let the server keep.
    const pc = await enroll(server.url, tenant.enrollmentToken, deviceFixture('windows'));
    await checkIn(server.url, pc, { apps: appsFixture('legacy.pc', 3) });
    const iphone = await enroll(server.url, tenant.enrollmentToken, deviceFixture('ios'));
    await checkIn(server.url, iphone, { apps: appsFixture('legacy.iphone', 2) });
    await migrations.undoLastMigration({ transaction: 'all' });
    const now = Date.now();
    for (const [id, platform, type, apps] of [
      [
        '0f0e0d0c-0000-4000-8000-000000000001',
        'windows',
        'approved',
        '[{"appId":"legacy.pc.app0"}]',
      ],
      [
        '0f0e0d0c-0000-4000-8000-000000000002',
        'ios',
        'restricted',
        '[{"appId":"com.king.candycrushsaga"}]',
      ],
    ]) {
      await server.query(
        `INSERT INTO compliance_policy (id, tenant_id, platform, display_name, description, app_list_type, apps, created_at, updated_at)
         VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
        [id, tenant.tenantId, platform, `Old ${platform} rule`, type, apps, now, now],
      );
    }
    await server.query("UPDATE device SET ownership = 'personal' WHERE id IN (?, ?)", [
      pc.id,
      iphone.id,
    ]);
    await migrations.runMigrations({ transaction: 'all' });

    const configurations = await server.query<Record<string, unknown>>(
      `SELECT platform, compliant_app_list_type, compliant_apps_list FROM device_configuration
       WHERE tenant_id = ? AND display_name LIKE 'Old %'`,
      [tenant.tenantId],
    );
    expect(configurations).toEqual([
      {
        platform: 'ios',
        compliant_app_list_type: 'appsNotInListCompliant',
        compliant_apps_list: '[{"appId":"com.king.candycrushsaga"}]',
      },
    ]);
    // Windows has no compliant-app list: its personal devices keep assigned apps only.
    expect(await appIdsOf(pc.id)).toEqual([]);
    expect(await dumpEveryTable(server)).not.toContain('legacy.pc.app1');
    // iOS keeps its list, so the personal iPhone keeps its apps.
    expect(await appIdsOf(iphone.id)).toEqual(['legacy.iphone.app0', 'legacy.iphone.app1']);
  });
});
