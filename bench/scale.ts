import { execFile, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { Client } from 'pg';
import {
  ClusterInstance,
  definedOnly,
  sharedEnvironment,
  startCluster,
  stopInstances,
} from '../src/platform/cluster/cluster';
import type { SimulationSummary } from '../simulators/runner';

/**
 * Check-ins per second of 1 and 2 instances on PostgreSQL and of 1 instance on SQLite, in one run,
 * with one load generator (the simulator, in its own process) sending the same fleet's bodies to
 * each. Besides the rate it measures the CPU each process used while timed — the instances, the
 * load generator, PostgreSQL's backends of the benchmark database — so that the limit can be named:
 * the instances' CPU, the database, or a machine with no core left.
 *
 *   npm run bench:scale -- [--devices 600] [--checkins 6] [--concurrency 32]
 *                          [--postgres postgres://postgres@127.0.0.1:5432/postgres]
 */

interface Configuration {
  name: string;
  database: 'postgres' | 'sqlite';
  instances: number;
}

const CONFIGURATIONS: Configuration[] = [
  { name: 'PostgreSQL, 1 instance', database: 'postgres', instances: 1 },
  { name: 'PostgreSQL, 2 instances', database: 'postgres', instances: 2 },
  { name: 'SQLite, 1 instance', database: 'sqlite', instances: 1 },
];

interface Options {
  devices: number;
  checkins: number;
  concurrency: number;
  postgres: string;
}

/** CPU seconds (user + system) a process has used, from /proc; null once it has exited. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Busy and total jiffies of the whole machine. */
function machineTicks(): { busy: number; total: number } {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const values = cpu.split(/\s+/).slice(1).map(Number);
  const idle = values[3] + values[4];
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/**
 * Follows the CPU of a changing set of processes (pooled backends come and go): the first and last
 * reading of each pid seen, a new pid counting from zero.
 */
class CpuMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();

  sample(pids: readonly number[], fromZero: boolean): void {
    for (const pid of pids) {
      const seconds = cpuSeconds(pid);
      if (seconds === null) continue;
      if (!this.first.has(pid)) this.first.set(pid, fromZero ? 0 : seconds);
      this.last.set(pid, seconds);
    }
  }

  total(pids?: readonly number[]): number {
    let sum = 0;
    for (const [pid, last] of this.last) {
      if (!pids || pids.includes(pid)) sum += last - this.first.get(pid)!;
    }
    return sum;
  }
}

async function withPostgres<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createTenant(env: Record<string, string | undefined>): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      join(__dirname, '..', 'src', 'admin', 'cli', 'main.ts'),
      'tenant',
      'create',
      '--name',
      'Bench',
      '--json',
    ],
    { env: definedOnly(env) },
  );
  return (JSON.parse(stdout) as { enrollmentToken: string }).enrollmentToken;
}

interface Measurement {
  configuration: string;
  checkInsPerSecond: number;
  checkIns: number;
  failed: number;
  seconds: number;
  latencyMs: SimulationSummary['latencyMs'];
  /** CPU used while timed, in percent of one core. */
  cpu: {
    instances: number[];
    loadGenerator: number;
    /** This database's backends and PostgreSQL's own processes. */
    postgres: number;
    /** Every other process on the machine (other work competing for the cores). */
    otherProcesses: number;
  };
  /** CPU milliseconds per check-in: what a check-in costs, whatever else the machine does. */
  cpuMsPerCheckIn: { instances: number; postgres: number; loadGenerator: number };
  machineBusyPercent: number;
  loadAverage: number;
}

async function measure(configuration: Configuration, options: Options): Promise<Measurement> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const dbName = `bench_scale_${randomBytes(4).toString('hex')}`;
  let databaseUrl = `sqlite:${join(dir, 'inventory.sqlite')}`;
  if (configuration.database === 'postgres') {
    await withPostgres(options.postgres, (client) => client.query(`CREATE DATABASE ${dbName}`));
    const url = new URL(options.postgres);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  let instances: ClusterInstance[] = [];
  try {
    const env = await sharedEnvironment(
      {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATA_DIR: join(dir, 'data'),
        RETENTION_SCHEDULE: 'off',
        HTTPS_PORT: undefined,
        PORT: undefined,
      },
      configuration.instances,
    );
    instances = await startCluster(configuration.instances, 0, env);
    const enrollmentToken = await createTenant(env);
    const load = fork(
      join(__dirname, 'scale-load.ts'),
      [
        instances.map((instance) => instance.url).join(','),
        enrollmentToken,
        String(options.devices),
        String(options.checkins),
        String(options.concurrency),
        join(dir, 'fleet.json'),
      ],
      {
        execArgv: ['-r', 'ts-node/register/transpile-only'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const messages: { kind: string; summary: SimulationSummary }[] = [];
    let wake: () => void = () => undefined;
    load.on('message', (message) => {
      messages.push(message as (typeof messages)[number]);
      wake();
    });
    const exited = new Promise<never>((_, reject) =>
      load.once('exit', (code) => reject(new Error(`load generator exited (${code})`))),
    );
    exited.catch(() => undefined);
    const next = async (kind: string) => {
      while (!messages.some((message) => message.kind === kind)) {
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), exited]);
      }
      return messages.find((message) => message.kind === kind)!.summary;
    };
    await next('warm');

    const backends = async () =>
      configuration.database === 'postgres'
        ? withPostgres(options.postgres, async (client) =>
            (
              await client.query<{ pid: number }>(
                // This database's backends, and the server's own processes (WAL writer,
                // checkpointer…); other databases' backends are other work.
                "SELECT pid FROM pg_stat_activity WHERE datname = $1 OR backend_type <> 'client backend'",
                [dbName],
              )
            ).rows.map((row) => row.pid),
          )
        : [];
    const meter = new CpuMeter();
    const processes = () => [load.pid!, ...instances.map((instance) => instance.process.pid!)];
    const seenBackends = new Set<number>();
    const sampleAll = async (fromZero: boolean) => {
      const current = await backends();
      current.forEach((pid) => seenBackends.add(pid));
      meter.sample([...processes(), ...current], fromZero);
    };
    await sampleAll(false);
    const machineBefore = machineTicks();
    const sampler = setInterval(() => void sampleAll(true), 500);
    load.send('go');
    const summary = await next('done');
    clearInterval(sampler);
    await sampleAll(true);
    const machineAfter = machineTicks();
    const seconds = summary.durationSeconds;
    const checkIns = summary.checkIns.ok;
    const percent = (cpu: number) => Math.round((cpu / seconds) * 100);
    const perCheckIn = (cpu: number) => Math.round((cpu / checkIns) * 1000 * 100) / 100;
    const instanceCpu = instances.map((instance) => meter.total([instance.process.pid!]));
    const loadCpu = meter.total([load.pid!]);
    const postgresCpu = meter.total([...seenBackends]);
    const busyShare =
      (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
    const cores = cpus().length;
    const ours = instanceCpu.reduce((sum, cpu) => sum + cpu, 0) + loadCpu + postgresCpu;
    return {
      configuration: configuration.name,
      checkInsPerSecond: summary.checkIns.perSecond,
      checkIns,
      failed: summary.checkIns.failed,
      seconds,
      latencyMs: summary.latencyMs,
      cpu: {
        instances: instanceCpu.map(percent),
        loadGenerator: percent(loadCpu),
        postgres: percent(postgresCpu),
        otherProcesses: Math.max(0, Math.round(busyShare * cores * 100 - (ours / seconds) * 100)),
      },
      cpuMsPerCheckIn: {
        instances: perCheckIn(instanceCpu.reduce((sum, cpu) => sum + cpu, 0)),
        postgres: perCheckIn(postgresCpu),
        loadGenerator: perCheckIn(loadCpu),
      },
      machineBusyPercent: Math.round(busyShare * 100),
      loadAverage: loadavg()[0],
    };
  } finally {
    await stopInstances(instances);
    if (configuration.database === 'postgres') {
      await withPostgres(options.postgres, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`),
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function table(results: Measurement[]): string {
  const rows = [
    [
      'configuration',
      'check-ins/s',
      'p50 ms',
      'p95 ms',
      'CPU %: instances',
      'PostgreSQL',
      'load gen.',
      'other work',
      'CPU ms/check-in: instances',
      'PostgreSQL',
      'load gen.',
    ],
    ...results.map((result) => {
      const sqlite = result.configuration.startsWith('SQLite');
      return [
        result.configuration,
        result.checkInsPerSecond.toFixed(1),
        String(result.latencyMs.p50 ?? ''),
        String(result.latencyMs.p95 ?? ''),
        result.cpu.instances.join(' + '),
        sqlite ? '—' : String(result.cpu.postgres),
        String(result.cpu.loadGenerator),
        String(result.cpu.otherProcesses),
        result.cpuMsPerCheckIn.instances.toFixed(2),
        sqlite ? '—' : result.cpuMsPerCheckIn.postgres.toFixed(2),
        result.cpuMsPerCheckIn.loadGenerator.toFixed(2),
      ];
    }),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  '))
    .join('\n');
}

async function main(): Promise<void> {
  const program = new Command('bench:scale')
    .option('--devices <n>', 'simulated devices', '600')
    .option('--checkins <n>', 'timed check-ins per device', '6')
    .option('--concurrency <n>', 'requests in flight at once', '32')
    .option(
      '--postgres <url>',
      'PostgreSQL server to create the benchmark databases on',
      process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    );
  program.parse();
  const raw = program.opts<Record<keyof Options, string>>();
  const options: Options = {
    devices: Number(raw.devices),
    checkins: Number(raw.checkins),
    concurrency: Number(raw.concurrency),
    postgres: raw.postgres,
  };
  console.log(
    `${options.devices} devices × ${options.checkins} timed check-ins, concurrency ${options.concurrency}; ` +
      `load average before: ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
  );
  const results: Measurement[] = [];
  for (const configuration of CONFIGURATIONS) {
    console.log(`… ${configuration.name}`);
    results.push(await measure(configuration, options));
  }
  console.log(`\n${table(results)}\n`);
  console.log(
    `CPU in percent of one core while timed (${cpus().length} cores); "other work": every other ` +
      'process on the machine meanwhile. CPU ms per check-in do not depend on how busy the machine was.',
  );
  console.log(JSON.stringify(results));
}

main().catch((error: Error) => {
  console.error(`bench:scale: ${error.message}`);
  process.exit(1);
});
