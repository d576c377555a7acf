/// <reference lib="dom" />
/**
 * Times the admin console's device list in headless Chromium on a large fleet: from navigation
 * start to the first page of devices in the table (HTML, ES modules, GET /v1.0/admin/me, the
 * counts, the list query with $count, rendering), then a platform filter, a sort and the next page.
 *
 *   npx ts-node --transpile-only bench/console-first-page.ts --devices 100000
 *   DATABASE_URL=sqlite:data/bench.sqlite npx ts-node --transpile-only bench/console-first-page.ts --token adm_…
 *
 * Without --token it seeds a fresh SQLite database (bench/seed-devices.ts) in a temporary folder.
 */
import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/platform/config/config';
import { createServer, listen } from '../src/server';
import { launchBrowser } from '../test/support/browser';
import { seedDevices } from './seed-devices';

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

async function main(): Promise<void> {
  const options = new Command()
    .option('--devices <n>', 'devices to seed', '100000')
    .option('--apps <n>', 'detected apps per device when seeding', '20')
    .option('--token <adm_…>', 'an admin token of an already seeded DATABASE_URL')
    .option('--runs <n>', 'page loads to time (after one warm-up)', '10')
    .parse()
    .opts<{ devices: string; apps: string; token?: string; runs: string }>();
  const dir = options.token ? null : mkdtempSync(join(tmpdir(), 'dic-console-bench-'));
  const env = dir
    ? { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`, DATA_DIR: dir }
    : process.env;
  const config = loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'warn', RETENTION_SCHEDULE: 'off' });
  const app = await createServer(config);
  let token = options.token;
  if (!token) {
    await app.init();
    const started = Date.now();
    const seeded = await seedDevices(
      app,
      { devices: Number(options.devices), appsPerDevice: Number(options.apps) },
      (done) => process.stderr.write(`\rseeding: ${done} devices`),
    );
    process.stderr.write(`\nseeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    token = seeded.adminToken;
  }
  const { http } = await listen(app, { port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript((value) => {
      sessionStorage.setItem('dic.adminToken', value);
    }, token);
    const page = await context.newPage();
    /** ms from navigation start until `selector` matches, measured in the page. */
    const rendered = (selector: string) =>
      page
        .waitForFunction((s) => document.querySelector(s) && performance.now(), selector, {
          polling: 'raf',
          timeout: 60_000,
        })
        .then((handle) => handle.jsonValue() as Promise<number>);
    /** ms from a click until the device range line shows `text`. */
    const afterClick = async (click: () => Promise<void>, text: RegExp) => {
      await page.evaluate(() => {
        (window as unknown as { clickedAt: number }).clickedAt = performance.now();
      });
      await click();
      const handle = await page.waitForFunction(
        (pattern) =>
          new RegExp(pattern).test(document.getElementById('device-range')?.textContent ?? '') &&
          performance.now() - (window as unknown as { clickedAt: number }).clickedAt,
        text.source,
        { polling: 'raf', timeout: 60_000 },
      );
      return (await handle.jsonValue()) as number;
    };

    const firstPage: number[] = [];
    const filtered: number[] = [];
    const sorted: number[] = [];
    const next: number[] = [];
    const runs = Number(options.runs);
    for (let run = 0; run <= runs; run++) {
      await page.goto('about:blank');
      await page.goto(`${http}/#/devices`);
      const ms = await rendered('table.devices tbody tr');
      const range = await page.locator('#device-range').textContent();
      if (run === 0) {
        console.log(`first run (warm-up): ${ms.toFixed(0)} ms — ${range}`);
        continue;
      }
      firstPage.push(ms);
      next.push(
        await afterClick(() => page.getByRole('button', { name: 'Next' }).click(), /^Devices 51–/),
      );
      filtered.push(
        await afterClick(
          () =>
            page
              .getByLabel('Platform', { exact: true })
              .selectOption('Windows')
              .then(() => undefined),
          /^Devices 1–50 of /,
        ),
      );
      sorted.push(
        await afterClick(
          () => page.getByRole('button', { name: 'Last check-in' }).click(),
          /^Devices 1–50 of /,
        ),
      );
    }
    const line = (label: string, values: number[]) =>
      console.log(
        `${label.padEnd(44)} p50 ${percentile(values, 0.5).toFixed(0).padStart(5)} ms   max ${Math.max(
          ...values,
        )
          .toFixed(0)
          .padStart(5)} ms`,
      );
    console.log(`${runs} runs, Chromium at 1280×900`);
    line('first page (navigation → rows in the table)', firstPage);
    line('next page (click → rows)', next);
    line('platform filter Windows (choice → rows)', filtered);
    line('sort by last check-in (click → rows)', sorted);
  } finally {
    await browser.close();
    await app.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
