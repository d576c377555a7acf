import { Platform } from '../src/rules';
import { devicePseudonym, userPseudonym } from '../src/rules/pseudonyms';
import { adminCall, auditedDuring, modified } from './support/admin-api';
import { describeEachDatabase } from './support/databases';
import { checkIn, EnrolledDevice, enroll, postJson } from './support/device-channel';
import { deviceFixture, identifyingHardwareValues } from './support/device-fixtures';
import { startTestServer, TestServer } from './support/test-server';

const KEY = 'diagnostics-test-key-0123456789abcdefghijkl';
const OTHER_KEY = 'another-diagnostics-key-0123456789abcdefgh';
const PEPPER = 'diagnostics-test-pepper-0123456789abcdefghij';

/** Every value in the fleet that identifies a device or a person. */
function identifyingValues(device: EnrolledDevice): string[] {
  const { user } = device.payload;
  return [
    device.id,
    user!.userPrincipalName,
    user!.displayName!,
    user!.emailAddress!,
    ...identifyingHardwareValues(device.payload),
  ];
}

const FLEET: [Platform, 'corporate' | 'personal'][] = [
  ['ios', 'corporate'],
  ['ios', 'personal'],
  ['ios', 'corporate'],
  ['ios', 'personal'],
  ['ios', 'corporate'],
  ['android', 'corporate'],
  ['android', 'personal'],
  ['windows', 'corporate'],
  ['macos', 'personal'],
];

describeEachDatabase('optional diagnostics', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let fleet: EnrolledDevice[];

  const diagnosticsOf = (device: EnrolledDevice, at: string) => [
    { type: 'checkInLatency', occurredDateTime: at, value: 120 },
    {
      type: 'crash',
      occurredDateTime: at,
      // Free text naming the device and its user: must never be stored.
      detail: `Agent crashed on ${String(device.payload.hardware.deviceName)} for ${device.payload.user!.userPrincipalName}`,
    },
    { type: 'batteryHealth', occurredDateTime: at, value: 91 },
  ];
  const checkInWithDiagnostics = (device: EnrolledDevice) =>
    checkIn<{
      directives: { diagnostics: string };
      stored: { diagnostics: number };
      discarded: { field: string; reason: string; count?: number }[];
    }>(server.url, device, {
      // The same check-in reports the IP address and phone number the scan looks for.
      hardware: {
        ipAddress: device.payload.hardware.ipAddress,
        ...(device.payload.hardware.phoneNumber && {
          phoneNumber: device.payload.hardware.phoneNumber,
        }),
      },
      diagnostics: diagnosticsOf(device, new Date().toISOString()),
    });
  const setDiagnostics = (enabled: boolean) =>
    adminCall(server.url, tenant.adminToken, 'PATCH', '/v1.0/admin/settings', {
      diagnosticsEnabled: enabled,
    });
  const storedRows = () =>
    server.query<Record<string, unknown>>('SELECT * FROM diagnostic_event ORDER BY id');

  beforeAll(async () => {
    server = await startTestServer(kind, { PSEUDONYM_KEY: KEY, TOKEN_PEPPER: PEPPER });
    tenant = await server.createTenant('Contoso');
    fleet = [];
    for (const [platform, ownership] of FLEET) {
      fleet.push(
        await enroll(server.url, tenant.enrollmentToken, deviceFixture(platform, { ownership })),
      );
    }
  });
  afterAll(() => server.close());

  it('are off by default: discarded unstored, and the answer says so', async () => {
    const answer = await checkInWithDiagnostics(fleet[0]);
    expect(answer.status).toBe(200);
    expect(answer.body.directives.diagnostics).toBe('off');
    expect(answer.body.stored.diagnostics).toBe(0);
    expect(answer.body.discarded).toContainEqual({
      field: 'diagnostics',
      reason: 'diagnosticsOff',
      count: 3,
    });
    expect(await storedRows()).toEqual([]);
  });

  it('are turned on by an administrator, audited', async () => {
    const events = await auditedDuring(server, tenant.tenantId, async () => {
      const answer = await setDiagnostics(true);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ diagnosticsEnabled: true, deviceCleanupDays: null });
    });
    expect(events).toHaveLength(1);
    expect(modified(events[0], 'diagnosticsEnabled')).toEqual({
      oldValue: 'false',
      newValue: 'true',
    });
    const view = await postJson<{ categories: { category: string; collected: boolean }[] }>(
      `${server.url}/enrollment/v1/devices/${fleet[0].id}/privacy`,
      fleet[0].credential,
      undefined,
      'GET',
    );
    expect(view.body.categories).toContainEqual(
      expect.objectContaining({ category: 'diagnostics', collected: true, form: 'pseudonymized' }),
    );
  });

  it('are stored pseudonymized: no id, UPN, name, e-mail, phone, IP or free text of the fleet in any column', async () => {
    for (const device of fleet) {
      const answer = await checkInWithDiagnostics(device);
      expect(answer.status).toBe(200);
      expect(answer.body.directives.diagnostics).toBe('on');
      expect(answer.body.stored.diagnostics).toBe(3);
      expect(answer.body.discarded).toContainEqual({
        field: 'diagnostics.detail',
        reason: 'freeTextNotKept',
        count: 1,
      });
    }
    const rows = await storedRows();
    expect(rows).toHaveLength(fleet.length * 3);
    const stored = JSON.stringify(rows).toLowerCase();
    for (const device of fleet) {
      for (const value of identifyingValues(device)) {
        expect({ value, stored: stored.includes(value.toLowerCase()) }).toEqual({
          value,
          stored: false,
        });
      }
    }
    expect(stored).not.toContain('agent crashed');
    expect(Object.keys(rows[0]).sort()).toEqual(
      [
        'device_pseudonym',
        'event_type',
        'id',
        'occurred_at',
        'os_version',
        'platform',
        'received_at',
        'tenant_id',
        'user_pseudonym',
        'value',
      ].sort(),
    );
  });

  it('give one device’s events one pseudonym, a keyed hash of its id, and every device its own', async () => {
    const rows = await server.query<{ device_pseudonym: string; user_pseudonym: string }>(
      'SELECT DISTINCT device_pseudonym, user_pseudonym FROM diagnostic_event',
    );
    expect(rows).toHaveLength(fleet.length);
    expect(rows.map((row) => row.device_pseudonym).sort()).toEqual(
      fleet.map((device) => devicePseudonym(KEY, device.id)).sort(),
    );
    expect(rows.map((row) => row.user_pseudonym).sort()).toEqual(
      fleet
        .map((device) =>
          userPseudonym(KEY, tenant.tenantId, device.payload.user!.userPrincipalName),
        )
        .sort(),
    );
  });

  it('shows admins aggregates only, and only of groups of at least five devices', async () => {
    const answer = await adminCall<{
      eventCount: number;
      byEventType: { rows: { eventType: string; eventCount: number; deviceCount: number }[] };
      byPlatform: { rows: { platform: string; eventType: string }[]; withheldEventCount: number };
      byOsVersion: { rows: { osVersion: string }[]; withheldEventCount: number };
    }>(server.url, tenant.adminToken, 'GET', '/v1.0/admin/diagnostics/summary?days=1');
    expect(answer.status).toBe(200);
    expect(answer.body.eventCount).toBe(fleet.length * 3);
    expect(answer.body.byEventType.rows).toContainEqual(
      expect.objectContaining({
        eventType: 'batteryHealth',
        eventCount: fleet.length,
        averageValue: 91,
      }),
    );
    // Five iOS devices make a group; the two Android, one Windows and one Mac do not.
    expect(answer.body.byPlatform.rows.map((row) => row.platform)).toEqual(['ios', 'ios', 'ios']);
    expect(answer.body.byPlatform.withheldEventCount).toBe((fleet.length - 5) * 3);
    const text = JSON.stringify(answer.body);
    const pseudonyms = await server.query<{ device_pseudonym: string }>(
      'SELECT device_pseudonym FROM diagnostic_event',
    );
    for (const { device_pseudonym } of pseudonyms) expect(text).not.toContain(device_pseudonym);
    for (const device of fleet) expect(text).not.toContain(device.id);
    const refused = await adminCall(
      server.url,
      tenant.adminToken,
      'GET',
      '/v1.0/admin/diagnostics/summary?days=0',
    );
    expect(refused.status).toBe(400);
  });

  it('give other pseudonyms under another key', async () => {
    const device = fleet[0];
    // A second instance on the same database, with the same token pepper and another key.
    const other = await startTestServer(
      kind,
      { PSEUDONYM_KEY: OTHER_KEY, TOKEN_PEPPER: PEPPER },
      server.database,
    );
    try {
      const answer = await checkIn(other.url, device, {
        diagnostics: [{ type: 'crash', occurredDateTime: new Date().toISOString() }],
      });
      expect(answer.status).toBe(200);
      const [latest] = await server.query<{ device_pseudonym: string }>(
        'SELECT device_pseudonym FROM diagnostic_event ORDER BY id DESC LIMIT 1',
      );
      expect(latest.device_pseudonym).toBe(devicePseudonym(OTHER_KEY, device.id));
      expect(latest.device_pseudonym).not.toBe(devicePseudonym(KEY, device.id));
    } finally {
      await other.close();
    }
  });

  it('are deleted when turned off, and discarded from then on', async () => {
    const stored = (await storedRows()).length;
    const events = await auditedDuring(server, tenant.tenantId, async () => {
      expect((await setDiagnostics(false)).status).toBe(200);
    });
    expect(modified(events[0], 'diagnosticEventsDeleted')).toEqual({
      oldValue: null,
      newValue: String(stored),
    });
    expect(await storedRows()).toEqual([]);
    const answer = await checkInWithDiagnostics(fleet[1]);
    expect(answer.body.discarded).toContainEqual({
      field: 'diagnostics',
      reason: 'diagnosticsOff',
      count: 3,
    });
    expect(await storedRows()).toEqual([]);
  });
});
