import { validateCronExpression } from 'cron';
import { resolve } from 'node:path';
import { FaultInjectionSettings, parseFaultInjection } from '../limits/fault-injection';

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
  /** Lifetime of the access tokens the token endpoint issues (Entra's are about an hour). */
  accessTokenLifetimeSeconds: number;
  graphThrottling: GraphThrottlingConfig;
  /** Faults injected into every tenant's Graph requests unless the tenant sets its own (null = off). */
  graphFaults: FaultInjectionSettings | null;
  /**
   * Lease of a report export's writer (src/graph/reports/export-lease.ts): a job whose writer has
   * not renewed it for this long is taken up by another instance.
   */
  reportExportLeaseMs: number;
}

/**
 * Graph's throttling of applications, per tenant (all apps together) and per app in a tenant, in
 * one window; writes (POST, PUT, PATCH, DELETE) have their own lower limits. 0 = unlimited.
 * Defaults: Microsoft's published Intune devices service limits (docs/graph-api.md).
 */
export interface GraphThrottlingConfig {
  windowMs: number;
  requestsPerTenant: number;
  requestsPerApp: number;
  writesPerTenant: number;
  writesPerApp: number;
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

function graphFaults(env: Env): FaultInjectionSettings | null {
  const value = env.GRAPH_FAULTS;
  if (value === undefined || value === '' || value === 'off') return null;
  const parsed = parseFaultInjection(value);
  if (!parsed.ok) throw new ConfigError(`GRAPH_FAULTS: ${parsed.problem}`);
  return parsed.settings;
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
    accessTokenLifetimeSeconds: integer(env, 'ACCESS_TOKEN_LIFETIME_SECONDS', 3599, 60, 86_400),
    graphThrottling: {
      windowMs: integer(env, 'GRAPH_THROTTLE_WINDOW_SECONDS', 20, 1, 3600) * 1000,
      requestsPerTenant: integer(env, 'GRAPH_THROTTLE_TENANT_REQUESTS', 4000, 0, 10_000_000),
      requestsPerApp: integer(env, 'GRAPH_THROTTLE_APP_REQUESTS', 2000, 0, 10_000_000),
      writesPerTenant: integer(env, 'GRAPH_THROTTLE_TENANT_WRITES', 400, 0, 10_000_000),
      writesPerApp: integer(env, 'GRAPH_THROTTLE_APP_WRITES', 200, 0, 10_000_000),
    },
    graphFaults: graphFaults(env),
    reportExportLeaseMs: integer(env, 'REPORT_EXPORT_LEASE_SECONDS', 60, 1, 3600) * 1000,
  };
}
