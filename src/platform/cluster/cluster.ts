import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { loadOrCreateSecrets } from '../secrets';
import { ConfigError, loadConfig } from '../config/config';
import { loadOrCreateTlsCredentials } from '../tls/tls-credentials';

type Env = Record<string, string | undefined>;

/** One server process of a local cluster. */
export interface ClusterInstance {
  index: number;
  url: string;
  httpsUrl: string | null;
  logFile: string;
  process: ChildProcess;
}

/**
 * What every instance of one cluster must share, settled once before any starts: the database
 * (PostgreSQL: SQLite is a file of one process), TOKEN_PEPPER and PSEUDONYM_KEY (from the
 * environment, else the ones kept under DATA_DIR, made now if there are none), and with HTTPS_PORT
 * the TLS certificate. Returns the environment every instance gets.
 */
export async function sharedEnvironment(env: Env, instances: number): Promise<Env> {
  const config = loadConfig(env);
  if (config.database.kind !== 'postgres' && instances > 1) {
    throw new ConfigError(
      'several instances need PostgreSQL: set DATABASE_URL=postgres://… (SQLite serves one process)',
    );
  }
  const secrets = loadOrCreateSecrets(config.dataDir, {
    tokenPepper: config.tokenPepper,
    pseudonymKey: config.pseudonymKey,
  });
  const shared: Env = {
    ...env,
    DATA_DIR: config.dataDir,
    TOKEN_PEPPER: secrets.tokenPepper,
    PSEUDONYM_KEY: secrets.pseudonymKey,
  };
  if (config.httpsPort !== null) {
    const tls = await loadOrCreateTlsCredentials(config);
    shared.TLS_CERT = tls.certFile;
    shared.TLS_KEY = config.tlsKeyFile ?? join(config.dataDir, 'tls', 'dev-key.pem');
  }
  return shared;
}

/** How to run src/main: compiled JavaScript as it is, TypeScript through ts-node. */
function serverCommand(): string[] {
  const main = join(__dirname, '..', '..', __filename.endsWith('.ts') ? 'main.ts' : 'main.js');
  return main.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only', main] : [main];
}

/**
 * Starts instance `index` on `port` (HTTPS, when configured, on HTTPS_PORT + index), its output to
 * `<DATA_DIR>/cluster-<index>.log`, and resolves once it is ready (GET /health/ready answers 200).
 * Rejects when it exits first, or is not ready within `timeoutMs`.
 */
export async function startInstance(
  index: number,
  port: number,
  env: Env,
  timeoutMs = 120_000,
): Promise<ClusterInstance> {
  const config = loadConfig({ ...env, PORT: String(port) });
  const httpsPort = config.httpsPort === null ? null : config.httpsPort + index;
  const logFile = join(config.dataDir, `cluster-${index}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, serverCommand(), {
    env: definedOnly({
      ...env,
      PORT: String(port),
      ...(httpsPort !== null && { HTTPS_PORT: String(httpsPort) }),
    }),
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new Error(`instance ${index} exited (${signal ?? code}); see ${logFile}`)),
    ),
  );
  exited.catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await Promise.race([isReady(url), exited]);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `instance ${index} was not ready within ${timeoutMs / 1000} s; see ${logFile}`,
      );
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 200)), exited]);
  }
  return {
    index,
    url,
    httpsUrl: httpsPort === null ? null : `https://localhost:${httpsPort}`,
    logFile,
    process: child,
  };
}

/** An environment for a child process: a variable set to undefined is left out, not "undefined". */
export function definedOnly(env: Env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Ports the system has free now (for tests and benchmarks, which must not collide). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/**
 * Starts `count` instances on consecutive ports from `basePort` (0: any free ports): the first
 * alone (it runs the migrations), then the rest at once.
 */
export async function startCluster(
  count: number,
  basePort: number,
  env: Env,
): Promise<ClusterInstance[]> {
  const shared = await sharedEnvironment(env, count);
  const ports =
    basePort === 0 ? await freePorts(count) : Array.from({ length: count }, (_, i) => basePort + i);
  const first = await startInstance(0, ports[0], shared);
  try {
    const rest = await Promise.all(
      Array.from({ length: count - 1 }, (_, i) => startInstance(i + 1, ports[i + 1], shared)),
    );
    return [first, ...rest];
  } catch (error) {
    await stopInstances([first]);
    throw error;
  }
}

/** SIGTERM (a graceful close), then SIGKILL for one that has not exited after `graceMs`. */
export async function stopInstances(
  instances: readonly ClusterInstance[],
  graceMs = 10_000,
): Promise<void> {
  await Promise.all(
    instances.map(async ({ process: child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
}
