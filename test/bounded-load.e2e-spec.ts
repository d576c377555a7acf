import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadState, runSimulation } from '../simulators/runner';
import { adminCall } from './support/admin-api';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { createTenantOn, freePort, startServerProcess } from './support/server-process';

/**
 * A fixed number of check-ins (LOAD_CHECKINS, default 3,000; try 50,000) pushed as fast as the
 * machine allows at a server process: no error, none lost, none doubled, and the server's peak RSS
 * bounded. Then every device credential and token issued during the run is looked for, in plain
 * text, in every table — and on SQLite in the bytes of the database file, its WAL and shared memory.
 */
const CHECK_INS = Number(process.env.LOAD_CHECKINS || 3000);
const DEVICES = Math.max(50, Math.min(2000, Math.round(CHECK_INS / 15)));
const PER_DEVICE = Math.ceil(CHECK_INS / DEVICES);
/** Far above what the server needs (~150–250 MB measured); a leak over 50,000 check-ins shows. */
const PEAK_RSS_LIMIT = 768 * 1024 * 1024;

/** Every value of every table, as text, through a plain connection. */
async function everyStoredValue(database: TestDatabase, sqliteFile: string): Promise<string> {
  if (database.kind === 'sqlite') {
    const db = new Database(sqliteFile, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[];
      return tables
        .map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM ${name}`).all()))
        .join('\n');
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    const parts: string[] = [];
    for (const { name } of tables)
      parts.push(JSON.stringify((await client.query(`SELECT * FROM ${name}`)).rows));
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

describeEachDatabase('bounded load', (kind) => {
  it(
    `takes ${CHECK_INS} check-ins at full speed with no error, none lost or doubled, in bounded memory; no secret stored in plain text`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dic-load-'));
      const sqliteFile = join(dir, 'inventory.sqlite');
      const database =
        kind === 'sqlite'
          ? { kind, url: `sqlite:${sqliteFile}`, drop: async () => undefined }
          : await createTestDatabase(kind);
      const env = { DATABASE_URL: database.url, DATA_DIR: dir };
      const tenant = await createTenantOn(env, 'Load');
      const server = await startServerProcess(env, await freePort());
      try {
        // Secrets issued through the API as well: another admin's token and an enrollment token.
        const extraAdmin = await adminCall<{ token: string }>(
          server.url,
          tenant.adminToken,
          'POST',
          '/v1.0/admin/admins',
          {
            userPrincipalName: 'second.admin@load.example',
            role: 'helpDeskOperator',
          },
        );
        const extraEnrollment = await adminCall<{ token: string }>(
          server.url,
          tenant.adminToken,
          'POST',
          '/v1.0/admin/enrollmentTokens',
          {
            description: 'Second',
          },
        );
        expect([extraAdmin.status, extraEnrollment.status]).toEqual([201, 201]);

        const started = Date.now();
        const { summary } = await runSimulation({
          servers: [server.url],
          enrollmentToken: extraEnrollment.body.token,
          devices: DEVICES,
          fleet: { seed: 7 },
          checkIns: PER_DEVICE,
          concurrency: 16,
          stateFile: join(dir, 'fleet.json'),
          timeoutMs: 60_000,
        });
        const seconds = (Date.now() - started) / 1000;
        const peakRss = server.peakRssBytes();

        expect(summary.errors).toEqual([]);
        expect(summary.enrollments).toMatchObject({ ok: DEVICES, failed: 0 });
        expect(summary.checkIns.failed).toBe(0);
        expect(summary.checkIns.ok).toBeGreaterThanOrEqual(DEVICES * PER_DEVICE);

        const counts = async (sql: string) => {
          if (kind === 'sqlite') {
            const db = new Database(sqliteFile, { readonly: true });
            try {
              return db.prepare(sql).all() as Record<string, number>[];
            } finally {
              db.close();
            }
          }
          const client = new Client({ connectionString: database.url });
          await client.connect();
          try {
            return (await client.query(sql)).rows as Record<string, number>[];
          } finally {
            await client.end();
          }
        };
        // None lost, none doubled: one count per acknowledged check-in, per device sequences
        // 1..last without a gap, and each device's one receipt is that of its last check-in.
        const [totals] = await counts(
          `SELECT COUNT(*) AS devices, SUM(checkin_count) AS counted, SUM(last_sequence) AS sequences,
                (SELECT COUNT(*) FROM checkin_receipt r JOIN device d
                   ON d.id = r.device_id AND r.sequence = d.last_sequence) AS receipts FROM device`,
        );
        expect({
          devices: Number(totals.devices),
          counted: Number(totals.counted),
          sequences: Number(totals.sequences),
          receipts: Number(totals.receipts),
        }).toEqual({
          devices: DEVICES,
          counted: summary.checkIns.ok,
          sequences: summary.checkIns.ok,
          receipts: DEVICES,
        });

        if (peakRss !== null) expect(peakRss).toBeLessThan(PEAK_RSS_LIMIT);
        console.log(
          `bounded load [${kind}]: ${summary.checkIns.ok} check-ins (${DEVICES} devices) in ${seconds.toFixed(1)} s = ` +
            `${(summary.checkIns.ok / seconds).toFixed(0)}/s, p95 ${summary.latencyMs.p95} ms, 0 errors, ` +
            `peak server RSS ${peakRss === null ? 'n/a' : `${(peakRss / 1048576).toFixed(0)} MiB`}`,
        );

        // Secrets at rest: every credential and token issued, nowhere in plain text.
        await server.kill9(); // SQLite: the WAL stays as the crash left it, not checkpointed away.
        const secrets = [
          tenant.adminToken,
          tenant.enrollmentToken,
          extraAdmin.body.token,
          extraEnrollment.body.token,
          ...loadState(join(dir, 'fleet.json'))!.devices.map((record) => record.deviceCredential!),
        ];
        expect(secrets.every((secret) => typeof secret === 'string' && secret.length > 20)).toBe(
          true,
        );
        const stored = await everyStoredValue(database, sqliteFile);
        const found = secrets.filter((secret) => stored.includes(secret));
        if (kind === 'sqlite') {
          for (const suffix of ['', '-wal', '-shm']) {
            if (!existsSync(sqliteFile + suffix)) continue;
            const bytes = readFileSync(sqliteFile + suffix);
            found.push(
              ...secrets
                .filter((secret) => bytes.includes(secret))
                .map((s) => `${suffix || 'file'}: ${s}`),
            );
          }
        }
        expect(found).toEqual([]);
        console.log(
          `secrets at rest [${kind}]: ${secrets.length} credentials and tokens, none stored in plain text`,
        );
      } finally {
        await server.kill9();
        await database.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    Math.max(600_000, CHECK_INS * 100),
  );
});
