import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { seedDevices } from '../bench/seed-devices';
import { loadConfig } from '../src/platform/config/config';
import { createServer as createApp } from '../src/server';
import { adminCall } from './support/admin-api';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { freePort, ServerProcess, startServerProcess } from './support/server-process';
import { parseQuotedCsv, unzip } from './support/zip';
import documented from './fixtures/graph-documentation/intune-reports-export-columns.json';

const JOBS = '/beta/deviceManagement/reports/exportJobs';
/** Enough rows that the export is still being written when the server is killed. */
const DEVICES = 4000;
const APPS_PER_DEVICE = 25;

interface ExportJob {
  id: string;
  status: string;
  url: string | null;
}

/**
 * The server (a child process) is killed with SIGKILL while it writes a report export, and
 * restarted: the consumer polling the job sees it taken up again once the dead writer's lease ran
 * out (REPORT_EXPORT_LEASE_SECONDS, 2 here), and downloads a complete zip; the dead attempt's
 * partial file is gone.
 */
describeEachDatabase('report export: kill -9 mid-export', (kind) => {
  let database: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  let adminToken: string;
  let devices: number;
  let links: number;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'dic-export-crash-'));
    env = {
      DATABASE_URL: database.url,
      DATA_DIR: dir,
      REPORT_EXPORT_LEASE_SECONDS: '2',
    };
    const app = await createApp(
      loadConfig({ ...env, LOG_LEVEL: 'warn', RETENTION_SCHEDULE: 'off' }),
    );
    await app.init();
    try {
      const seeded = await seedDevices(app, {
        devices: DEVICES,
        appsPerDevice: APPS_PER_DEVICE,
        longTail: 200,
        seed: 3,
      });
      ({ adminToken, devices, links } = seeded);
    } finally {
      await app.close();
    }
  }, 300_000);
  afterAll(async () => {
    await server?.kill9();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = <T>(method: 'GET' | 'POST', path: string, body?: unknown) =>
    adminCall<T>(server!.url, adminToken, method, path, body);
  const partials = () =>
    readdirSync(join(dir, 'report-exports')).filter((file) => file.endsWith('.partial'));
  const attemptsOf = async (id: string): Promise<number> => {
    if (kind === 'sqlite') {
      const db = new Database(database.url.slice('sqlite:'.length), { readonly: true });
      try {
        const row = db.prepare('SELECT attempts FROM report_export_job WHERE id = ?').get(id) as {
          attempts: number;
        };
        return row.attempts;
      } finally {
        db.close();
      }
    }
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const result = await client.query('SELECT attempts FROM report_export_job WHERE id = $1', [
        id,
      ]);
      return Number(result.rows[0].attempts);
    } finally {
      await client.end();
    }
  };

  it('a job whose server was killed mid-export is taken up after the restart and completes with the whole zip', async () => {
    const port = await freePort();
    server = await startServerProcess(env, port);
    expect(devices).toBe(DEVICES);
    const created = await call<ExportJob>('POST', JOBS, { reportName: 'AppInvRawData' });
    expect(created.status).toBe(201);
    const { id } = created.body;

    // Mid-export: the job is in progress and its zip half-written when the server dies.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const polled = await call<ExportJob>('GET', `${JOBS}('${id}')`);
      expect(polled.body.status).not.toBe('completed');
      if (polled.body.status === 'inProgress' && partials().length > 0) break;
      if (Date.now() > deadline) throw new Error('the export never started');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await server.kill9();
    expect(partials()).toHaveLength(1);

    server = await startServerProcess(env, port);
    let job: ExportJob | undefined;
    const until = Date.now() + 120_000;
    while (!job) {
      const polled = await call<ExportJob>('GET', `${JOBS}('${id}')`);
      expect(polled.status).toBe(200);
      // Never failed: the dead writer's attempt is not held against the job beyond its count.
      expect(polled.body.status).not.toBe('failed');
      if (polled.body.status === 'completed') job = polled.body;
      else if (Date.now() > until) throw new Error('the export was not taken up again');
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await attemptsOf(id)).toBe(2);
    expect(partials()).toEqual([]);

    const response = await fetch(job.url!);
    expect(response.status).toBe(200);
    const files = await unzip(Buffer.from(await response.arrayBuffer()));
    expect([...files.keys()]).toEqual([`${id}.csv`]);
    const [header, ...rows] = parseQuotedCsv(files.get(`${id}.csv`)!);
    expect(header).toEqual(documented.AppInvRawData.columns);
    // Every app of every device, once: nothing of the dead attempt, nothing missing.
    expect(rows).toHaveLength(links);
    expect(new Set(rows.map((row) => row.join('\u0000'))).size).toBe(links);
  }, 300_000);
});
