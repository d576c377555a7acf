import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation, SimulationOptions } from '../runner';

/**
 * How many check-ins per second the simulator itself can generate: the fleet against the null
 * server (in its own process, so that the two do not share an event loop). Enrollment is done
 * first, untimed; the timed run resumes the fleet from its state file.
 *
 *   npx ts-node --transpile-only simulators/bench/simulator-throughput.ts \
 *     [--devices 2000] [--checkins 5] [--concurrency 16] [--no-churn]
 */

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

async function startNullServerProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(join(__dirname, 'null-server.ts'), ['--port', '0'], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve(String(message)));
    child.once('exit', (code) => reject(new Error(`null server exited (${code})`)));
  });
  return { url, child };
}

async function main(): Promise<void> {
  const devices = flag('devices', 2000);
  const checkIns = flag('checkins', 5);
  const concurrency = flag('concurrency', 16);
  const still = process.argv.includes('--no-churn');
  const dir = mkdtempSync(join(tmpdir(), 'sim-throughput-'));
  const { url, child } = await startNullServerProcess();
  try {
    const options: SimulationOptions = {
      servers: [url],
      enrollmentToken: 'enr_throughput',
      devices,
      fleet: { seed: 1 },
      concurrency,
      stateFile: join(dir, 'fleet.json'),
      ...(still && {
        churn: { appInstall: 0, appRemoval: 0, appUpdate: 0, storageDrift: 0, ipChange: 0 },
      }),
    };
    await runSimulation({ ...options, checkIns: 1 });
    // The first round of the timed run also rebuilds each device from the seed; the steady rate
    // is measured from its end.
    let firstRound = { at: 0, checkIns: 0 };
    const { summary } = await runSimulation({
      ...options,
      checkIns,
      onProgress: (progress) => {
        if (progress.turnsDone === devices)
          firstRound = { at: progress.elapsedMs, checkIns: progress.checkInsOk };
      },
    });
    const steadySeconds = summary.durationSeconds - firstRound.at / 1000;
    console.log(
      JSON.stringify({
        devices,
        checkInsPerDevice: checkIns,
        concurrency,
        churn: still ? 'none' : 'default',
        checkIns: summary.checkIns.ok,
        failed: summary.checkIns.failed,
        seconds: summary.durationSeconds,
        checkInsPerSecond: summary.checkIns.perSecond,
        steadyCheckInsPerSecond: Math.round(
          (summary.checkIns.ok - firstRound.checkIns) / steadySeconds,
        ),
        fullLists: summary.apps.fullLists,
        hashOnly: summary.apps.hashOnly,
        latencyMs: summary.latencyMs,
      }),
    );
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`Error: ${error.message}`);
  process.exit(1);
});
