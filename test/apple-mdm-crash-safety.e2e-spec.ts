import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppleMdmDevice, fetchProfile } from '../simulators/apple-mdm/apple-mdm-device';
import { supervisedCorporateIphone } from './support/apple-mdm-devices';
import { describeEachDatabase } from './support/databases';
import {
  createTenantOn,
  freePort,
  ServerProcess,
  startServerProcess,
} from './support/server-process';
import { startTestServer, TestServer } from './support/test-server';

/**
 * TokenUpdate enrolls the device (its device row, ownership, audit entry) and links the Apple
 * enrollment to it (its identity, its first inventory commands). Both are one transaction: a server
 * that dies in between must leave neither — never a device row no identity can reach, which the
 * device's next TokenUpdate would duplicate.
 */
describeEachDatabase('Apple MDM: a TokenUpdate that dies half-way', (kind) => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    token = (await server.createTenant('Contoso')).enrollmentToken;
  });
  afterAll(() => server.close());

  /** Fails the statement that links the enrollment to its device: the process "dies" there. */
  const failLinking = () =>
    kind === 'sqlite'
      ? server.query(
          `CREATE TRIGGER die_at_link BEFORE UPDATE OF device_id ON apple_mdm_enrollment
           WHEN NEW.device_id IS NOT NULL BEGIN SELECT RAISE(ABORT, 'died'); END`,
        )
      : server
          .query(
            `CREATE FUNCTION die_at_link() RETURNS trigger LANGUAGE plpgsql AS
             $$ BEGIN RAISE EXCEPTION 'died'; END $$`,
          )
          .then(() =>
            server.query(
              `CREATE TRIGGER die_at_link BEFORE UPDATE OF device_id ON apple_mdm_enrollment
               FOR EACH ROW WHEN (NEW.device_id IS NOT NULL) EXECUTE FUNCTION die_at_link()`,
            ),
          );
  const revive = () =>
    kind === 'sqlite'
      ? server.query('DROP TRIGGER die_at_link')
      : server
          .query('DROP TRIGGER die_at_link ON apple_mdm_enrollment')
          .then(() => server.query('DROP FUNCTION die_at_link()'));

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await server.query<{ n: number | string }>(sql, params))[0].n);

  it('leaves no device, no audit entry and no queued command; sent again, it enrolls the device once', async () => {
    const device = new AppleMdmDevice(supervisedCorporateIphone(9201));
    device.installProfile(
      await fetchProfile(`${server.url}/mdm/apple/enroll?token=${token}&type=device`),
    );
    await device.checkIn(device.authenticateMessage());
    await failLinking();
    try {
      await expect(device.enroll()).rejects.toMatchObject({ status: 500 });
      expect(await count('SELECT COUNT(*) AS n FROM device')).toBe(0);
      expect(
        await count("SELECT COUNT(*) AS n FROM audit_event WHERE activity = 'Enroll device'"),
      ).toBe(0);
      expect(await count('SELECT COUNT(*) AS n FROM apple_mdm_command')).toBe(0);
      expect(
        await count('SELECT COUNT(*) AS n FROM apple_mdm_enrollment WHERE device_id IS NOT NULL'),
      ).toBe(0);
    } finally {
      await revive();
    }
    // The device tries again, as a real one does after a failed check-in.
    await device.enroll();
    await device.poll();
    const devices = await server.query<{ id: string; serial_number: string }>(
      'SELECT id, serial_number FROM device',
    );
    expect(devices).toEqual([{ id: expect.any(String), serial_number: device.facts.serialNumber }]);
    expect(
      await count('SELECT COUNT(*) AS n FROM apple_mdm_enrollment WHERE device_id = ?', [
        devices[0].id,
      ]),
    ).toBe(1);
  });
});

/** The same with a real kill -9 of the server process while a fleet of iPhones sends TokenUpdate. */
describe('Apple MDM: kill -9 while devices enroll [sqlite]', () => {
  const DEVICES = 24;
  let dir: string;
  let env: Record<string, string>;
  let server: ServerProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dic-apple-crash-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'inventory.sqlite')}`, DATA_DIR: dir };
  });
  afterAll(async () => {
    await server?.kill9();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every device row is reached by exactly one identity, and every iPhone is enrolled once', async () => {
    const token = (await createTenantOn(env, 'Crash test')).enrollmentToken;
    const port = await freePort();
    server = await startServerProcess(env, port);
    const devices: AppleMdmDevice[] = [];
    for (let n = 0; n < DEVICES; n++) {
      const device = new AppleMdmDevice(supervisedCorporateIphone(9300 + n));
      device.installProfile(
        await fetchProfile(`${server.url}/mdm/apple/enroll?token=${token}&type=device`),
      );
      await device.checkIn(device.authenticateMessage());
      devices.push(device);
    }
    // All TokenUpdates at once; the server dies after the first few are answered.
    let answered = 0;
    const enrolled = new Set<AppleMdmDevice>();
    const round = devices.map((device) =>
      device.enroll().then(
        () => {
          answered++;
          enrolled.add(device);
        },
        () => undefined,
      ),
    );
    while (answered < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await server.kill9();
    await Promise.all(round);
    expect(enrolled.size).toBeLessThan(DEVICES);

    server = await startServerProcess(env, port);
    // The others try again (Authenticate, then TokenUpdate); the enrolled ones poll.
    for (const device of devices) {
      if (!enrolled.has(device)) await device.enroll();
      await device.poll();
    }
    await server.kill9();

    const db = new Database(join(dir, 'inventory.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db
        .prepare(
          `SELECT d.serial_number, COUNT(e.id) AS identities FROM device d
           LEFT JOIN apple_mdm_enrollment e ON e.device_id = d.id
           GROUP BY d.id ORDER BY d.serial_number`,
        )
        .all();
      expect(rows).toEqual(
        devices
          .map((device) => ({ serial_number: device.facts.serialNumber, identities: 1 }))
          .sort((a, b) => a.serial_number.localeCompare(b.serial_number)),
      );
    } finally {
      db.close();
    }
  }, 300_000);
});
