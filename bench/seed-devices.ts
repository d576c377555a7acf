/**
 * Bulk loader for query benchmarks: fills a tenant with N corporate devices × M detected apps in
 * minutes instead of the hours N real enrollments and check-ins would take.
 *
 * The rows are the ones the ingest path writes: hardware goes through the same pure functions
 * (canonicalHardware, decideOwnership, hardwareColumns, selectAppsToStore, appInventoryHash), app
 * versions are deduplicated into app_catalog with device_count equal to the number of links, and
 * each device looks as after its enrollment and one check-in (last_sequence 1, checkin_count 1).
 * Not written: check-in receipts and per-device audit events (neither is read by the query API),
 * and device credentials are the HMAC of `seed-<n>` under the server's pepper.
 *
 *   DATABASE_URL=sqlite:data/bench.sqlite npx ts-node --transpile-only bench/seed-devices.ts \
 *     --devices 100000 --apps 60
 *
 * Prints the tenant's admin token (and everything else as JSON with --json).
 */
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Command } from 'commander';
import { DataSource } from 'typeorm';
import {
  appInventoryScope,
  decideOwnership,
  EnrollmentType,
  Platform,
  selectAppsToStore,
} from '../src/rules';
import { appInventoryHash } from '../src/device-channel/contract/app-inventory-hash';
import { hashToken, ServerSecrets } from '../src/platform/secrets';
import { loadConfig } from '../src/platform/config/config';
import { SERVER_SECRETS } from '../src/platform/tokens';
import { SqliteStatistics } from '../src/platform/database/sqlite-statistics';
import { Tx, WriteTransactions } from '../src/platform/database/write-transactions';
import { canonicalHardware, hardwareColumns } from '../src/device-channel/hardware-inventory';
import { luhnCheckDigit } from '../src/rules/identifiers';
import { createServer } from '../src/server';
import { TenantsService } from '../src/admin/tenants.service';

export interface SeedOptions {
  devices: number;
  appsPerDevice: number;
  /** Distinct rarely-installed apps per platform, on top of the common ones. */
  longTail?: number;
  /** Spreads enrollment times over this many days before `now`. */
  days?: number;
  seed?: number;
}

export interface SeedResult {
  tenantId: string;
  adminToken: string;
  enrollmentToken: string;
  devices: number;
  links: number;
  catalogEntries: number;
}

const PLATFORM_MIX: readonly [Platform, EnrollmentType, number][] = [
  ['ios', 'automatedDeviceEnrollment', 0.35],
  ['android', 'androidFullyManaged', 0.25],
  ['windows', 'windowsAutopilot', 0.3],
  ['macos', 'automatedDeviceEnrollment', 0.1],
];
const COMMON_APPS = 40;
const ROWS_PER_STATEMENT = 400;
const DEVICES_PER_TRANSACTION = 1000;

/** Small deterministic PRNG (mulberry32), so a seed gives the same fleet every time. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const digits = (n: number, width: number) => String(n).padStart(width, '0').slice(-width);
const hex = (n: number, width: number) =>
  n.toString(16).toUpperCase().padStart(width, '0').slice(-width);
const FIRST = ['Alex', 'Sam', 'Kim', 'Robin', 'Noor', 'Mika', 'Jo', 'Ari', 'Lee', 'Eli'];
const LAST = ['Berg', 'Lind', 'Holm', 'Ek', 'Nilsson', 'Okafor', 'Tanaka', 'Garcia', 'Novak'];

function hardwareOf(platform: Platform, n: number, rand: () => number) {
  const imei = () => {
    const payload = `35${digits(n, 12)}`;
    return payload + luhnCheckDigit(payload);
  };
  const gb = (choices: number[]) => choices[Math.floor(rand() * choices.length)] * 1e9;
  const total = gb([64, 128, 256, 512]);
  const common = {
    deviceName: `${platform.toUpperCase()}-${hex(n, 6)}`,
    totalStorageSpaceInBytes: total,
    freeStorageSpaceInBytes: Math.floor(total * rand()),
  };
  switch (platform) {
    case 'ios':
      return {
        ...common,
        manufacturer: 'Apple',
        model: rand() < 0.7 ? 'iPhone 15' : 'iPad Air',
        osVersion: rand() < 0.8 ? '17.4.1' : '16.7.8',
        serialNumber: `F${digits(n, 11)}`,
        imei: imei(),
        udid: `00008030-${hex(n, 16)}`,
        wiFiMacAddress: `A483E7${hex(n, 6)}`,
        subscriberCarrier: 'Telia',
      };
    case 'android':
      return {
        ...common,
        manufacturer: rand() < 0.6 ? 'Samsung' : 'Google',
        model: rand() < 0.5 ? 'Galaxy S24' : 'Pixel 8',
        osVersion: rand() < 0.7 ? '14' : '13',
        serialNumber: `R58N${digits(n, 7)}`,
        imei: imei(),
        wiFiMacAddress: `5C497D${hex(n, 6)}`,
        androidId: hex(n, 16).toLowerCase(),
      };
    case 'macos':
      return {
        ...common,
        manufacturer: 'Apple',
        model: 'MacBook Air (M2, 2022)',
        osVersion: '14.4',
        serialNumber: `C02${digits(n, 9)}`,
        udid: `6A1F3C2E-9B4D-4E8A-A1B2-${hex(n, 12)}`,
        wiFiMacAddress: `F01898${hex(n, 6)}`,
        physicalMemoryInBytes: 16 * 2 ** 30,
      };
    case 'windows':
      return {
        ...common,
        manufacturer: rand() < 0.5 ? 'Dell Inc.' : 'LENOVO',
        model: rand() < 0.5 ? 'Latitude 7440' : 'ThinkPad T14',
        osVersion: '10.0.22631.3447',
        serialNumber: `D${digits(n, 9)}`,
        wiFiMacAddress: `D4BED9${hex(n, 6)}`,
        ethernetMacAddress: `D4BEDA${hex(n, 6)}`,
        windowsDeviceId: `6a1f3c2e-9b4d-4e8a-a1b2-${hex(n, 12).toLowerCase()}`,
        physicalMemoryInBytes: 32 * 2 ** 30,
      };
  }
}

interface CatalogApp {
  appId: string;
  version: string;
  displayName: string;
  publisher: string;
  sizeInBytes: number;
}

/** Per platform: common apps (1–3 versions each) and a long tail of rarely installed ones. */
function appPool(platform: Platform, longTail: number) {
  const app = (kind: string, i: number, version: string): CatalogApp => ({
    appId: `com.${kind}.${platform}.app${i}`,
    version,
    displayName: `${kind === 'common' ? 'Common' : 'Tail'} ${platform} App ${i}`,
    publisher: `Publisher ${i % 37}`,
    sizeInBytes: 5_000_000 + i * 1013,
  });
  return {
    common: Array.from({ length: COMMON_APPS }, (_, i) =>
      [1, 2, 3].slice(0, 1 + (i % 3)).map((v) => app('common', i, `${v}.0`)),
    ),
    tail: Array.from({ length: longTail }, (_, i) => app('tail', i, '1.0')),
  };
}

/** The apps one device reports: every common app (one of its versions) plus skewed tail picks. */
function inventoryOf(pool: ReturnType<typeof appPool>, count: number, rand: () => number) {
  const apps = pool.common
    .slice(0, Math.min(COMMON_APPS, count))
    .map((versions) => versions[Math.floor(rand() * versions.length)]);
  const picked = new Set<number>();
  while (apps.length < count && picked.size < pool.tail.length) {
    // Skewed towards the head of the tail: a few apps are on many devices, most on few.
    const i = Math.floor(pool.tail.length * rand() ** 3);
    if (picked.has(i)) continue;
    picked.add(i);
    apps.push(pool.tail[i]);
  }
  return apps;
}

export async function seedDevices(
  app: NestFastifyApplication,
  options: SeedOptions,
  progress: (done: number) => void = () => undefined,
): Promise<SeedResult> {
  const rand = random(options.seed ?? 1);
  const transactions = app.get(WriteTransactions);
  const secrets = app.get<ServerSecrets>(SERVER_SECRETS);
  const tenant = await app.get(TenantsService).createTenant(`Bench ${Date.now()}`);
  const now = Date.now();
  const span = (options.days ?? 365) * 86_400_000;
  const pools = new Map(
    PLATFORM_MIX.map(([platform]) => [platform, appPool(platform, options.longTail ?? 3000)]),
  );

  // Devices and their inventories first (in memory: ids only), so catalog counts are exact.
  type Planned = { columns: Record<string, unknown>; apps: CatalogApp[] };
  const catalogCounts = new Map<string, { platform: Platform; app: CatalogApp; count: number }>();
  const plan = (n: number): Planned => {
    let pick = rand();
    const [platform, enrollmentType] =
      PLATFORM_MIX.find(([, , share]) => (pick -= share) < 0) ?? PLATFORM_MIX[0];
    const ownership = decideOwnership({ enrollmentType, matchesCorporateIdentifier: false });
    const hardware = canonicalHardware(platform, hardwareOf(platform, n, rand));
    const reported = inventoryOf(pools.get(platform)!, options.appsPerDevice, rand);
    const { stored } = selectAppsToStore(reported, {
      scope: appInventoryScope({
        platform,
        enrollmentType,
        ownership: ownership.ownership,
        compliantAppListOn: false,
      }).scope,
      enrollmentType,
      assignedAppIds: new Set(),
    });
    for (const a of stored) {
      const key = `${platform}\u0000${a.appId}\u0000${a.version}`;
      const entry = catalogCounts.get(key) ?? { platform, app: a, count: 0 };
      entry.count++;
      catalogCounts.set(key, entry);
    }
    const enrolledAt = now - Math.floor(rand() * span);
    const first = FIRST[n % FIRST.length];
    const last = LAST[Math.floor(n / FIRST.length) % LAST.length];
    const upn = `${first}.${last}${n}@contoso.example`.toLowerCase();
    return {
      apps: stored,
      columns: {
        id: uuidFor(n, rand),
        tenant_id: tenant.tenantId,
        platform,
        enrollment_type: enrollmentType,
        ownership: ownership.ownership,
        ownership_reason: ownership.reason,
        management_state: 'managed',
        compliance_state: 'compliant',
        credential_hash: hashToken(secrets.tokenPepper, `seed-${n}`),
        ...hardwareColumns(hardware, ownership.ownership),
        user_principal_name: upn,
        user_display_name: `${first} ${last}`,
        user_email: upn,
        enrolled_at: enrolledAt,
        last_checkin_at: enrolledAt + Math.floor(rand() * (now - enrolledAt)),
        last_sequence: 1,
        checkin_count: 1,
        app_inventory_hash: appInventoryHash(stored),
      },
    };
  };
  const planned = Array.from({ length: options.devices }, (_, n) => plan(n));

  const catalogIds = new Map<string, number>();
  await transactions.run(async (tx) => {
    for (const chunk of chunks([...catalogCounts.entries()], ROWS_PER_STATEMENT)) {
      const rows = await tx.all<{ id: number; platform: string; app_id: string; version: string }>(
        `INSERT INTO app_catalog (tenant_id, platform, app_id, version, display_name, publisher, size_in_bytes, install_location, device_count, first_seen_at)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)').join(', ')}
         RETURNING id, platform, app_id, version`,
        chunk.flatMap(([, { platform, app: a, count }]) => [
          tenant.tenantId,
          platform,
          a.appId,
          a.version,
          a.displayName,
          a.publisher,
          a.sizeInBytes,
          count,
          now - span,
        ]),
      );
      for (const row of rows)
        catalogIds.set(`${row.platform}\u0000${row.app_id}\u0000${row.version}`, Number(row.id));
    }
  });

  let links = 0;
  for (const batch of chunks(planned, DEVICES_PER_TRANSACTION)) {
    await transactions.run(async (tx) => {
      await insertRows(
        tx,
        'device',
        batch.map((device) => device.columns),
      );
      const pairs = batch.flatMap((device) =>
        device.apps.map((a) => [
          device.columns.id,
          catalogIds.get(`${String(device.columns.platform)}\u0000${a.appId}\u0000${a.version}`),
        ]),
      );
      links += pairs.length;
      for (const chunk of chunks(pairs, ROWS_PER_STATEMENT)) {
        await tx.run(
          `INSERT INTO device_app (device_id, app_catalog_id) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`,
          chunk.flat(),
        );
      }
    });
    progress(Math.min(options.devices, links / Math.max(1, options.appsPerDevice)));
  }
  // Planner statistics and (PostgreSQL) the visibility map, as a settled database would have them.
  if (transactions.dialect === 'sqlite') await app.get(SqliteStatistics).refresh();
  else await app.get(DataSource).query('VACUUM ANALYZE');
  return {
    tenantId: tenant.tenantId,
    adminToken: tenant.adminToken,
    enrollmentToken: tenant.enrollmentToken,
    devices: planned.length,
    links,
    catalogEntries: catalogIds.size,
  };
}

/** Rows of one table with possibly different column sets (absent identifiers), grouped by shape. */
async function insertRows(
  tx: Tx,
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const byShape = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const shape = Object.keys(row).join(',');
    const group = byShape.get(shape);
    if (group) group.push(row);
    else byShape.set(shape, [row]);
  }
  for (const [shape, group] of byShape) {
    const columns = shape.split(',');
    const perStatement = Math.max(1, Math.floor(4000 / columns.length));
    for (const chunk of chunks(group, perStatement)) {
      await tx.run(
        `INSERT INTO ${table} (${shape}) VALUES ${chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`,
        chunk.flatMap((row) => columns.map((column) => row[column])),
      );
    }
  }
}

function uuidFor(n: number, rand: () => number): string {
  const h = (width: number) =>
    Array.from({ length: width }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[n % 4]}${h(3)}-${h(12)}`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

async function main(): Promise<void> {
  const program = new Command()
    .option('--devices <n>', 'devices to create', '100000')
    .option('--apps <n>', 'detected apps per device', '60')
    .option('--json', 'print the result as JSON')
    .parse();
  const options = program.opts<{ devices: string; apps: string; json?: boolean }>();
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const app = await createServer(config);
  await app.init();
  const started = Date.now();
  const result = await seedDevices(
    app,
    { devices: Number(options.devices), appsPerDevice: Number(options.apps) },
    (done) => process.stderr.write(`\r${done} devices`),
  );
  process.stderr.write(`\nseeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  await app.close();
  console.log(options.json ? JSON.stringify(result) : result.adminToken);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
