import { ChildProcess, execFileSync, fork } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { BenchDevice, LoadResult, LoadSpec } from './load';
import type { StorageCeiling } from './storage-ceiling';
import type { PgCounts } from './servers/pg-round-trips';

/**
 * `npm run bench` — the check-in and query benchmarks against their physical ceilings, in one run.
 * Every server is a process of its own on 127.0.0.1, driven by autocannon from another process
 * (bench/load.ts) with pre-built bodies. Prints a table and writes it into docs/benchmarks.md.
 *
 *   npm run bench                      # a few minutes on 2 cores: 2,000 and 10,000 stored devices
 *   npm run bench -- --full            # 10,000 and 100,000 stored devices
 *   npm run bench -- --only first,steady --profile   # CPU profiles of our server (bench/profiles/)
 *
 * Options: --only <first,steady,churn,ceilings,queries,postgres> (default all), --connections <n>
 * (16), --seconds <n> per throughput run (10), --devices <n> first check-ins (2,000; 5,000 with
 * --full), --sizes <n,n> stored fleets for queries and growth, --postgres <url> (the server to
 * create the run's throwaway database on; default TEST_POSTGRES_URL or postgres@127.0.0.1:5432),
 * --postgres-only (scenarios 1–3 on PostgreSQL, nothing on SQLite), --profile (on PostgreSQL also
 * the round trips per check-in by their SQL, postgres-<scenario>.statements.json),
 * --profile-allocations (sampled allocation profiles instead, <scenario>.heapprofile),
 * --heap-snapshot (of our SQLite server after 1–3, into bench/profiles/), --no-write (do not touch
 * docs/benchmarks.md), --keep (keep the temporary databases).
 *
 * For experiments, in the environment: BENCH_SERVER_NODE_FLAGS (V8 flags for our server only, e.g.
 * `--max-old-space-size=160`), BENCH_LOG_LEVEL (our server's LOG_LEVEL, default info).
 */

const ROOT = resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
};
const FULL = flag('full');
const ONLY = new Set(option('only', 'first,steady,churn,ceilings,queries,postgres').split(','));
const CONNECTIONS = Number(option('connections', '16'));
const SECONDS = Number(option('seconds', '10'));
const FIRST_DEVICES = Number(option('devices', FULL ? '5000' : '2000'));
const SIZES = option('sizes', FULL ? '10000,100000' : '2000,10000')
  .split(',')
  .map(Number);
const PROFILE_ALLOCATIONS = flag('profile-allocations');
const PROFILE = flag('profile') || PROFILE_ALLOCATIONS;
const POSTGRES_URL = option(
  'postgres',
  process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
);
const PEPPER = 'bench-token-pepper-0123456789abcdef';
const work = mkdtempSync(join(tmpdir(), 'inventory-bench-'));
/** Servers, load generator and loaders run compiled, as `npm run start:prod` would. */
const BUILD = join(ROOT, 'dist/bench-build');

function forkTs(
  script: string,
  scriptArgs: string[],
  env: Record<string, string>,
  options: { execArgv?: string[]; stdout?: number | 'pipe' | 'ignore' } = {},
): ChildProcess {
  return fork(join(BUILD, 'bench', script.replace(/\.ts$/, '.js')), scriptArgs, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', options.stdout ?? 'ignore', 'inherit', 'ipc'],
  });
}

function nextMessage<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((done, fail) => {
    const onMessage = (message: Record<string, unknown>) => {
      if ('error' in message) fail(new Error(String(message.error)));
      else if (key in message) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        done(message[key] as T);
      }
    };
    const onExit = (code: number | null) => fail(new Error(`process exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startServer(
  kind: 'inventory' | 'bare-http' | 'fastify' | 'framework',
  env: Record<string, string> = {},
): Promise<Server> {
  const log = openSync(join(work, `${kind}.log`), 'a');
  const child = forkTs(`servers/${kind}.ts`, [], env, {
    stdout: log,
    execArgv:
      kind === 'inventory' && process.env.BENCH_SERVER_NODE_FLAGS
        ? process.env.BENCH_SERVER_NODE_FLAGS.split(' ')
        : [],
  });
  const url = await nextMessage<string>(child, 'url');
  return {
    url,
    child,
    stop: async () => {
      const exited = new Promise((done) => child.once('exit', done));
      if (kind === 'inventory') child.send({ type: 'stop' });
      else child.kill('SIGINT');
      await exited;
      closeSync(log);
    },
  };
}

/** utime + stime of a process, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

/**
 * PostgreSQL's own CPU while a scenario runs, read from /proc for the server's processes (the same
 * machine): the backends connected to the benchmark's database (our pool, and autovacuum working
 * on it) and, separately, PostgreSQL's shared background processes (WAL writer, checkpointer,
 * background writer), which also serve the other databases on the server. Sampled every 250 ms:
 * pooled backends may come and go; one that appears counts from zero.
 */
class PostgresCpu {
  private first = new Map<number, number>();
  private last = new Map<number, number>();
  private ours = new Set<number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly monitor: Client,
    private readonly database: string,
  ) {}

  private async sample(fromZero: boolean): Promise<void> {
    const { rows } = await this.monitor.query<{ pid: number; ours: boolean }>(
      `SELECT pid, datname IS NOT DISTINCT FROM $1 AS ours FROM pg_stat_activity
       WHERE (datname = $1 OR backend_type <> 'client backend') AND pid <> pg_backend_pid()`,
      [this.database],
    );
    for (const { pid, ours } of rows) {
      let cpu: number;
      try {
        cpu = cpuMs(pid);
      } catch {
        continue;
      }
      if (!this.first.has(pid)) this.first.set(pid, fromZero ? 0 : cpu);
      this.last.set(pid, cpu);
      if (ours) this.ours.add(pid);
    }
  }

  async start(): Promise<void> {
    this.first = new Map();
    this.last = new Map();
    this.ours = new Set();
    await this.sample(false);
    this.timer = setInterval(() => void this.sample(true).catch(() => undefined), 250);
  }

  /** CPU ms since start: the benchmark database's backends, and the shared background processes. */
  async stop(): Promise<{ backends: number; shared: number }> {
    clearInterval(this.timer);
    await this.sample(true);
    let backends = 0;
    let shared = 0;
    for (const [pid, last] of this.last) {
      const used = last - this.first.get(pid)!;
      if (this.ours.has(pid)) backends += used;
      else shared += used;
    }
    return { backends, shared };
  }
}

type Measured = LoadResult & {
  serverCpuMsPerOp?: number;
  serverCpuPercent?: number;
  postgres?: { cpuMsPerOp: number; sharedCpuMsPerOp: number; counts: PgCounts };
};

let loader: ChildProcess | undefined;
async function load(
  spec: LoadSpec,
  server?: Server,
  profileName?: string,
  postgres?: PostgresCpu,
): Promise<Measured> {
  if (!loader) {
    loader = forkTs('load.ts', [], {});
    await nextMessage(loader, 'ready');
  }
  const profiling = PROFILE && server && profileName;
  if (profiling) {
    mkdirSync(join(ROOT, 'bench/profiles'), { recursive: true });
    server.child.send({ type: 'profile-start', allocations: PROFILE_ALLOCATIONS });
    await nextMessage(server.child, 'profiling');
  }
  if (postgres && server) {
    server.child.send({ type: 'pg-counts' });
    await nextMessage(server.child, 'pgCounts');
    await postgres.start();
  }
  const before = server ? cpuMs(server.child.pid!) : 0;
  loader.send(spec);
  const result = await nextMessage<LoadResult>(loader, 'result');
  if (!server) return result;
  const used = cpuMs(server.child.pid!) - before;
  const ops = Math.max(1, result.completed);
  let measuredPostgres: Measured['postgres'];
  if (postgres) {
    const cpu = await postgres.stop();
    server.child.send({ type: 'pg-counts' });
    measuredPostgres = {
      cpuMsPerOp: cpu.backends / ops,
      sharedCpuMsPerOp: cpu.shared / ops,
      counts: await nextMessage<PgCounts>(server.child, 'pgCounts'),
    };
  }
  if (profiling) {
    server.child.send({
      type: 'profile-stop',
      file: join(ROOT, `bench/profiles/${profileName}.cpuprofile`),
    });
    await nextMessage(server.child, 'profiled');
  }
  return {
    ...result,
    serverCpuMsPerOp: used / ops,
    serverCpuPercent: (used / (result.seconds * 1000)) * 100,
    postgres: measuredPostgres,
  };
}

function mustSucceed(what: string, result: LoadResult): void {
  const failed = Object.entries(result.statuses).filter(([status]) => Number(status) >= 300);
  if (failed.length > 0 || result.completed === 0) {
    throw new Error(
      `${what}: ${JSON.stringify(result.statuses)} errors=${result.errors} ${result.firstFailure ?? ''}`,
    );
  }
}

async function createTenant(server: Server) {
  server.child.send({ type: 'tenant' });
  return nextMessage<{ tenantId: string; enrollmentToken: string; adminToken: string }>(
    server.child,
    'tenant',
  );
}

function databaseEnv(file: string): Record<string, string> {
  return {
    DATABASE_URL: `sqlite:${file}`,
    DATA_DIR: work,
    TOKEN_PEPPER: PEPPER,
    RETENTION_SCHEDULE: 'off',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  };
}

const databaseBytes = (file: string) =>
  [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);

// ---------------------------------------------------------------------------------------------------

interface Row {
  scenario: string;
  unit: string;
  ours?: number;
  http?: number;
  schema?: number;
  framework?: number;
  storage?: number;
  latency?: LoadResult['latencyMs'];
  serverCpuMsPerOp?: number;
  /** Server CPU ms per operation of each ceiling. */
  cpu: { http?: number; schema?: number; framework?: number; storage?: number };
  loadCpu?: number;
}

const rows: Row[] = [];
const queryRows: { size: number; name: string; p50: number; p95: number; max: number }[] = [];
const growth: {
  size: number;
  first: number;
  firstCpu: number;
  steady: number;
  steadyCpu: number;
  bytesPerDevice: number;
  seedSeconds: number;
}[] = [];
const facts: Record<string, string> = {};

const SCENARIOS = {
  first: { scenario: '1. first check-in (enroll + 60 apps)', unit: 'devices/s' },
  steady: { scenario: '2. steady check-in (hash only)', unit: 'check-ins/s' },
  churn: { scenario: '3. churn check-in (2 of 60 apps)', unit: 'check-ins/s' },
} as const;

/** Scenarios 1–3 against one started server: first check-ins, then steady, then churn. */
async function checkInScenarios(
  server: Server,
  profilePrefix: string,
  postgres?: PostgresCpu,
): Promise<{
  measured: { kind: keyof typeof SCENARIOS; result: Measured }[];
  devices: BenchDevice[];
  replyBytes: LoadResult['replyBytes'];
}> {
  const tenant = await createTenant(server);
  const base = { url: server.url, connections: CONNECTIONS, seconds: SECONDS };
  const first = await load(
    {
      ...base,
      seconds: 120,
      scenario: 'first',
      enrollmentToken: tenant.enrollmentToken,
      firstDevice: 0,
      devices: FIRST_DEVICES,
      amount: FIRST_DEVICES * 2,
    },
    server,
    `${profilePrefix}first`,
    postgres,
  );
  mustSucceed(`${profilePrefix}first check-in`, first);
  const measured: { kind: keyof typeof SCENARIOS; result: Measured }[] = [
    { kind: 'first', result: first },
  ];
  let devices = first.devices!;
  for (const kind of ['steady', 'churn'] as const) {
    if (!ONLY.has(kind)) continue;
    const result = await load(
      { ...base, scenario: kind, devices },
      server,
      `${profilePrefix}${kind}`,
      postgres,
    );
    mustSucceed(`${profilePrefix}${kind} check-in`, result);
    devices = result.devices!;
    measured.push({ kind, result });
  }
  return { measured, devices, replyBytes: first.replyBytes };
}

async function serverMemory(server: Server): Promise<string> {
  server.child.send({ type: 'memory' });
  const memory = await nextMessage<NodeJS.MemoryUsage>(server.child, 'memory');
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  return `${peakRssMb(server.child.pid!).toFixed(0)} MB (at the end: RSS ${mb(memory.rss)}, V8 heap ${mb(memory.heapUsed)} used of ${mb(memory.heapTotal)}, external ${mb(memory.external)})`;
}

async function throughputScenarios(): Promise<void> {
  const file = join(work, 'fresh.sqlite');
  const server = await startServer('inventory', databaseEnv(file));
  const { measured, devices, replyBytes } = await checkInScenarios(server, '');
  for (const { kind, result } of measured) {
    rows.push({
      ...SCENARIOS[kind],
      cpu: {},
      ours: result.perSecond,
      latency: result.latencyMs,
      serverCpuMsPerOp: result.serverCpuMsPerOp,
      loadCpu: result.loadGeneratorCpuPercent,
    });
  }
  facts.peakRss = await serverMemory(server);
  if (flag('heap-snapshot')) {
    mkdirSync(join(ROOT, 'bench/profiles'), { recursive: true });
    server.child.send({
      type: 'heap-snapshot',
      file: join(ROOT, 'bench/profiles/after-1-3.heapsnapshot'),
    });
    await nextMessage(server.child, 'heapSnapshot');
    facts.peakRss += `; after a full collection ${await serverMemory(server)}`;
  }
  await server.stop();
  facts.dbPerDevice = `${(databaseBytes(file) / devices.length / 1024).toFixed(1)} KiB (${devices.length} devices after scenarios 1–3, receipts included)`;
  facts.replyBytes = `enrollment ${replyBytes.enroll} B, check-in ${replyBytes.checkIn} B`;

  if (!ONLY.has('ceilings')) return;
  const replyEnv = {
    BENCH_REPLY_BYTES_ENROLL: String(replyBytes.enroll),
    BENCH_REPLY_BYTES_CHECKIN: String(replyBytes.checkIn),
  };
  for (const kind of ['bare-http', 'fastify', 'framework'] as const) {
    const ceiling = await startServer(kind, replyEnv);
    const fake = Array.from({ length: Math.max(devices.length, CONNECTIONS * 4) }, (_, n) => ({
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      credential: 'dev_bench',
      n,
      sequence: 1,
      variant: 0 as const,
    }));
    const cBase = { url: ceiling.url, connections: CONNECTIONS, seconds: SECONDS };
    const first = await load(
      {
        ...cBase,
        scenario: 'first',
        enrollmentToken: 'enr_bench',
        firstDevice: 0,
        devices: FIRST_DEVICES,
        amount: FIRST_DEVICES * 2,
      },
      ceiling,
    );
    const steady = await load({ ...cBase, scenario: 'steady', devices: fake }, ceiling);
    const churn = await load({ ...cBase, scenario: 'churn', devices: fake }, ceiling);
    for (const [result, what] of [
      [first, 'first'],
      [steady, 'steady'],
      [churn, 'churn'],
    ] as const)
      mustSucceed(`${kind} ${what}`, result);
    const key = ({ 'bare-http': 'http', fastify: 'schema', framework: 'framework' } as const)[kind];
    rows[0][key] = first.perSecond;
    rows[0].cpu[key] = first.serverCpuMsPerOp;
    const steadyRow = rows.find((r) => r.scenario.startsWith('2.'));
    if (steadyRow) {
      steadyRow[key] = steady.perSecond;
      steadyRow.cpu[key] = steady.serverCpuMsPerOp;
    }
    const churnRow = rows.find((r) => r.scenario.startsWith('3.'));
    if (churnRow) {
      churnRow[key] = churn.perSecond;
      churnRow.cpu[key] = churn.serverCpuMsPerOp;
    }
    facts[`${key}LoadCpu`] =
      `${Math.max(first.loadGeneratorCpuPercent, steady.loadGeneratorCpuPercent, churn.loadGeneratorCpuPercent).toFixed(0)} %`;
    await ceiling.stop();
  }
  const storageChild = forkTs(
    'storage-ceiling.ts',
    [join(work, 'storage.sqlite'), String(FIRST_DEVICES), String(SECONDS)],
    {},
  );
  const storage = await nextMessage<StorageCeiling>(storageChild, 'result');
  rows[0].storage = storage.first;
  rows[0].cpu.storage = storage.cpuMsPerOp.first;
  const steadyRow = rows.find((r) => r.scenario.startsWith('2.'));
  if (steadyRow) {
    steadyRow.storage = storage.steady;
    steadyRow.cpu.storage = storage.cpuMsPerOp.steady;
  }
  const churnRow = rows.find((r) => r.scenario.startsWith('3.'));
  if (churnRow) {
    churnRow.storage = storage.churn;
    churnRow.cpu.storage = storage.cpuMsPerOp.churn;
  }
}

interface PostgresRow {
  kind: keyof typeof SCENARIOS;
  perSecond: number;
  latency: LoadResult['latencyMs'];
  serverCpuMsPerOp: number;
  pgCpuMsPerOp: number;
  pgSharedCpuMsPerOp: number;
  roundTrips: number;
  statements: number;
  byKind: Record<string, number>;
}
const postgresRows: PostgresRow[] = [];

/**
 * Scenarios 1–3 on PostgreSQL: one instance of our server on a database created for this run on
 * the server at --postgres (dropped afterwards), with PostgreSQL's CPU and what the server sent it.
 */
async function postgresScenarios(): Promise<void> {
  const monitor = new Client({ connectionString: POSTGRES_URL });
  try {
    await monitor.connect();
  } catch (error) {
    facts.postgres = `not measured: PostgreSQL at ${POSTGRES_URL} not reachable (${(error as Error).message})`;
    process.stderr.write(`${facts.postgres}\n`);
    return;
  }
  const database = `bench_run_${randomBytes(4).toString('hex')}`;
  await monitor.query(`CREATE DATABASE ${database}`);
  try {
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    const server = await startServer('inventory', {
      ...databaseEnv(join(work, 'unused.sqlite')),
      DATABASE_URL: url.toString(),
      BENCH_COUNT_PG: '1',
    });
    const version = await monitor.query<{ server_version: string }>('SHOW server_version');
    const { measured } = await checkInScenarios(
      server,
      'postgres-',
      new PostgresCpu(monitor, database),
    );
    for (const { kind, result } of measured) {
      const ops = Math.max(1, result.completed);
      const counts = result.postgres!.counts;
      if (PROFILE) {
        const perOp = Object.entries(counts.byText)
          .sort(([, a], [, b]) => b - a)
          .map(([text, count]) => ({ perOp: Math.round((count / ops) * 100) / 100, text }));
        writeFileSync(
          join(ROOT, `bench/profiles/postgres-${kind}.statements.json`),
          JSON.stringify(perOp, null, 2),
        );
      }
      postgresRows.push({
        kind,
        perSecond: result.perSecond,
        latency: result.latencyMs,
        serverCpuMsPerOp: result.serverCpuMsPerOp!,
        pgCpuMsPerOp: result.postgres!.cpuMsPerOp,
        pgSharedCpuMsPerOp: result.postgres!.sharedCpuMsPerOp,
        roundTrips: counts.roundTrips / ops,
        statements: counts.statements / ops,
        byKind: Object.fromEntries(
          Object.entries(counts.byKind).map(([name, count]) => [name, count / ops]),
        ),
      });
    }
    facts.postgresPeakRss = await serverMemory(server);
    facts.postgres = `PostgreSQL ${version.rows[0].server_version} on 127.0.0.1 (shared with other work), a database created for the run; our server's pool ${process.env.DATABASE_POOL_SIZE ?? 10} connections`;
    await server.stop();
  } finally {
    if (!flag('keep')) await monitor.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await monitor.end();
  }
}

async function seed(
  file: string,
  devices: number,
): Promise<{ adminToken: string; enrollmentToken: string; seconds: number }> {
  const started = Date.now();
  const child = forkTs(
    'seed-devices.ts',
    ['--devices', String(devices), '--apps', '60', '--json'],
    databaseEnv(file),
    { stdout: 'pipe' },
  );
  let out = '';
  child.stdout!.on('data', (part: Buffer) => (out += part.toString()));
  const code = await new Promise((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`seeding ${devices} devices failed (${code})`);
  const result = JSON.parse(out.trim().split('\n').pop()!) as {
    adminToken: string;
    enrollmentToken: string;
  };
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

async function storedFleet(size: number): Promise<void> {
  const file = join(work, `fleet-${size}.sqlite`);
  process.stderr.write(`seeding ${size} devices × 60 apps …\n`);
  const seeded = await seed(file, size);
  const bytesPerDevice = databaseBytes(file) / size;
  const server = await startServer('inventory', databaseEnv(file));
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${seeded.adminToken}` },
    });
    if (response.status !== 200)
      throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  if (ONLY.has('queries')) {
    const base = '/v1.0/deviceManagement';
    const sample = await get<{ value: { id: string }[] }>(
      `${base}/managedDevices?$top=50&$select=id`,
    );
    const ids = sample.value.map((d) => d.id);
    type Page = { '@odata.nextLink'?: string };
    const encode = (path: string) => encodeURI(path).replace(/\$/g, '%24');
    const pathOf = (link: string) => new URL(link).pathname + new URL(link).search;
    // Deep pages: walk to the middle of the fleet by $skiptoken, then time the pages that follow.
    let link = encode(`${base}/managedDevices?$orderby=deviceName&$top=100&$select=id,deviceName`);
    for (let i = 0; i < Math.floor(size / 200); i++) {
      const next = (await get<Page>(link))['@odata.nextLink'];
      if (!next) break;
      link = pathOf(next);
    }
    const deepLinks: string[] = [];
    for (let i = 0; i < 20; i++) {
      deepLinks.push(link);
      const next = (await get<Page>(link))['@odata.nextLink'];
      if (!next) break;
      link = pathOf(next);
    }
    const queries: [string, string[]][] = [
      [
        '$filter OS + compliance, $orderby lastSyncDateTime desc, $top=100',
        [
          `${base}/managedDevices?$filter=operatingSystem eq 'Windows' and complianceState eq 'compliant'&$orderby=lastSyncDateTime desc&$top=100`,
        ],
      ],
      [
        '$filter manufacturer, $orderby deviceName, $top=100',
        [`${base}/managedDevices?$filter=manufacturer eq 'LENOVO'&$orderby=deviceName&$top=100`],
      ],
      [`$skiptoken deep page (~${Math.floor(size / 2).toLocaleString('en')}th device)`, deepLinks],
      [
        'detectedApps top 100 by deviceCount',
        [`${base}/detectedApps?$orderby=deviceCount desc&$top=100`],
      ],
      ['one device', ids.map((id) => `${base}/managedDevices/${id}`)],
      ['its detectedApps (60)', ids.map((id) => `${base}/managedDevices/${id}/detectedApps`)],
    ];
    for (const [name, paths] of queries) {
      const encoded = paths.map((p) => (p.includes('%') ? p : encode(p)));
      const spec = {
        url: server.url,
        connections: 1,
        scenario: 'query' as const,
        token: seeded.adminToken,
        paths: encoded,
      };
      mustSucceed(name, await load({ ...spec, seconds: 10, amount: 20 }));
      const timed = await load({ ...spec, seconds: 20, amount: 300 });
      mustSucceed(name, timed);
      queryRows.push({
        size,
        name,
        p50: timed.latencyMs.p50,
        p95: timed.latencyMs.p95,
        max: timed.latencyMs.max,
      });
    }
  }

  const devices = Math.min(1000, FIRST_DEVICES);
  const first = await load(
    {
      url: server.url,
      connections: CONNECTIONS,
      seconds: 60,
      scenario: 'first',
      enrollmentToken: seeded.enrollmentToken,
      firstDevice: 1_000_000,
      devices,
      amount: devices * 2,
    },
    server,
  );
  mustSucceed(`first check-in at ${size}`, first);
  const steady = await load(
    {
      url: server.url,
      connections: CONNECTIONS,
      seconds: SECONDS,
      scenario: 'steady',
      devices: first.devices!,
    },
    server,
  );
  mustSucceed(`steady check-in at ${size}`, steady);
  growth.push({
    size,
    first: first.perSecond,
    firstCpu: first.serverCpuMsPerOp!,
    steady: steady.perSecond,
    steadyCpu: steady.serverCpuMsPerOp!,
    bytesPerDevice,
    seedSeconds: seeded.seconds,
  });
  await server.stop();
  if (!flag('keep')) rmSync(file, { force: true });
}

// ---------------------------------------------------------------------------------------------------

const n0 = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? '—' : Math.round(v).toLocaleString('en');
const n1 = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(1));
const n2 = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(2));
const pct = (a?: number, b?: number) =>
  a === undefined || !b ? '—' : `${((a / b) * 100).toFixed(0)} %`;

function report(started: Date, seconds: number): string {
  const lines: string[] = [];
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  lines.push(
    `Command: \`npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\` — ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${Math.round(seconds)} s`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} (nproc ${cpus().length}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, load average at the end ${load}`,
    '',
    `Server (rows 1–3 and queries): SQLite (better-sqlite3), one process, LOG_LEVEL=info to a file; ${CONNECTIONS} keep-alive connections from autocannon in a separate process; ${SECONDS} s per steady/churn run; ${FIRST_DEVICES.toLocaleString('en')} first check-ins.`,
    '',
  );
  if (rows.length) {
    lines.push(
      '| scenario | ours | bare HTTP | Fastify + schema, no DB | NestJS + schema, no DB | raw SQLite | ours / Fastify + schema | ours / NestJS | ours / HTTP | ours / SQLite | p50 / p95 / p99 ms | server CPU ms per op | load generator CPU |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const r of rows) {
      lines.push(
        `| ${r.scenario} (${r.unit}) | ${n0(r.ours)} | ${n0(r.http)} | ${n0(r.schema)} | ${n0(r.framework)} | ${n0(r.storage)} | ${pct(r.ours, r.schema)} | ${pct(r.ours, r.framework)} | ${pct(r.ours, r.http)} | ${pct(r.ours, r.storage)} | ${r.latency ? `${n1(r.latency.p50)} / ${n1(r.latency.p95)} / ${n1(r.latency.p99)}` : '—'} | ${n2(r.serverCpuMsPerOp)} | ${n0(r.loadCpu)} % |`,
      );
    }
    lines.push(
      '',
      'Server CPU per operation (ms; user + system of the server process, or of the raw-SQLite writer). On a busy machine this is the steadier measure: a single-threaded server that is CPU-bound manages 1000 / ms operations per second on an idle core, so the inverse ratios below are what the throughput ratios tend to on a quiet machine.',
      '',
      '| scenario | ours | bare HTTP | Fastify + schema, no DB | NestJS + schema, no DB | raw SQLite | Fastify + schema / ours | NestJS / ours | HTTP / ours | SQLite / ours |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const r of rows) {
      const ours = r.serverCpuMsPerOp;
      lines.push(
        `| ${r.scenario} | ${n2(ours)} | ${n2(r.cpu.http)} | ${n2(r.cpu.schema)} | ${n2(r.cpu.framework)} | ${n2(r.cpu.storage)} | ${pct(r.cpu.schema, ours)} | ${pct(r.cpu.framework, ours)} | ${pct(r.cpu.http, ours)} | ${pct(r.cpu.storage, ours)} |`,
      );
    }
    lines.push('');
    lines.push(
      `Peak RSS of our server during 1–3: **${facts.peakRss}**. Database size per device: ${facts.dbPerDevice}. Answer sizes: ${facts.replyBytes}.`,
    );
    if (facts.httpLoadCpu)
      lines.push(
        `Load generator CPU against the ceilings (highest): bare HTTP ${facts.httpLoadCpu}, Fastify + schema ${facts.schemaLoadCpu}, NestJS ${facts.frameworkLoadCpu}.`,
      );
    lines.push('');
  }
  if (postgresRows.length) {
    const targets = {
      first: { perSecond: 300, pgCpu: 2 },
      steady: { perSecond: 1500, pgCpu: 0.4 },
      churn: undefined,
    } as const;
    lines.push(
      `PostgreSQL, one instance of our server: ${facts.postgres}. PostgreSQL's CPU is read from /proc for the backends connected to the run's database (user + system); its shared background processes (WAL writer, checkpointer, background writer) serve every database on the server and are shown apart. Round trips and statements are counted in our server's process around \`pg\`'s \`Client.query\` (bench/servers/pg-round-trips.ts); a first check-in counts its enrollment too.`,
      '',
      '| scenario | ours | target | ours / target | p50 / p95 / p99 ms | server CPU ms per op | PostgreSQL CPU ms per op | target | target / PostgreSQL CPU | shared background ms per op | round trips per op | statements per op, by kind |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const r of postgresRows) {
      const target = targets[r.kind];
      const kinds = Object.entries(r.byKind)
        .sort(([, a], [, b]) => b - a)
        .map(([name, count]) => `${name} ${count < 0.1 ? count.toFixed(2) : n1(count)}`)
        .join(', ');
      lines.push(
        `| ${SCENARIOS[r.kind].scenario} (${SCENARIOS[r.kind].unit}) | ${n0(r.perSecond)} | ${target ? `≥ ${n0(target.perSecond)}` : '—'} | ${pct(r.perSecond, target?.perSecond)} | ${n1(r.latency.p50)} / ${n1(r.latency.p95)} / ${n1(r.latency.p99)} | ${n2(r.serverCpuMsPerOp)} | ${n2(r.pgCpuMsPerOp)} | ${target ? `≤ ${target.pgCpu}` : '—'} | ${pct(target?.pgCpu, r.pgCpuMsPerOp)} | ${n2(r.pgSharedCpuMsPerOp)} | ${n1(r.roundTrips)} | ${n1(r.statements)}: ${kinds} |`,
      );
    }
    lines.push(
      '',
      `Peak RSS of our server on PostgreSQL during 1–3: ${facts.postgresPeakRss}.`,
      '',
    );
  } else if (facts.postgres) {
    lines.push(`PostgreSQL ${facts.postgres}.`, '');
  }
  if (queryRows.length) {
    const sizes = [...new Set(queryRows.map((q) => q.size))];
    lines.push(
      `| query (sequential, one connection) | ${sizes.map((s) => `p50 / p95 / max ms at ${s.toLocaleString('en')}`).join(' | ')} |`,
    );
    lines.push(`|---|${sizes.map(() => '---:').join('|')}|`);
    for (const name of [
      ...new Set(
        queryRows.map((q) => q.name.replace(/\(~[\d,]+th device\)/, '(middle of the fleet)')),
      ),
    ]) {
      const cells = sizes.map((size) => {
        const q = queryRows.find(
          (row) =>
            row.size === size &&
            row.name.replace(/\(~[\d,]+th device\)/, '(middle of the fleet)') === name,
        );
        return q ? `${n1(q.p50)} / ${n1(q.p95)} / ${n1(q.max)}` : '—';
      });
      lines.push(`| ${name} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  if (growth.length) {
    lines.push(
      '| stored devices × 60 apps | seeding | DB per device | first check-ins/s | server CPU ms per first | steady check-ins/s | server CPU ms per steady |',
    );
    lines.push('|---:|---:|---:|---:|---:|---:|---:|');
    for (const g of growth) {
      lines.push(
        `| ${g.size.toLocaleString('en')} | ${n0(g.seedSeconds)} s | ${(g.bytesPerDevice / 1024).toFixed(1)} KiB | ${n0(g.first)} | ${n2(g.firstCpu)} | ${n0(g.steady)} | ${n2(g.steadyCpu)} |`,
      );
    }
    if (growth.length >= 2) {
      const [a, b] = [growth[0], growth[growth.length - 1]];
      lines.push(
        '',
        `Growth ${a.size.toLocaleString('en')} → ${b.size.toLocaleString('en')} stored devices, server CPU per check-in: first ×${(b.firstCpu / a.firstCpu).toFixed(2)}, steady ×${(b.steadyCpu / a.steadyCpu).toFixed(2)}.`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

function writeBenchmarks(text: string): void {
  const file = join(ROOT, 'docs', 'benchmarks.md');
  const name = FULL ? 'full' : 'default';
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${text}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + block + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  // The file is checked by `npm run lint` like every other.
  execFileSync(join(ROOT, 'node_modules/.bin/prettier'), ['--write', file], { stdio: 'ignore' });
}

async function main(): Promise<void> {
  const started = new Date();
  process.stderr.write('compiling (tsconfig.bench.json) …\n');
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.bench.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (ONLY.has('first') && !flag('postgres-only')) await throughputScenarios();
  if (ONLY.has('first') && ONLY.has('postgres')) await postgresScenarios();
  if (ONLY.has('queries') || ONLY.has('growth')) for (const size of SIZES) await storedFleet(size);
  const text = report(started, (Date.now() - started.getTime()) / 1000);
  console.log(`\n${text}`);
  if (!flag('no-write')) {
    writeBenchmarks(text);
    console.log(`written to docs/benchmarks.md (${FULL ? 'full' : 'default'} run)`);
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    loader?.kill();
    if (!flag('keep')) rmSync(work, { recursive: true, force: true });
  });
