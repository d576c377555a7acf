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
import { BenchDevice, LoadResult, LoadSpec } from './load';
import type { StorageCeiling } from './storage-ceiling';

/**
 * `npm run bench` — the check-in and query benchmarks against their physical ceilings, in one run.
 * Every server is a process of its own on 127.0.0.1, driven by autocannon from another process
 * (bench/load.ts) with pre-built bodies. Prints a table and writes it into BENCHMARKS.md.
 *
 *   npm run bench                      # a few minutes on 2 cores: 2,000 and 10,000 stored devices
 *   npm run bench -- --full            # 10,000 and 100,000 stored devices
 *   npm run bench -- --only first,steady --profile   # CPU profiles of our server (bench/profiles/)
 *
 * Options: --only <first,steady,churn,ceilings,queries> (default all), --connections <n> (16),
 * --seconds <n> per throughput run (10), --devices <n> first check-ins (2,000; 5,000 with --full),
 * --sizes <n,n> stored fleets for queries and growth, --profile, --no-write (do not touch
 * BENCHMARKS.md), --keep (keep the temporary databases).
 */

const ROOT = resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
};
const FULL = flag('full');
const ONLY = new Set(option('only', 'first,steady,churn,ceilings,queries').split(','));
const CONNECTIONS = Number(option('connections', '16'));
const SECONDS = Number(option('seconds', '10'));
const FIRST_DEVICES = Number(option('devices', FULL ? '5000' : '2000'));
const SIZES = option('sizes', FULL ? '10000,100000' : '2000,10000')
  .split(',')
  .map(Number);
const PROFILE = flag('profile');
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
  const child = forkTs(`servers/${kind}.ts`, [], env, { stdout: log });
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

let loader: ChildProcess | undefined;
async function load(
  spec: LoadSpec,
  server?: Server,
  profileName?: string,
): Promise<LoadResult & { serverCpuMsPerOp?: number; serverCpuPercent?: number }> {
  if (!loader) {
    loader = forkTs('load.ts', [], {});
    await nextMessage(loader, 'ready');
  }
  const profiling = PROFILE && server && profileName;
  if (profiling) {
    mkdirSync(join(ROOT, 'bench/profiles'), { recursive: true });
    server.child.send({ type: 'profile-start' });
    await nextMessage(server.child, 'profiling');
  }
  const before = server ? cpuMs(server.child.pid!) : 0;
  loader.send(spec);
  const result = await nextMessage<LoadResult>(loader, 'result');
  if (!server) return result;
  const used = cpuMs(server.child.pid!) - before;
  if (profiling) {
    server.child.send({
      type: 'profile-stop',
      file: join(ROOT, `bench/profiles/${profileName}.cpuprofile`),
    });
    await nextMessage(server.child, 'profiled');
  }
  return {
    ...result,
    serverCpuMsPerOp: used / Math.max(1, result.completed),
    serverCpuPercent: (used / (result.seconds * 1000)) * 100,
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
    LOG_LEVEL: 'info',
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

async function throughputScenarios(): Promise<void> {
  const file = join(work, 'fresh.sqlite');
  const server = await startServer('inventory', databaseEnv(file));
  const tenant = await createTenant(server);
  const base = { url: server.url, connections: CONNECTIONS, seconds: SECONDS };
  let devices: BenchDevice[] = [];
  let replyBytes = { enroll: 0, checkIn: 0 };

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
    'first',
  );
  mustSucceed('first check-in', first);
  devices = first.devices!;
  replyBytes = first.replyBytes;
  rows.push({
    scenario: '1. first check-in (enroll + 60 apps)',
    cpu: {},
    unit: 'devices/s',
    ours: first.perSecond,
    latency: first.latencyMs,
    serverCpuMsPerOp: first.serverCpuMsPerOp,
    loadCpu: first.loadGeneratorCpuPercent,
  });

  if (ONLY.has('steady')) {
    const steady = await load({ ...base, scenario: 'steady', devices }, server, 'steady');
    mustSucceed('steady check-in', steady);
    devices = steady.devices!;
    rows.push({
      scenario: '2. steady check-in (hash only)',
      cpu: {},
      unit: 'check-ins/s',
      ours: steady.perSecond,
      latency: steady.latencyMs,
      serverCpuMsPerOp: steady.serverCpuMsPerOp,
      loadCpu: steady.loadGeneratorCpuPercent,
    });
  }
  if (ONLY.has('churn')) {
    const churn = await load({ ...base, scenario: 'churn', devices }, server, 'churn');
    mustSucceed('churn check-in', churn);
    rows.push({
      scenario: '3. churn check-in (2 of 60 apps)',
      cpu: {},
      unit: 'check-ins/s',
      ours: churn.perSecond,
      latency: churn.latencyMs,
      serverCpuMsPerOp: churn.serverCpuMsPerOp,
      loadCpu: churn.loadGeneratorCpuPercent,
    });
  }
  server.child.send({ type: 'memory' });
  const memory = await nextMessage<NodeJS.MemoryUsage>(server.child, 'memory');
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  facts.peakRss = `${peakRssMb(server.child.pid!).toFixed(0)} MB (at the end: RSS ${mb(memory.rss)}, V8 heap ${mb(memory.heapUsed)} used of ${mb(memory.heapTotal)}, external ${mb(memory.external)})`;
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
    `Server: SQLite (better-sqlite3), one process, LOG_LEVEL=info to a file; ${CONNECTIONS} keep-alive connections from autocannon in a separate process; ${SECONDS} s per steady/churn run; ${FIRST_DEVICES.toLocaleString('en')} first check-ins.`,
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
  const file = join(ROOT, 'BENCHMARKS.md');
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
  if (ONLY.has('first')) await throughputScenarios();
  if (ONLY.has('queries') || ONLY.has('growth')) for (const size of SIZES) await storedFleet(size);
  const text = report(started, (Date.now() - started.getTime()) / 1000);
  console.log(`\n${text}`);
  if (!flag('no-write')) {
    writeBenchmarks(text);
    console.log(`written to BENCHMARKS.md (${FULL ? 'full' : 'default'} run)`);
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
