/**
 * The report export at scale: seeds a tenant (bench/seed-devices.ts), then exports
 * DevicesWithInventory and AppInvRawData through HTTP as a client would (POST the job, poll it,
 * download the zip), sampling the server process's RSS meanwhile. The export streams a page of
 * rows at a time into the zip, so the peak RSS above the idle baseline must not grow with the
 * fleet: compare `--devices 10000` with `--devices 100000`.
 *
 *   npx ts-node --transpile-only bench/report-export.ts --devices 100000 --apps 20
 *
 * Uses a new SQLite database in a temporary DATA_DIR unless DATABASE_URL is set. Prints JSON.
 */
import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config';
import { createServer, listen } from '../src/server';
import { seedDevices } from './seed-devices';

export interface ExportMeasurement {
  reportName: string;
  format: string;
  seconds: number;
  zipBytes: number;
  /** RSS when the export was requested, and the highest RSS seen until it was downloaded. */
  rssBeforeMb: number;
  rssPeakMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** One export through HTTP, with the RSS of this process sampled every 20 ms. */
export async function measureExport(
  baseUrl: string,
  adminToken: string,
  body: { reportName: string; format?: string; select?: string[] },
): Promise<ExportMeasurement> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = Date.now();
  try {
    const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const created = await fetch(`${baseUrl}/beta/deviceManagement/reports/exportJobs`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const job = (await created.json()) as { id: string };
    if (created.status !== 201) throw new Error(`export refused: ${JSON.stringify(job)}`);
    let url: string | null = null;
    while (url === null) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const polled = await fetch(
        `${baseUrl}/beta/deviceManagement/reports/exportJobs('${job.id}')`,
        { headers },
      );
      const state = (await polled.json()) as { status: string; url: string | null };
      if (state.status === 'failed') throw new Error('the export failed');
      if (state.status === 'completed') url = state.url;
    }
    const download = await fetch(url);
    if (download.status !== 200 || !download.body) throw new Error('download refused');
    let zipBytes = 0;
    const reader = download.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      zipBytes += read.value.length;
    }
    return {
      reportName: body.reportName,
      format: body.format ?? 'csv',
      seconds: (Date.now() - started) / 1000,
      zipBytes,
      rssBeforeMb: mb(before),
      rssPeakMb: mb(peak),
    };
  } finally {
    clearInterval(sampler);
  }
}

export async function runReportExportBench(options: {
  devices: number;
  apps: number;
  env?: NodeJS.ProcessEnv;
}) {
  const env = options.env ?? process.env;
  const dataDir = env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'dic-export-bench-'));
  const config = loadConfig({
    ...env,
    ...(dataDir ? { DATA_DIR: dataDir } : {}),
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
  const app = await createServer(config);
  try {
    const { http } = await listen(app, { port: 0, host: '127.0.0.1' });
    const seeded = await seedDevices(app, {
      devices: options.devices,
      appsPerDevice: options.apps,
    });
    const exports = [
      await measureExport(http, seeded.adminToken, { reportName: 'DevicesWithInventory' }),
      await measureExport(http, seeded.adminToken, {
        reportName: 'DevicesWithInventory',
        format: 'json',
      }),
      await measureExport(http, seeded.adminToken, { reportName: 'AppInvRawData' }),
    ];
    return { devices: seeded.devices, appLinks: seeded.links, exports };
  } finally {
    await app.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const program = new Command()
    .option('--devices <n>', 'devices to seed', '100000')
    .option('--apps <n>', 'detected apps per device', '20')
    .parse();
  const options = program.opts<{ devices: string; apps: string }>();
  const result = await runReportExportBench({
    devices: Number(options.devices),
    apps: Number(options.apps),
  });
  console.log(JSON.stringify(result, null, 2));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
