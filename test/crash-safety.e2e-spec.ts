import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appInventoryHash } from '../src/device-channel/contract/app-inventory-hash';
import { profileFolderOf } from '../simulators/fleet/users';
import { loadState, runSimulation, SimulationSummary } from '../simulators/runner';
import {
  createTenantOn,
  freePort,
  ServerProcess,
  startServerProcess,
} from './support/server-process';

/**
 * The server (a child process on a SQLite file) is killed with SIGKILL while a fleet checks in, and
 * restarted, CRASH_KILLS times (default 2, and a last kill before the checks). Between rounds the simulator itself stops and resumes
 * from its state file. Afterwards the file is intact, every check-in the fleet saw acknowledged is
 * stored exactly once, and no device's inventory is half of one check-in and half of another.
 */
const KILLS = Number(process.env.CRASH_KILLS || 2);
const DEVICES = 40;

describe('crash safety: kill -9 mid-ingest [sqlite]', () => {
  let dir: string;
  let env: Record<string, string>;
  let port: number;
  let server: ServerProcess;
  let enrollmentToken: string;
  const summaries: SimulationSummary[] = [];
  let killsSurvived = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dic-crash-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'inventory.sqlite')}`, DATA_DIR: dir };
    enrollmentToken = (await createTenantOn(env, 'Crash test')).enrollmentToken;
    port = await freePort();
    server = await startServerProcess(env, port);
  }, 180_000);
  afterAll(async () => {
    await server?.kill9();
    rmSync(dir, { recursive: true, force: true });
    console.log(
      `crash safety: ${killsSurvived} kills survived, ${summaries.reduce((n, s) => n + s.checkIns.ok, 0)} check-ins acknowledged`,
    );
  });

  const stateFile = () => join(dir, 'fleet.json');
  const simulate = (signal?: AbortSignal, onProgress?: (ok: number) => void) =>
    runSimulation({
      servers: [server.url],
      enrollmentToken,
      devices: DEVICES,
      fleet: { seed: 42, longTailAppsPerPlatform: 200 },
      checkIns: signal ? 100_000 : 1,
      concurrency: 8,
      stateFile: stateFile(),
      saveIntervalMs: 200,
      // Keep retrying while the server is down (it restarts within seconds).
      retry: { maxAttempts: 1000, baseDelayMs: 100, maxDelayMs: 500 },
      timeoutMs: 10_000,
      signal,
      onProgress: onProgress && ((progress) => onProgress(progress.checkInsOk)),
    });

  const until = async (condition: () => boolean, what: string, withinMs = 60_000) => {
    const deadline = Date.now() + withinMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it(`survives ${KILLS} kills mid-ingest, and the simulator resumes from its state file`, async () => {
    const enrolled = await simulate();
    expect(enrolled.summary.enrollments).toMatchObject({ ok: DEVICES, failed: 0 });
    summaries.push(enrolled.summary);

    for (let round = 0; round < KILLS; round++) {
      const stop = new AbortController();
      let ok = 0;
      const run = simulate(stop.signal, (count) => (ok = count));
      // Mid-ingest: check-ins are flowing when the server dies.
      await until(() => ok >= 30 + round * 7, 'check-ins before the kill');
      await server.kill9();
      killsSurvived++;
      // Every other round the simulator stops too, and the next round resumes it from its file.
      if (round % 2 === 1) stop.abort();
      server = await startServerProcess(env, port);
      const before = ok;
      if (round % 2 === 0) {
        await until(() => ok >= before + 30, 'check-ins after the restart');
        stop.abort();
      }
      const { summary } = await run;
      summaries.push(summary);
      expect(summary.enrollments.ok).toBe(0);
      expect(summary.checkIns.failed).toBe(0);
      expect(summary.errors).toEqual([]);
    }
    // A last kill, then the file as the next start would find it (WAL not checkpointed).
    await server.kill9();
    killsSurvived++;

    const db = new Database(join(dir, 'inventory.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);

      const devices = db
        .prepare(
          'SELECT id, last_sequence, checkin_count, app_inventory_hash, user_principal_name FROM device ORDER BY id',
        )
        .all() as {
        id: string;
        user_principal_name: string;
        last_sequence: number;
        checkin_count: number;
        app_inventory_hash: string | null;
      }[];
      // Nobody enrolled twice: one device row per simulated device, as the state file knows them.
      const state = loadState(stateFile())!;
      expect(devices.map((d) => d.id).sort()).toEqual(
        state.devices.map((record) => record.deviceId).sort(),
      );

      // Every acknowledged check-in stored exactly once: sequences 1..last_sequence each counted
      // once, the device's one receipt is its last check-in's, and the counts add up to what the
      // simulator saw answered.
      const receipts = db
        .prepare(
          'SELECT device_id, COUNT(*) AS n, MAX(sequence) AS latest FROM checkin_receipt GROUP BY device_id',
        )
        .all() as { device_id: string; n: number; latest: number }[];
      const receiptsOf = new Map(receipts.map((r) => [r.device_id, r]));
      for (const device of devices) {
        const r = receiptsOf.get(device.id);
        expect({
          id: device.id,
          n: r?.n,
          latest: r?.latest,
          counted: device.checkin_count,
        }).toEqual({
          id: device.id,
          n: 1,
          latest: device.last_sequence,
          counted: device.last_sequence,
        });
      }
      const acknowledged = summaries.reduce((n, s) => n + s.checkIns.ok, 0);
      const stored = devices.reduce((n, d) => n + d.checkin_count, 0);
      expect(stored).toBe(acknowledged);
      // The state file never lags behind what the server applied by more than the check-ins it
      // had in flight, and is never ahead.
      for (const record of state.devices) {
        const device = devices.find((d) => d.id === record.deviceId)!;
        expect(record.sequence).toBeGreaterThanOrEqual(device.last_sequence);
      }

      // No half-written inventory: the apps stored are exactly those whose fingerprint was written
      // with the hardware, in the same UPDATE of the device row.
      const apps = db
        .prepare(
          `SELECT l.device_id, c.app_id, c.version, c.display_name, c.publisher, c.size_in_bytes, c.install_location
           FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id`,
        )
        .all() as Record<string, string | number | null>[];
      // Install locations are stored without the user's folder; the device hashed them with it.
      const asReported = (location: string | null, device: { user_principal_name: string }) =>
        location
          ?.replace(
            '\\Users\\%USERNAME%',
            `\\Users\\${profileFolderOf(device.user_principal_name)}`,
          )
          .replace(
            /^\/Users\/~(?=\/|$)/,
            `/Users/${profileFolderOf(device.user_principal_name)}`,
          ) ?? null;
      for (const device of devices) {
        const own = apps
          .filter((app) => app.device_id === device.id)
          .map((app) => ({
            appId: app.app_id as string,
            version: app.version as string,
            displayName: app.display_name as string,
            publisher: app.publisher as string | null,
            sizeInBytes: app.size_in_bytes as number | null,
            installLocation: asReported(app.install_location as string | null, device),
          }));
        // No fingerprint yet: no list was ever stored (an empty list has a fingerprint too).
        const hash =
          device.app_inventory_hash === null && own.length === 0 ? null : appInventoryHash(own);
        expect({ id: device.id, hash }).toEqual({ id: device.id, hash: device.app_inventory_hash });
      }
      // And the devices never had to resend a list the server should have had.
      expect(summaries.reduce((n, s) => n + s.apps.resendRequired, 0)).toBe(0);
    } finally {
      db.close();
    }
  }, 600_000);
});
