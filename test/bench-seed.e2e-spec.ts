import { seedDevices } from '../bench/seed-devices';
import { EnrollmentType, Platform } from '../src/rules';
import { HARDWARE_COLUMNS } from '../src/device-channel/hardware-inventory';
import { describeEachDatabase } from './support/databases';
import { checkIn, enroll } from './support/device-channel';
import { startTestServer, TestServer } from './support/test-server';

/**
 * The benchmarks' bulk loader (bench/seed-devices.ts) must write the rows the ingest path writes:
 * every seeded device is enrolled again, through HTTP, into a fresh tenant with the same hardware,
 * user and apps, checked in once — and the two tenants' device rows, app links and catalog rows are
 * compared column by column.
 */
describeEachDatabase('bench seeding writes the rows of the ingest path', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  /** Columns that differ by nature: ids, secrets, times and the tenant. */
  // Each device's own identity and times, and its rate-limit window (which counts the twin's
  // check-in just now, not the seeded device's check-ins of the past).
  const OWN = [
    'id',
    'tenant_id',
    'credential_hash',
    'enrolled_at',
    'last_checkin_at',
    'rate_window_start',
    'rate_window_count',
  ];
  const comparable = (row: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([column]) => !OWN.includes(column))
        .map(([column, value]) => [column, value === null ? null : String(value)]),
    );

  it('devices, app links and catalog counts are identical', async () => {
    const seeded = await seedDevices(server.app, {
      devices: 12,
      appsPerDevice: 60,
      longTail: 30,
      seed: 7,
    });
    const ingest = await server.createTenant('Ingest twin');
    const devices = await server.query<Record<string, unknown>>(
      'SELECT * FROM device WHERE tenant_id = ? ORDER BY serial_number',
      [seeded.tenantId],
    );
    expect(devices).toHaveLength(12);
    const appsOf = (deviceId: string) =>
      server.query<Record<string, unknown>>(
        `SELECT c.app_id, c.version, c.display_name, c.publisher, c.size_in_bytes
         FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id
         WHERE l.device_id = ? ORDER BY c.app_id, c.version`,
        [deviceId],
      );

    for (const device of devices) {
      const hardware = Object.fromEntries(
        Object.entries(HARDWARE_COLUMNS)
          .filter(([, column]) => device[column] !== null)
          .map(([field, column]) => [
            field,
            /_bytes$/.test(column) ? Number(device[column]) : device[column],
          ]),
      );
      const apps = (await appsOf(String(device.id))).map((app) => ({
        appId: app.app_id,
        version: app.version,
        displayName: app.display_name,
        ...(app.publisher !== null && { publisher: app.publisher }),
        ...(app.size_in_bytes !== null && { sizeInBytes: Number(app.size_in_bytes) }),
      }));
      expect(apps).toHaveLength(60);
      const twin = await enroll(server.url, ingest.enrollmentToken, {
        platform: device.platform as Platform,
        enrollmentType: device.enrollment_type as EnrollmentType,
        user: {
          userPrincipalName: String(device.user_principal_name),
          displayName: String(device.user_display_name),
          emailAddress: String(device.user_email),
        },
        hardware: hardware as Record<string, string | number>,
      });
      expect((await checkIn(server.url, twin, { apps })).status).toBe(200);
      const [twinRow] = await server.query<Record<string, unknown>>(
        'SELECT * FROM device WHERE id = ?',
        [twin.id],
      );
      expect(comparable(twinRow)).toEqual(comparable(device));
      expect(await appsOf(twin.id)).toEqual(await appsOf(String(device.id)));
    }

    const catalog = (tenantId: string) =>
      server.query<Record<string, unknown>>(
        `SELECT platform, app_id, version, display_name, publisher, size_in_bytes, install_location, device_count
         FROM app_catalog WHERE tenant_id = ? ORDER BY platform, app_id, version`,
        [tenantId],
      );
    const seededCatalog = await catalog(seeded.tenantId);
    expect(seededCatalog.length).toBeGreaterThan(40);
    expect((await catalog(ingest.tenantId)).map(comparable)).toEqual(seededCatalog.map(comparable));
  });
});
