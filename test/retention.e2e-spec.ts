import { WriteTransactions } from '../src/database/write-transactions';
import { RetentionService } from '../src/retention/retention.service';
import { claimScheduledRun } from '../src/retention/schedule-claim';
import { adminCall, auditedDuring, auditRows } from './support/admin-api';
import { describeEachDatabase } from './support/databases';
import { checkIn, EnrolledDevice, enroll } from './support/device-channel';
import { appsFixture, deviceFixture } from './support/device-fixtures';
import { startTestServer, systemActor, TestServer } from './support/test-server';

const DAY = 24 * 60 * 60 * 1000;
const PEPPER = 'retention-test-pepper-0123456789abcdefghijk';

describeEachDatabase('retention', (kind) => {
  let server: TestServer;
  let contoso: Awaited<ReturnType<TestServer['createTenant']>>;
  let fabrikam: Awaited<ReturnType<TestServer['createTenant']>>;

  const device = async (tenant: typeof contoso, daysSinceCheckIn = 0) => {
    const enrolled = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
    expect(
      (await checkIn(server.url, enrolled, { apps: appsFixture('com.retention', 4) })).status,
    ).toBe(200);
    if (daysSinceCheckIn > 0) {
      await server.query('UPDATE device SET last_checkin_at = ? WHERE id = ?', [
        Date.now() - daysSinceCheckIn * DAY,
        enrolled.id,
      ]);
    }
    return enrolled;
  };
  const row = async (id: string) =>
    (await server.query<Record<string, unknown>>('SELECT * FROM device WHERE id = ?', [id]))[0];
  const run = (token = contoso.adminToken) =>
    adminCall<Record<string, number>>(server.url, token, 'POST', '/v1.0/admin/retention/run');

  beforeAll(async () => {
    server = await startTestServer(kind, { TOKEN_PEPPER: PEPPER });
    contoso = await server.createTenant('Contoso');
    fabrikam = await server.createTenant('Fabrikam');
  });
  afterAll(() => server.close());

  it('sets the device cleanup rule, the Graph way too, within Intune’s 30 to 270 days', async () => {
    const path = '/v1.0/deviceManagement/managedDeviceCleanupSettings';
    const graph = await adminCall(server.url, contoso.adminToken, 'PATCH', path, {
      deviceInactivityBeforeRetirementInDays: '90',
    });
    expect(graph.body).toEqual({
      '@odata.type': '#microsoft.graph.managedDeviceCleanupSettings',
      deviceInactivityBeforeRetirementInDays: '90',
    });
    const settings = await adminCall(server.url, contoso.adminToken, 'GET', '/v1.0/admin/settings');
    expect(settings.body).toEqual({
      diagnosticsEnabled: false,
      deviceCleanupDays: 90,
      auditRetentionDays: 365,
      diagnosticsRetentionDays: 90,
    });
    for (const bad of [29, 271, 90.5, '90']) {
      const answer = await adminCall(
        server.url,
        contoso.adminToken,
        'PATCH',
        '/v1.0/admin/settings',
        {
          deviceCleanupDays: bad,
        },
      );
      expect({ bad, status: answer.status }).toEqual({ bad, status: 400 });
    }
    // null turns the rule off; 90 again for the tests below.
    const off = await adminCall(server.url, contoso.adminToken, 'PATCH', '/v1.0/admin/settings', {
      deviceCleanupDays: null,
    });
    expect(off.body).toMatchObject({ deviceCleanupDays: null });
    expect((await adminCall(server.url, contoso.adminToken, 'GET', path)).body).toMatchObject({
      deviceInactivityBeforeRetirementInDays: null,
    });
    await adminCall(server.url, contoso.adminToken, 'PATCH', '/v1.0/admin/settings', {
      deviceCleanupDays: 90,
    });
    const graphBad = await adminCall(server.url, contoso.adminToken, 'PATCH', path, {
      deviceInactivityBeforeRetirementInDays: '14',
    });
    expect(graphBad.status).toBe(400);
    expect(graphBad.body).toMatchObject({
      error: { target: 'deviceInactivityBeforeRetirementInDays' },
    });
  });

  it('deletes exactly the stale devices, each with an audit event, and nothing else', async () => {
    const stale = [await device(contoso, 91), await device(contoso, 200)];
    const kept = [await device(contoso, 89), await device(contoso)];
    // Fabrikam has no cleanup rule: its long-silent device stays.
    const elsewhere = await device(fabrikam, 250);
    const before = await Promise.all([...kept, elsewhere].map((d) => row(d.id)));
    const links = async (devices: EnrolledDevice[]) =>
      server.query(
        `SELECT device_id, app_catalog_id FROM device_app WHERE device_id IN (${devices.map(() => '?').join(', ')}) ORDER BY device_id, app_catalog_id`,
        devices.map((d) => d.id),
      );
    const keptLinks = await links([...kept, elsewhere]);

    let answer: Awaited<ReturnType<typeof run>> | undefined;
    const events = await auditedDuring(server, contoso.tenantId, async () => {
      answer = await run();
    });
    expect(answer!.status).toBe(200);
    expect(answer!.body).toMatchObject({ staleDevicesDeleted: 2 });

    for (const gone of stale) {
      expect(await row(gone.id)).toMatchObject({
        management_state: 'retired',
        credential_hash: null,
        user_principal_name: null,
        serial_number: null,
        imei: null,
      });
      expect(await links([gone])).toEqual([]);
      expect((await checkIn(server.url, gone, {})).status).toBe(401);
      const graph = await adminCall(
        server.url,
        contoso.adminToken,
        'GET',
        `/v1.0/deviceManagement/managedDevices/${gone.id}`,
      );
      expect(graph.status).toBe(404);
    }
    expect(await Promise.all([...kept, elsewhere].map((d) => row(d.id)))).toEqual(before);
    expect(await links([...kept, elsewhere])).toEqual(keptLinks);

    const cleanup = events.filter((event) => event.activity === 'Device cleanup rule');
    expect(cleanup.map((event) => event.resources[0].resourceId).sort()).toEqual(
      stale.map((d) => d.id).sort(),
    );
    for (const event of cleanup) {
      expect(event).toMatchObject({
        operationType: 'Delete',
        actor: { userPrincipalName: contoso.adminUserPrincipalName },
      });
    }
    expect(events.filter((event) => event.activity === 'Run retention')).toHaveLength(1);
    expect(events).toHaveLength(3);

    // Idempotent: a second run finds nothing more.
    expect((await run()).body).toMatchObject({ staleDevicesDeleted: 0, tombstonesPurged: 0 });
  });

  it('deletes audit events past the retention period, with the tombstones retired before it', async () => {
    const old = await device(contoso);
    const recent = await device(contoso);
    for (const d of [old, recent]) {
      expect(
        (
          await adminCall(
            server.url,
            contoso.adminToken,
            'DELETE',
            `/v1.0/deviceManagement/managedDevices/${d.id}`,
          )
        ).status,
      ).toBe(204);
    }
    await server.query(
      'UPDATE device SET retired_at = ?, last_checkin_at = ?, enrolled_at = ? WHERE id = ?',
      [Date.now() - 400 * DAY, Date.now() - 400 * DAY, Date.now() - 401 * DAY, old.id],
    );
    await server.query(
      `UPDATE audit_event SET activity_at = ? WHERE tenant_id = ? AND resources LIKE ?`,
      [Date.now() - 400 * DAY, contoso.tenantId, `%${old.id}%`],
    );
    const expired = await server.query<{ id: string }>(
      'SELECT id FROM audit_event WHERE tenant_id = ? AND activity_at < ?',
      [contoso.tenantId, Date.now() - 365 * DAY],
    );
    const fabrikamEvents = await auditRows(server, fabrikam.tenantId);
    expect(expired.length).toBeGreaterThan(0);

    const answer = await run();
    expect(answer.body).toMatchObject({
      auditEventsDeleted: expired.length,
      tombstonesPurged: 1,
      staleDevicesDeleted: 0,
    });
    expect(await row(old.id)).toBeUndefined();
    expect(
      await server.query('SELECT id FROM device_command WHERE device_id = ?', [old.id]),
    ).toEqual([]);
    expect(await row(recent.id)).toMatchObject({ management_state: 'retired' });
    const remaining = await server.query<{ id: string }>(
      `SELECT id FROM audit_event WHERE id IN (${expired.map(() => '?').join(', ')})`,
      expired.map((e) => e.id),
    );
    expect(remaining).toEqual([]);
    expect(await auditRows(server, fabrikam.tenantId)).toEqual(fabrikamEvents);
  });

  it('deletes diagnostics past their period, and never the receipt that answers a retry', async () => {
    await adminCall(server.url, contoso.adminToken, 'PATCH', '/v1.0/admin/settings', {
      diagnosticsEnabled: true,
    });
    const d = await device(contoso);
    for (let i = 0; i < 3; i++) {
      await checkIn(server.url, d, {
        diagnostics: [{ type: 'crash', occurredDateTime: new Date().toISOString() }],
      });
    }
    await server.query(
      'UPDATE diagnostic_event SET received_at = ? WHERE id IN (SELECT MIN(id) FROM diagnostic_event)',
      [Date.now() - 91 * DAY],
    );
    const receipts = () =>
      server.query<{ sequence: number }>(
        'SELECT sequence FROM checkin_receipt WHERE device_id = ? ORDER BY sequence',
        [d.id],
      );
    // A check-in replaces its device's receipt.
    expect((await receipts()).map((r) => Number(r.sequence))).toEqual([d.sequence]);
    await server.query('UPDATE checkin_receipt SET received_at = ? WHERE device_id = ?', [
      Date.now() - 2 * DAY,
      d.id,
    ]);
    const answer = await run();
    expect(answer.body).toMatchObject({
      diagnosticEventsDeleted: 1,
    });
    expect((await receipts()).map((r) => Number(r.sequence))).toEqual([d.sequence]);
    // The latest receipt still answers a retry of the latest check-in.
    const retry = await checkIn(server.url, d, { sequence: d.sequence });
    expect(retry.body).toMatchObject({ replayed: true });
  });

  it('runs on its schedule inside the server, as the system', async () => {
    const stale = await device(contoso, 100);
    const scheduled = await startTestServer(
      kind,
      { RETENTION_SCHEDULE: '* * * * * *', TOKEN_PEPPER: PEPPER },
      server.database,
    );
    try {
      const deadline = Date.now() + 10_000;
      while ((await row(stale.id)).retired_at === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await row(stale.id)).toMatchObject({ management_state: 'retired' });
    } finally {
      await scheduled.close();
    }
    const [event] = (await auditRows(server, contoso.tenantId)).filter(
      (e) => e.activity === 'Device cleanup rule' && e.resources[0].resourceId === stale.id,
    );
    expect(event.actor).toMatchObject({ type: 'system', userPrincipalName: null });
  });

  it('claims each period once, however many times it is asked at once', async () => {
    const transactions = server.service(WriteTransactions);
    const claim = (job: string, now: number) =>
      transactions.run((tx) => claimScheduledRun(tx, job, now, 60 * 60 * 1000));
    const now = Date.now();
    const first = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claim('test-job', now + i)),
    );
    expect(first.filter(Boolean)).toHaveLength(1);
    // Later in the same period: nothing; the next period: once more.
    expect(await claim('test-job', now + 20 * 60 * 1000)).toBe(false);
    expect(await claim('test-job', now + 61 * 60 * 1000)).toBe(true);
  });

  if (kind === 'postgres') {
    it('runs once per period across instances, and concurrent runs delete each device once', async () => {
      const second = await startTestServer(kind, { TOKEN_PEPPER: PEPPER }, server.database);
      try {
        const instances = [server, second].map((s) => s.service(WriteTransactions));
        const now = Date.now();
        const claims = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            instances[i % 2].run((tx) => claimScheduledRun(tx, 'cluster-job', now + i, 3_600_000)),
          ),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);

        const stale = await Promise.all(Array.from({ length: 6 }, () => device(contoso, 120)));
        const runs = await Promise.all(
          [server, second].map((s) =>
            s.service(RetentionService).runForTenant(contoso.tenantId, {
              actor: systemActor,
              correlationId: '00000000-0000-4000-8000-000000000000',
              onDemand: false,
            }),
          ),
        );
        expect(runs[0].staleDevicesDeleted + runs[1].staleDevicesDeleted).toBe(stale.length);
        const cleanup = (await auditRows(server, contoso.tenantId)).filter(
          (e) =>
            e.activity === 'Device cleanup rule' &&
            stale.some((d) => d.id === e.resources[0].resourceId),
        );
        expect(cleanup).toHaveLength(stale.length);
      } finally {
        await second.close();
      }
    });
  }
});
