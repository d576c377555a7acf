import { ManagedAppsService } from '../src/apps/managed-apps.service';
import { appInventoryHash } from '../src/check-in/app-inventory-hash';
import { adminCall, adminWithRole, auditedDuring, modified } from './support/admin-api';
import { dumpEveryTable } from './support/database-scan';
import { describeEachDatabase } from './support/databases';
import { checkIn, enroll } from './support/device-channel';
import { appsFixture, deviceFixture } from './support/device-fixtures';
import { startTestServer, systemActor, TestServer } from './support/test-server';

const DEVICES = '/v1.0/deviceManagement/managedDevices';

describeEachDatabase('ownership change', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let helpDesk: { token: string; upn: string };
  const outlook = {
    appId: 'com.microsoft.Office.Outlook',
    displayName: 'Outlook',
    version: '4.2',
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
    helpDesk = await adminWithRole(server, tenant.tenantId, 'helpDeskOperator');
    await server
      .service(ManagedAppsService)
      .create(
        tenant.tenantId,
        { platform: 'ios', appId: outlook.appId, displayName: 'Outlook' },
        systemActor,
      );
  });
  afterAll(() => server.close());

  const patch = (deviceId: string, body: unknown, token = helpDesk.token) =>
    adminCall(server.url, token, 'PATCH', `${DEVICES}/${deviceId}`, body);
  const deviceRow = async (deviceId: string) =>
    (
      await server.query<Record<string, unknown>>('SELECT * FROM device WHERE id = ?', [deviceId])
    )[0];
  const appIdsOf = async (deviceId: string) =>
    (
      await server.query<{ app_id: string }>(
        `SELECT c.app_id FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id
         WHERE l.device_id = ? ORDER BY c.app_id`,
        [deviceId],
      )
    ).map((row) => row.app_id);
  const deviceCount = async (appId: string) =>
    (
      await server.query<{ device_count: number }>(
        'SELECT device_count FROM app_catalog WHERE tenant_id = ? AND app_id = ?',
        [tenant.tenantId, appId],
      )
    ).map((row) => Number(row.device_count));

  it('corporate → personal deletes unmanaged apps and the full phone number within the request', async () => {
    const payload = deviceFixture('ios');
    const device = await enroll(server.url, tenant.enrollmentToken, payload);
    const colleague = await enroll(server.url, tenant.enrollmentToken, deviceFixture('ios'));
    const own = appsFixture('handover.own', 10);
    const shared = appsFixture('handover.shared', 3);
    await checkIn(server.url, device, { apps: [...own, ...shared, outlook] });
    await checkIn(server.url, colleague, { apps: shared });
    const phone = String(payload.hardware.phoneNumber);
    expect((await deviceRow(device.id)).phone_number).toBe(phone);

    const [event] = await auditedDuring(server, tenant.tenantId, async () => {
      expect((await patch(device.id, { managedDeviceOwnerType: 'personal' })).status).toBe(200);
    });

    // Checked right after the response: nothing waits for a later job or check-in.
    expect(await appIdsOf(device.id)).toEqual([outlook.appId]);
    expect(await deviceRow(device.id)).toMatchObject({
      ownership: 'personal',
      ownership_reason: 'administrator',
      phone_number: null,
      phone_number_last4: phone.slice(-4),
      app_inventory_hash: null,
    });
    expect(await deviceCount('handover.shared.app0')).toEqual([1]);
    expect(await appIdsOf(colleague.id)).toEqual(shared.map((app) => app.appId).sort());
    const everything = await dumpEveryTable(server);
    expect(everything).not.toContain('handover.own.app');
    expect(everything).not.toContain(phone);
    expect(event).toMatchObject({
      operationType: 'Patch',
      actor: { type: 'admin', userPrincipalName: helpDesk.upn },
    });
    expect(modified(event, 'managedDeviceOwnerType')).toEqual({
      oldValue: 'company',
      newValue: 'personal',
    });

    const next = await checkIn<{ directives: object; appInventory: { status: string } }>(
      server.url,
      device,
      { appInventoryHash: appInventoryHash([...own, ...shared, outlook]) },
    );
    expect(next.body).toMatchObject({
      directives: { appInventory: 'managedOnly', phoneNumber: 'last4' },
      appInventory: { status: 'resendRequired' },
    });
  });

  it('personal → corporate collects the full inventory from the next check-in on', async () => {
    const payload = deviceFixture('ios', { ownership: 'personal' });
    const device = await enroll(server.url, tenant.enrollmentToken, payload);
    const apps = appsFixture('corporatised', 6);
    await checkIn(server.url, device, { apps });
    expect(await appIdsOf(device.id)).toEqual([]);

    const [event] = await auditedDuring(server, tenant.tenantId, async () => {
      expect((await patch(device.id, { managedDeviceOwnerType: 'company' })).status).toBe(200);
    });
    expect(modified(event, 'managedDeviceOwnerType')).toEqual({
      oldValue: 'personal',
      newValue: 'company',
    });
    const hashOnly = await checkIn<{ appInventory: { status: string } }>(server.url, device, {
      appInventoryHash: appInventoryHash(apps),
    });
    expect(hashOnly.body).toMatchObject({
      directives: { appInventory: 'all', phoneNumber: 'full' },
      appInventory: { status: 'resendRequired' },
    });
    await checkIn(server.url, device, {
      apps,
      hardware: { phoneNumber: String(payload.hardware.phoneNumber) },
    });
    expect(await appIdsOf(device.id)).toEqual(apps.map((app) => app.appId).sort());
    expect((await deviceRow(device.id)).phone_number).toBe(payload.hardware.phoneNumber);
  });

  it('changes the name and notes, ignores read-only properties, refuses unknown ones, leaving the device as it was', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
    const [event] = await auditedDuring(server, tenant.tenantId, async () => {
      const answer = await patch(device.id, {
        managedDeviceName: 'Reception tablet',
        notes: 'Desk 4',
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        id: device.id,
        managedDeviceName: 'Reception tablet',
        notes: 'Desk 4',
      });
    });
    expect(modified(event, 'managedDeviceName')).toEqual({
      oldValue: null,
      newValue: 'Reception tablet',
    });
    expect(modified(event, 'notes')).toEqual({ oldValue: null, newValue: 'Desk 4' });

    const before = await deviceRow(device.id);
    // Read-only properties are ignored as Graph ignores them; names Graph does not have are refused.
    for (const [body, status] of [
      [{ serialNumber: 'C02XYZ' }, 200],
      [{ '@odata.type': '#microsoft.graph.managedDevice', deviceName: 'x', imei: '1' }, 200],
      [{}, 200],
      [{ managedDeviceOwnerType: 'corporate' }, 400],
      [{ managedDeviceOwnerType: 'company', shoeSize: 'x' }, 400],
      [{ '@odata.type': '#microsoft.graph.detectedApp' }, 400],
      [{ managedDeviceOwnerType: 'company', ownerType: 'personal' }, 400],
    ] as const) {
      const events = await auditedDuring(server, tenant.tenantId, async () => {
        const answer = await patch(device.id, body);
        expect({ body, status: answer.status }).toEqual({ body, status });
      });
      expect(events).toEqual([]);
    }
    expect(await deviceRow(device.id)).toEqual(before);

    expect((await patch(device.id, { notes: null })).status).toBe(200);
    expect((await deviceRow(device.id)).notes).toBeNull();
  });

  it('refuses a read-only operator, audits the refusal and changes nothing', async () => {
    const reader = await adminWithRole(server, tenant.tenantId, 'readOnlyOperator');
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('ios'));
    await checkIn(server.url, device, { apps: appsFixture('kept', 3) });
    const before = await deviceRow(device.id);
    const [refusal, ...more] = await auditedDuring(server, tenant.tenantId, async () => {
      const answer = await patch(device.id, { managedDeviceOwnerType: 'personal' }, reader.token);
      expect(answer.status).toBe(403);
    });
    expect(more).toEqual([]);
    expect(refusal).toMatchObject({
      operationType: 'Refused',
      result: 'Failure',
      actor: { userPrincipalName: reader.upn },
    });
    expect(await deviceRow(device.id)).toEqual(before);
    expect(await appIdsOf(device.id)).toHaveLength(3);
  });
});
