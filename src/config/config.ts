import { validateCronExpression } from 'cron';
import { resolve } from 'node:path';

/**
 * Configuration, read once from the environment. Every setting has a default that works on a laptop;
 * a bad value fails start-up with a message naming the variable.
 */
export interface AppConfig {
  host: string;
  port: number;
  httpsPort: number | null;
  tlsCertFile: string | null;
  tlsKeyFile: string | null;
  database: DatabaseConfig;
  dataDir: string;
  bodyLimitBytes: number;
  /** A request (headers and body) must arrive within this; slow or truncated ones get a 408. */
  requestTimeoutMs: number;
  maxAppsPerCheckIn: number;
  checkInIntervalSeconds: number;
  logLevel: string;
  tokenPepper: string | null;
  /** Key of the HMAC that pseudonymizes diagnostics and erased users (null: kept under dataDir). */
  pseudonymKey: string | null;
  retention: RetentionConfig;
  rateLimits: RateLimitsConfig;
}

/** Requests per fixed window (0 = unlimited); counted in the database, across instances. */
export interface RateLimitsConfig {
  windowMs: number;
  checkInsPerDevice: number;
  enrollmentsPerToken: number;
  requestsPerAdminToken: number;
}

/** How long the service keeps what it keeps about itself, and when it cleans up. */
export interface RetentionConfig {
  auditEventDays: number;
  diagnosticEventDays: number;
  /** Cron expression of the retention job (device cleanup rules, audit trail, diagnostics); null = off. */
  schedule: string | null;
}

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; poolSize: number; statementTimeoutMs: number };

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}

function optionalInteger(env: Env, name: string, min: number, max: number): number | null {
  return env[name] === undefined || env[name] === '' ? null : integer(env, name, 0, min, max);
}

/** Keys shorter than this are refused: an HMAC key should carry at least 256 bits of secret. */
const MIN_KEY_LENGTH = 32;

function optionalKey(env: Env, name: string): string | null {
  const value = env[name];
  if (value === undefined || value === '') return null;
  if (value.length < MIN_KEY_LENGTH) {
    throw new ConfigError(`${name} must have at least ${MIN_KEY_LENGTH} characters`);
  }
  return value;
}

function cronSchedule(env: Env, name: string, fallback: string): string | null {
  const value = env[name] || fallback;
  if (value === 'off') return null;
  const check = validateCronExpression(value);
  if (!check.valid) throw new ConfigError(`${name} must be a cron expression or off`);
  return value;
}

export function parseDatabaseUrl(url: string, env: Env = {}): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) throw new ConfigError('DATABASE_URL sqlite:<path> needs a path');
    return { kind: 'sqlite', file: file === ':memory:' ? file : resolve(file) };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return {
      kind: 'postgres',
      url,
      poolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 500),
      statementTimeoutMs: integer(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 15000, 100, 3600000),
    };
  }
  throw new ConfigError('DATABASE_URL must start with sqlite: or postgres://');
}

export function loadConfig(env: Env = process.env): AppConfig {
  const dataDir = resolve(env.DATA_DIR || 'data');
  const httpsPort = optionalInteger(env, 'HTTPS_PORT', 0, 65535);
  return {
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    httpsPort,
    tlsCertFile: env.TLS_CERT || null,
    tlsKeyFile: env.TLS_KEY || null,
    database: parseDatabaseUrl(
      env.DATABASE_URL || `sqlite:${resolve(dataDir, 'inventory.sqlite')}`,
      env,
    ),
    dataDir,
    // 2,000 apps with long Windows install paths fit in well under 2 MiB.
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 2 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 1000, 600_000),
    maxAppsPerCheckIn: integer(env, 'MAX_APPS_PER_CHECKIN', 2000, 1, 20000),
    checkInIntervalSeconds: integer(env, 'CHECKIN_INTERVAL_SECONDS', 900, 10, 7 * 24 * 3600),
    logLevel: env.LOG_LEVEL || 'info',
    tokenPepper: env.TOKEN_PEPPER || null,
    pseudonymKey: optionalKey(env, 'PSEUDONYM_KEY'),
    retention: {
      auditEventDays: integer(env, 'AUDIT_RETENTION_DAYS', 365, 30, 3650),
      diagnosticEventDays: integer(env, 'DIAGNOSTICS_RETENTION_DAYS', 90, 1, 3650),
      // Hourly: a missed run (server down) is made up within the hour; each run is idempotent.
      schedule: cronSchedule(env, 'RETENTION_SCHEDULE', '0 * * * *'),
    },
    // Generous by default, above what the simulator, the demo and the benchmarks push (a device is
    // asked to check in every 15 minutes): they stop a runaway agent or script, and a deployment
    // that wants a tighter bound sets them lower.
    rateLimits: {
      windowMs: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600) * 1000,
      checkInsPerDevice: integer(env, 'RATE_LIMIT_DEVICE_CHECKINS', 1200, 0, 1_000_000),
      enrollmentsPerToken: integer(env, 'RATE_LIMIT_ENROLLMENTS_PER_TOKEN', 120_000, 0, 10_000_000),
      requestsPerAdminToken: integer(env, 'RATE_LIMIT_ADMIN_REQUESTS', 60_000, 0, 10_000_000),
    },
  };
}
