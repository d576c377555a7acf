import { ManagedAppsService } from '../src/apps/managed-apps.service';
import { appInventoryHash } from '../src/check-in/app-inventory-hash';
import { DeliveredCommand } from '../src/check-in/device-channel.types';
import { DeviceActionResult } from '../src/remote-actions/device-action-results';
import { adminCall, adminWithRole, auditedDuring, auditRows, modified } from './support/admin-api';
import { dumpEveryTable } from './support/database-scan';
import { describeEachDatabase } from './support/databases';
import { checkIn, EnrolledDevice, enroll } from './support/device-channel';
import { appsFixture, deviceFixture } from './support/device-fixtures';
import { startTestServer, systemActor, TestServer } from './support/test-server';

interface CheckInBody {
  managementState: string;
  commands: DeliveredCommand[];
  appInventory: { status: string };
  discarded: { field: string; reason: string }[];
}

const DEVICES = '/v1.0/deviceManagement/managedDevices';

describeEachDatabase('remote actions', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let helpDesk: { token: string; upn: string };

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
    helpDesk = await adminWithRole(server, tenant.tenantId, 'helpDeskOperator');
  });
  afterAll(() => server.close());

  const action = (deviceId: string, name: string, body?: unknown) =>
    adminCall(server.url, helpDesk.token, 'POST', `${DEVICES}/${deviceId}/${name}`, body);
  /** deviceActionResults as an admin reads them from the managedDevice. */
  const actionResults = async (deviceId: string) => {
    const answer = await adminCall<{ deviceActionResults: DeviceActionResult[] }>(
      server.url,
      helpDesk.token,
      'GET',
      `${DEVICES}/${deviceId}?$select=deviceActionResults`,
    );
    expect(answer.status).toBe(200);
    return answer.body.deviceActionResults;
  };
  const deviceRow = async (deviceId: string) =>
    (
      await server.query<Record<string, unknown>>('SELECT * FROM device WHERE id = ?', [deviceId])
    )[0];
  const count = async (table: string, deviceId: string) =>
    Number(
      (
        await server.query<{ n: number }>(
          `SELECT COUNT(*) AS n FROM ${table} WHERE device_id = ?`,
          [deviceId],
        )
      )[0].n,
    );
  const answer = (device: EnrolledDevice, commands: DeliveredCommand[], extra = {}) =>
    checkIn<CheckInBody>(server.url, device, {
      commandResults: commands.map((c) => ({ commandId: c.commandId, status: 'done' })),
      ...extra,
    });

  it('retires a device end to end: pending → delivered → acknowledged → credential refused → data gone, tombstone and audit kept', async () => {
    const outlook = await server.service(ManagedAppsService).create(
      tenant.tenantId,
      {
        platform: 'ios',
        appId: 'com.microsoft.Office.Outlook',
        displayName: 'Outlook',
        assignmentIntent: 'required',
      },
      systemActor,
    );
    const payload = deviceFixture('ios');
    const device = await enroll(server.url, tenant.enrollmentToken, payload);
    const apps = [
      ...appsFixture('retire.own', 5),
      { appId: outlook.appId, displayName: 'Outlook', version: '4.1' },
    ];
    await checkIn(server.url, device, {
      apps,
      installStates: [{ mobileAppId: outlook.id, state: 'installed' }],
    });
    expect(await count('device_app', device.id)).toBe(6);

    const [requested] = await auditedDuring(server, tenant.tenantId, async () => {
      expect((await action(device.id, 'retire')).status).toBe(204);
    });
    expect(requested).toMatchObject({
      operationType: 'Action',
      activityType: 'retire ManagedDevice',
      actor: { type: 'admin', userPrincipalName: helpDesk.upn },
    });
    expect(modified(requested, 'managementState')).toEqual({
      oldValue: 'managed',
      newValue: 'retirePending',
    });
    expect(await actionResults(device.id)).toMatchObject([
      { actionName: 'retire', actionState: 'pending' },
    ]);

    const delivered = await checkIn<CheckInBody>(server.url, device, {});
    expect(delivered.body.managementState).toBe('retirePending');
    expect(delivered.body.commands).toMatchObject([{ action: 'retire' }]);
    expect(await actionResults(device.id)).toMatchObject([
      { actionName: 'retire', actionState: 'active' },
    ]);

    const acknowledged = await answer(device, delivered.body.commands, {
      apps: appsFixture('retire.after', 3),
    });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({
      managementState: 'retired',
      commands: [],
      discarded: [{ field: 'apps', reason: 'deviceLeftManagement' }],
    });

    expect((await checkIn(server.url, device, {})).status).toBe(401);

    const row = await deviceRow(device.id);
    expect(row).toMatchObject({
      management_state: 'retired',
      credential_hash: null,
      serial_number: null,
      imei: null,
      phone_number: null,
      phone_number_last4: null,
      user_principal_name: null,
      user_email: null,
    });
    expect(row.retired_at).not.toBeNull();
    for (const table of ['device_app', 'managed_app_install_state', 'checkin_receipt']) {
      expect({ table, rows: await count(table, device.id) }).toEqual({ table, rows: 0 });
    }
    const everything = await dumpEveryTable(server);
    for (const value of [
      payload.hardware.serialNumber,
      payload.hardware.imei,
      payload.hardware.phoneNumber,
      payload.user!.userPrincipalName,
      'retire.own.app0',
      'retire.after.app0',
    ]) {
      expect({ value, stored: everything.includes(String(value)) }).toEqual({
        value,
        stored: false,
      });
    }
    const trail = (await auditRows(server, tenant.tenantId)).filter(
      (event) => event.resources[0]?.resourceId === device.id,
    );
    expect(trail.map((event) => [event.activity, event.actor.type])).toEqual([
      ['Enroll device', 'device'],
      ['retire ManagedDevice', 'admin'],
      ['Device answered retire', 'device'],
    ]);
    // The tombstone is no longer listed, but its command's state is kept.
    expect(
      (await adminCall(server.url, helpDesk.token, 'GET', `${DEVICES}/${device.id}`)).status,
    ).toBe(404);
    expect(
      await server.query('SELECT action, status FROM device_command WHERE device_id = ?', [
        device.id,
      ]),
    ).toEqual([{ action: 'retire', status: 'done' }]);
    const again = await action(device.id, 'syncDevice');
    expect(again.status).toBe(409);
  });

  it('keeps a wiped Windows device enrolled only with keepEnrollmentData, resetting its inventory', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('windows'));
    const apps = appsFixture('wipe.keep', 8);
    await checkIn(server.url, device, { apps });
    expect(
      (await action(device.id, 'wipe', { keepEnrollmentData: true, keepUserData: true })).status,
    ).toBe(204);
    const delivered = await checkIn<CheckInBody>(server.url, device, {});
    expect(delivered.body.commands).toMatchObject([
      { action: 'wipe', parameters: { keepEnrollmentData: true, keepUserData: true } },
    ]);
    const acknowledged = await answer(device, delivered.body.commands);
    expect(acknowledged.body.managementState).toBe('managed');
    expect(await count('device_app', device.id)).toBe(0);
    const hashOnly = await checkIn<CheckInBody>(server.url, device, {
      appInventoryHash: appInventoryHash(apps),
    });
    expect(hashOnly.status).toBe(200);
    expect(hashOnly.body.appInventory.status).toBe('resendRequired');
  });

  it('refuses a wipe option the platform cannot honour, queuing nothing', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('ios'));
    const events = await auditedDuring(server, tenant.tenantId, async () => {
      const refused = await action(device.id, 'wipe', { keepEnrollmentData: true });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: { target: 'keepEnrollmentData' } });
    });
    expect(events).toEqual([]);
    expect(await count('device_command', device.id)).toBe(0);
    expect((await deviceRow(device.id)).management_state).toBe('managed');
  });

  it('carries a Mac’s unlock code to the device and keeps it nowhere else', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('macos'));
    const code = '739164';
    expect((await action(device.id, 'wipe', { macOsUnlockCode: code })).status).toBe(204);
    const delivered = await checkIn<CheckInBody>(server.url, device, {});
    expect(delivered.body.commands).toMatchObject([
      { action: 'wipe', parameters: { macOsUnlockCode: code } },
    ]);
    const stored = await dumpEveryTable(server);
    const receipts = stored.split('\n').find((table) => table.startsWith('checkin_receipt:'))!;
    expect(receipts).not.toContain('macOsUnlockCode');
    const audit = stored.split('\n').find((table) => table.startsWith('audit_event:'))!;
    expect(audit).not.toContain('macOsUnlockCode');
    await answer(device, delivered.body.commands);
    expect(await dumpEveryTable(server)).not.toContain(`"macOsUnlockCode":"${code}"`);
  });

  it('locates only corporate devices, and forgets a location when the device becomes personal', async () => {
    const personal = await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('android', { ownership: 'personal' }),
    );
    const [refusal] = await auditedDuring(server, tenant.tenantId, async () => {
      const refused = await action(personal.id, 'locateDevice');
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        error: { code: 'accessDenied', message: expect.stringContaining('corporate devices') },
      });
    });
    expect(refusal).toMatchObject({ operationType: 'Refused', result: 'Failure' });
    expect(await count('device_command', personal.id)).toBe(0);

    const corporate = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
    await action(corporate.id, 'locateDevice');
    const delivered = await checkIn<CheckInBody>(server.url, corporate, {});
    const location = { latitude: 59.3293, longitude: 18.0686, accuracyInMeters: 12 };
    await checkIn(server.url, corporate, {
      commandResults: [
        { commandId: delivered.body.commands[0].commandId, status: 'done', location },
      ],
    });
    expect(await actionResults(corporate.id)).toMatchObject([
      {
        '@odata.type': '#microsoft.graph.locateDeviceActionResult',
        actionName: 'locateDevice',
        actionState: 'done',
        deviceLocation: { latitude: 59.3293, longitude: 18.0686, horizontalAccuracy: 12 },
      },
    ]);
    await action(corporate.id, 'locateDevice');
    const patch = await adminCall(
      server.url,
      helpDesk.token,
      'PATCH',
      `${DEVICES}/${corporate.id}`,
      {
        managedDeviceOwnerType: 'personal',
      },
    );
    expect(patch.status).toBe(200);
    const results = await actionResults(corporate.id);
    expect(results).toEqual([
      expect.objectContaining({ actionName: 'locateDevice', actionState: 'canceled' }),
    ]);
    expect(await dumpEveryTable(server)).not.toContain('59.3293');
    expect((await checkIn<CheckInBody>(server.url, corporate, {})).body.commands).toEqual([]);
  });

  it('delivers the other actions until the device answers them, and tracks each one', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('macos'));
    const names = ['syncDevice', 'rebootNow', 'remoteLock', 'shutDown'];
    for (const name of names) expect((await action(device.id, name)).status).toBe(204);
    const first = await checkIn<CheckInBody>(server.url, device, {});
    expect(first.body.commands.map((c) => c.action)).toEqual(names);
    // An unanswered command is delivered again: the first response may have been lost.
    const second = await checkIn<CheckInBody>(server.url, device, {});
    expect(second.body.commands.map((c) => c.commandId)).toEqual(
      first.body.commands.map((c) => c.commandId),
    );
    await answer(device, second.body.commands);
    expect((await checkIn<CheckInBody>(server.url, device, {})).body.commands).toEqual([]);
    const results = await actionResults(device.id);
    expect(results.map((r) => [r.actionName, r.actionState])).toEqual(
      names.map((name) => [name, 'done']),
    );
    for (const result of results) {
      expect(Date.parse(result.lastUpdatedDateTime)).toBeGreaterThanOrEqual(
        Date.parse(result.startDateTime),
      );
    }
  });

  it('lets a wipe supersede a pending retire, refuses repeats, and allows a retry after a failure', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
    expect((await action(device.id, 'retire')).status).toBe(204);
    expect((await action(device.id, 'retire')).status).toBe(409);
    expect((await action(device.id, 'wipe')).status).toBe(204);
    expect((await action(device.id, 'retire')).status).toBe(409);
    expect((await action(device.id, 'wipe')).status).toBe(409);
    const delivered = await checkIn<CheckInBody>(server.url, device, {});
    expect(delivered.body.commands.map((c) => c.action)).toEqual(['wipe']);
    const failed = await checkIn<CheckInBody>(server.url, device, {
      commandResults: [
        { commandId: delivered.body.commands[0].commandId, status: 'failed', errorDetail: 'busy' },
      ],
    });
    expect(failed.body.managementState).toBe('wipeFailed');
    expect(await actionResults(device.id)).toMatchObject([
      { actionName: 'retire', actionState: 'canceled' },
      { actionName: 'wipe', actionState: 'failed' },
    ]);
    expect((await action(device.id, 'wipe')).status).toBe(204);
    expect((await deviceRow(device.id)).management_state).toBe('wipePending');
  });

  it('removes a deleted device from management at once', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('ios'));
    await checkIn(server.url, device, { apps: appsFixture('deleted', 4) });
    const [deleted] = await auditedDuring(server, tenant.tenantId, async () => {
      const answer = await adminCall(
        server.url,
        tenant.adminToken,
        'DELETE',
        `${DEVICES}/${device.id}`,
      );
      expect(answer.status).toBe(204);
    });
    expect(deleted).toMatchObject({
      operationType: 'Delete',
      activityType: 'Delete ManagedDevice',
    });
    expect((await checkIn(server.url, device, {})).status).toBe(401);
    expect(await count('device_app', device.id)).toBe(0);
    expect((await deviceRow(device.id)).management_state).toBe('retired');
  });
});
