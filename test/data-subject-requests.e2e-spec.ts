import { readFileSync } from 'node:fs';
import { ManagedAppsService } from '../src/apps/managed-apps.service';
import { Platform } from '../src/collection-rules';
import { graphDateTime } from '../src/graph/graph-values';
import { AdminsService } from '../src/tenants/admins.service';
import { adminCall, auditedDuring } from './support/admin-api';
import { dumpEveryTable } from './support/database-scan';
import { describeEachDatabase } from './support/databases';
import { checkIn, EnrolledDevice, enroll } from './support/device-channel';
import { appsFixture, deviceFixture, identifyingHardwareValues } from './support/device-fixtures';
import { startTestServer, systemActor, TestServer } from './support/test-server';

const EXPORT = '/v1.0/admin/dataSubjectRequests/export';
const ERASE = '/v1.0/admin/dataSubjectRequests/erase';

interface Person {
  upn: string;
  displayName: string;
  email: string;
  devices: EnrolledDevice[];
}

/** Device columns that are not a value about the person (secrets, keys, digests, tombstone time). */
const NOT_ABOUT_THE_PERSON = new Set([
  'tenant_id',
  'credential_hash',
  'app_inventory_hash',
  'retired_at',
  // Rate-limit bookkeeping of the server, not data about the device or its user.
  'rate_window_start',
  'rate_window_count',
]);

/** What identifies a person and their devices: none of it may remain after erasure. */
function identifyingValues(person: Person): string[] {
  return [
    person.upn,
    person.displayName,
    person.email,
    ...person.devices.flatMap((device) => identifyingHardwareValues(device.payload)),
  ];
}

const containing = (text: string, values: readonly string[]) =>
  values.filter((value) => text.toLowerCase().includes(value.toLowerCase()));

describeEachDatabase('data-subject requests', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let ann: Person;
  let bob: Person;
  let carol: Person;

  const call = <T = Record<string, unknown>>(
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
  ) => adminCall<T>(server.url, tenant.adminToken, method, path, body);

  /** A person with devices on the given platforms, each checked in with apps and diagnostics. */
  async function person(name: string, platforms: [Platform, 'corporate' | 'personal'][]) {
    const upn = `${name.toLowerCase()}.${process.pid}@contoso.example`;
    const subject: Person = {
      upn,
      displayName: `${name} Lindqvist`,
      email: `${name.toLowerCase()}.lindqvist.${process.pid}@mail.contoso.example`,
      devices: [],
    };
    for (const [platform, ownership] of platforms) {
      const payload = deviceFixture(platform, { ownership });
      payload.user = {
        userPrincipalName: upn,
        displayName: subject.displayName,
        emailAddress: subject.email,
      };
      payload.hardware.deviceName = `${name}'s ${platform} ${subject.devices.length}`;
      const device = await enroll(server.url, tenant.enrollmentToken, payload);
      const answer = await checkIn(server.url, device, {
        apps: [
          ...appsFixture('com.shared', 3),
          ...appsFixture(`com.${name.toLowerCase()}.own`, 2),
          { appId: 'com.contoso.deployed', displayName: 'Contoso', version: '2.0' },
        ],
        installStates:
          platform === 'ios' ? [{ mobileAppId: deployedAppId, state: 'installed' }] : undefined,
        diagnostics: [
          { type: 'checkInLatency', occurredDateTime: new Date().toISOString(), value: 80 },
        ],
      });
      expect(answer.status).toBe(200);
      subject.devices.push(device);
    }
    return subject;
  }

  let deployedAppId: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
    const deployed = await server.service(ManagedAppsService).create(
      tenant.tenantId,
      {
        platform: 'ios',
        appId: 'com.contoso.deployed',
        displayName: 'Contoso',
        assignmentIntent: 'required',
      },
      systemActor,
    );
    deployedAppId = deployed.id;
    await call('PATCH', '/v1.0/admin/settings', { diagnosticsEnabled: true });
    ann = await person('Ann', [
      ['ios', 'personal'],
      ['windows', 'corporate'],
      ['android', 'corporate'],
    ]);
    bob = await person('Bob', [
      ['ios', 'corporate'],
      ['macos', 'personal'],
    ]);
    carol = await person('Carol', [['android', 'personal']]);

    // What admins did to Ann's devices: free text naming her, a remote action.
    const [annPhone] = ann.devices;
    expect(
      (
        await call('PATCH', `/v1.0/deviceManagement/managedDevices/${annPhone.id}`, {
          notes: `Handed to ${ann.displayName} at the front desk`,
          managedDeviceName: `${ann.displayName} iPhone`,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(
          'POST',
          `/v1.0/deviceManagement/managedDevices/${ann.devices[1].id}/syncDevice`,
          undefined,
        )
      ).status,
    ).toBe(204);

    // Ann was a help-desk admin once: she changed Bob's device, then her access was revoked.
    const { admin, token } = await server
      .service(AdminsService)
      .create(
        tenant.tenantId,
        { userPrincipalName: ann.upn, displayName: ann.displayName, role: 'helpDeskOperator' },
        systemActor,
      );
    expect(
      (
        await adminCall(
          server.url,
          token.token,
          'PATCH',
          `/v1.0/deviceManagement/managedDevices/${bob.devices[0].id}`,
          {
            notes: 'Screen replaced',
          },
        )
      ).status,
    ).toBe(200);
    expect(
      (await adminCall(server.url, tenant.adminToken, 'DELETE', `/v1.0/admin/admins/${admin.id}`))
        .status,
    ).toBe(204);

    // Carol is an active administrator.
    await server
      .service(AdminsService)
      .create(
        tenant.tenantId,
        { userPrincipalName: carol.upn, role: 'administrator' },
        systemActor,
      );
  });
  afterAll(() => server.close());

  const rowsOf = async (person: Person) => {
    const ids = person.devices.map((device) => device.id);
    const list = ids.map(() => '?').join(', ');
    return {
      devices: await server.query(`SELECT * FROM device WHERE id IN (${list}) ORDER BY id`, ids),
      apps: await server.query(
        `SELECT l.device_id, c.app_id, c.version, c.display_name, c.publisher, c.install_location
         FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id WHERE l.device_id IN (${list})
         ORDER BY l.device_id, c.app_id`,
        ids,
      ),
      installStates: await server.query(
        `SELECT * FROM managed_app_install_state WHERE device_id IN (${list}) ORDER BY device_id`,
        ids,
      ),
      commands: await server.query(
        `SELECT * FROM device_command WHERE device_id IN (${list}) ORDER BY id`,
        ids,
      ),
      auditEventIds: (
        await server.query<{ id: string; resources: string; actor: string }>(
          'SELECT id, resources, actor FROM audit_event WHERE tenant_id = ? ORDER BY id',
          [tenant.tenantId],
        )
      )
        .filter((row) => ids.some((id) => row.resources.includes(id) || row.actor.includes(id)))
        .map((row) => row.id),
    };
  };

  it('exports every stored value about the person, found by UPN in any case', async () => {
    const answer = await call('POST', EXPORT, { userPrincipalName: ann.upn.toUpperCase() });
    expect(answer.status).toBe(200);
    const text = JSON.stringify(answer.body);
    const stored = await rowsOf(ann);
    expect(stored.devices).toHaveLength(3);
    const missing: string[] = [];
    const expectIn = (what: string, value: unknown) => {
      if (value === null || value === undefined) return;
      const form = /_at$/.test(what)
        ? graphDateTime(Number(value))
        : typeof value === 'string'
          ? JSON.stringify(value).slice(1, -1)
          : String(Number(value));
      if (!text.includes(form)) missing.push(`${what}=${String(value)}`);
    };
    for (const device of stored.devices) {
      for (const [column, value] of Object.entries(device)) {
        if (!NOT_ABOUT_THE_PERSON.has(column)) expectIn(column, value);
      }
    }
    for (const app of stored.apps) {
      for (const [column, value] of Object.entries(app)) expectIn(column, value);
    }
    for (const state of stored.installStates) {
      for (const [column, value] of Object.entries(state)) expectIn(column, value);
    }
    for (const command of stored.commands) {
      for (const column of ['id', 'action', 'status', 'requested_at'])
        expectIn(column, command[column]);
    }
    for (const id of stored.auditEventIds) expectIn('audit event', id);
    expect(missing).toEqual([]);
    expect(stored.installStates.length).toBeGreaterThan(0);
    expect(stored.commands.length).toBeGreaterThan(0);

    const body = answer.body as {
      managedDevices: unknown[];
      adminAccounts: { userPrincipalName: string; revokedDateTime: string | null }[];
      diagnosticEvents: unknown[];
      auditEvents: { actor: { userPrincipalName: string | null } }[];
    };
    expect(body.managedDevices).toHaveLength(3);
    expect(body.diagnosticEvents).toHaveLength(3);
    expect(body.adminAccounts).toEqual([
      expect.objectContaining({ userPrincipalName: ann.upn, revokedDateTime: expect.any(String) }),
    ]);
    // Her own acts as an admin are in it, naming her.
    expect(body.auditEvents.some((event) => event.actor.userPrincipalName === ann.upn)).toBe(true);
  });

  it('exports nothing of anyone else: other users, their devices, the admins who acted', async () => {
    const answer = await call('POST', EXPORT, { userPrincipalName: ann.upn });
    const text = JSON.stringify(answer.body);
    expect(containing(text, [...identifyingValues(bob), ...identifyingValues(carol)])).toEqual([]);
    for (const device of [...bob.devices, ...carol.devices]) expect(text).not.toContain(device.id);
    expect(text).not.toContain(tenant.adminUserPrincipalName);
    // Other admins appear by kind only: no UPN, id or IP address (Ann's own acts keep hers).
    const { auditEvents } = answer.body as {
      auditEvents: { actor: { userPrincipalName: string | null; ipAddress: string | null } }[];
    };
    for (const { actor } of auditEvents.filter(
      (event) => event.actor.userPrincipalName !== ann.upn,
    )) {
      expect(actor).toMatchObject({ userPrincipalName: null, ipAddress: null });
    }
  });

  it('audits an export with the person’s pseudonym, not their data', async () => {
    const events = await auditedDuring(server, tenant.tenantId, () =>
      call('POST', EXPORT, { userPrincipalName: ann.upn }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      activity: 'Export personal data',
      actor: { userPrincipalName: tenant.adminUserPrincipalName },
      resources: [
        {
          type: 'dataSubject',
          resourceId: expect.stringMatching(/^[0-9a-f]{32}@pseudonym\.invalid$/),
        },
      ],
    });
    expect(containing(JSON.stringify(events[0]), identifyingValues(ann))).toEqual([]);
  });

  it('answers an empty export for a UPN with nothing stored, and for another tenant’s user', async () => {
    const other = await server.createTenant('Fabrikam');
    const answer = await adminCall<{ managedDevices: unknown[]; auditEvents: unknown[] }>(
      server.url,
      other.adminToken,
      'POST',
      EXPORT,
      { userPrincipalName: ann.upn },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ managedDevices: [], auditEvents: [], adminAccounts: [] });
  });

  it('refuses to erase an active admin, and changes nothing', async () => {
    const before = await dumpEveryTable(server);
    const answer = await call('POST', ERASE, { userPrincipalName: carol.upn });
    expect(answer.status).toBe(409);
    expect(await dumpEveryTable(server)).toEqual(before);
  });

  it('erases the person from every table, keeping the audit trail with a pseudonym and others untouched', async () => {
    const bobBefore = await rowsOf(bob);
    const annEvents = (await rowsOf(ann)).auditEventIds;
    // Planner statistics sampled while the person was stored.
    await server.query('ANALYZE');

    const events = await auditedDuring(server, tenant.tenantId, async () => {
      const answer = await call('POST', ERASE, { userPrincipalName: ann.upn });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        managedDevicesDeleted: 3,
        diagnosticEventsDeleted: 3,
        adminAccountsPseudonymized: 1,
      });
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      activity: 'Erase personal data',
      resources: [{ type: 'dataSubject' }],
    });

    const dump = await dumpEveryTable(server);
    expect(containing(dump, identifyingValues(ann))).toEqual([]);
    for (const device of ann.devices) {
      expect(await server.query('SELECT id FROM device WHERE id = ?', [device.id])).toEqual([]);
      expect((await checkIn(server.url, device, {})).status).toBe(401);
    }
    // The events stay, with the person replaced.
    const kept = await server.query<{ id: string; actor: string }>(
      `SELECT id, actor FROM audit_event WHERE id IN (${annEvents.map(() => '?').join(', ')})`,
      annEvents,
    );
    expect(kept).toHaveLength(annEvents.length);
    const pseudonym = (events[0].resources[0] as { resourceId: string }).resourceId;
    const [byHer] = await server.query<{ actor: string }>(
      "SELECT actor FROM audit_event WHERE actor_user_principal_name = ? AND activity = 'Patch ManagedDevice'",
      [pseudonym],
    );
    expect(JSON.parse(byHer.actor)).toMatchObject({
      userPrincipalName: pseudonym,
      ipAddress: null,
    });

    expect(await rowsOf(bob)).toEqual(bobBefore);
    expect(containing(dump, identifyingValues(bob))).toEqual(identifyingValues(bob));

    if (kind === 'sqlite') {
      // The bytes on disk too: secure_delete zeroes what was deleted; the WAL is emptied first.
      await server.query('PRAGMA wal_checkpoint(TRUNCATE)');
      const file = server.database.url.slice('sqlite:'.length);
      const bytes = Buffer.concat([readFileSync(file), readFileSync(`${file}-wal`)]).toString(
        'latin1',
      );
      expect(containing(bytes, identifyingValues(ann))).toEqual([]);
      expect(containing(bytes, [bob.upn])).toEqual([bob.upn]);
    } else {
      const statistics = await server.query(
        'SELECT * FROM pg_stats WHERE schemaname = current_schema()',
      );
      expect(containing(JSON.stringify(statistics), identifyingValues(ann))).toEqual([]);
    }
  });

  it('erases again without finding anything', async () => {
    const answer = await call('POST', ERASE, { userPrincipalName: ann.upn });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      managedDevicesDeleted: 0,
      auditEventsPseudonymized: 0,
      diagnosticEventsDeleted: 0,
    });
  });
});
