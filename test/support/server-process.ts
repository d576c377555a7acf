import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { loadConfig } from '../../src/platform/config/config';
import { createServer as createApp } from '../../src/server';
import { CreatedTenant, TenantsService } from '../../src/admin/tenants.service';

const ROOT = join(__dirname, '..', '..');

/** The server as its own process (`npm start`'s entry point), so that it can be killed with SIGKILL. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Peak resident set size so far (VmHWM), in bytes; null where /proc is not available. */
  peakRssBytes(): number | null;
  /** kill -9: no shutdown hook, no flush, no goodbye. */
  kill9(): Promise<void>;
  /** SIGTERM, and wait for the process to end. */
  stop(): Promise<void>;
  output(): string;
}

/** A free TCP port on 127.0.0.1 (so that a restarted server comes back at the same URL). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startServerProcess(
  env: Record<string, string>,
  port: number,
  readyWithinMs = 120_000,
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    // As ts-node/register/transpile-only, with the compiled files kept between processes.
    ['--enable-source-maps', '-r', join(__dirname, 'transpile-cached.js'), 'src/main.ts'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        RETENTION_SCHEDULE: 'off',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output = (output + String(chunk)).slice(-20_000)));
  child.stderr?.on('data', (chunk) => (output = (output + String(chunk)).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited at start:\n${output}`);
    try {
      // Any answer means it is listening (401: no token).
      await fetch(`${url}/v1.0/deviceManagement/managedDevices`, {
        signal: AbortSignal.timeout(2000),
      });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the server did not start within ${readyWithinMs} ms:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    peakRssBytes: () => {
      try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        return kb ? Number(kb) * 1024 : null;
      } catch {
        return null;
      }
    },
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
    output: () => output,
  };
}

/**
 * Creates a tenant on the database a server process will use (same DATABASE_URL and DATA_DIR, so
 * the same token pepper), in this process and before that server starts; migrates it on the way.
 */
export async function createTenantOn(
  env: Record<string, string>,
  name: string,
): Promise<CreatedTenant> {
  const app = await createApp(loadConfig({ ...env, LOG_LEVEL: 'warn', RETENTION_SCHEDULE: 'off' }));
  await app.init();
  try {
    return await app.get(TenantsService).createTenant(name);
  } finally {
    await app.close();
  }
}
