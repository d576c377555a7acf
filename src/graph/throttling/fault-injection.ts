import { createHash } from 'node:crypto';

/**
 * Faults on demand, for testing how a consumer copes with Graph's bad days: a share of Graph
 * requests answered 429 (with Retry-After), 503 or 504, and latency added to every request. Which
 * request gets which fault follows from the seed and the request's number alone, so a run that
 * sends the same requests in the same order meets the same faults. Pure: see docs/graph-api.md.
 */
export interface FaultInjectionSettings {
  seed: number;
  /** Shares (0–1) of requests answered with each status; together at most 1. */
  tooManyRequestsShare: number;
  serviceUnavailableShare: number;
  gatewayTimeoutShare: number;
  /** Added before every Graph request is served. */
  latencyMs: number;
  /** What an injected 429 or 503 tells the client to wait. */
  retryAfterSeconds: number;
}

export type InjectedStatus = 429 | 503 | 504;

export const FAULT_INJECTION_DEFAULTS: FaultInjectionSettings = {
  seed: 1,
  tooManyRequestsShare: 0,
  serviceUnavailableShare: 0,
  gatewayTimeoutShare: 0,
  latencyMs: 0,
  retryAfterSeconds: 1,
};

const LIMITS: Record<keyof FaultInjectionSettings, { min: number; max: number; integer: boolean }> =
  {
    seed: { min: 0, max: 2 ** 31 - 1, integer: true },
    tooManyRequestsShare: { min: 0, max: 1, integer: false },
    serviceUnavailableShare: { min: 0, max: 1, integer: false },
    gatewayTimeoutShare: { min: 0, max: 1, integer: false },
    latencyMs: { min: 0, max: 60_000, integer: true },
    retryAfterSeconds: { min: 0, max: 3600, integer: true },
  };

export const FAULT_INJECTION_FIELDS = Object.keys(LIMITS) as (keyof FaultInjectionSettings)[];

/** The environment's short names (GRAPH_FAULTS=429=0.2,503=0.05,latencyMs=20,seed=7). */
const ENV_NAMES: Record<string, keyof FaultInjectionSettings> = {
  '429': 'tooManyRequestsShare',
  '503': 'serviceUnavailableShare',
  '504': 'gatewayTimeoutShare',
  latencyMs: 'latencyMs',
  retryAfter: 'retryAfterSeconds',
  seed: 'seed',
};

export type Parsed =
  { ok: true; settings: FaultInjectionSettings } | { ok: false; problem: string; target?: string };

/** Settings from an object (the admin API's body): absent fields take the defaults. */
export function validateFaultInjection(input: Record<string, unknown>): Parsed {
  const settings: FaultInjectionSettings = { ...FAULT_INJECTION_DEFAULTS };
  for (const [name, value] of Object.entries(input)) {
    if (!(name in LIMITS)) {
      return { ok: false, target: name, problem: `'${name}' is not a fault-injection setting.` };
    }
    const field = name as keyof FaultInjectionSettings;
    const limit = LIMITS[field];
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      (limit.integer && !Number.isInteger(value)) ||
      value < limit.min ||
      value > limit.max
    ) {
      const kind = limit.integer ? 'an integer' : 'a number';
      return {
        ok: false,
        target: name,
        problem: `'${name}' must be ${kind} from ${limit.min} to ${limit.max}.`,
      };
    }
    settings[field] = value;
  }
  const shares =
    settings.tooManyRequestsShare + settings.serviceUnavailableShare + settings.gatewayTimeoutShare;
  if (shares > 1) {
    return { ok: false, problem: 'The shares of 429, 503 and 504 together must not exceed 1.' };
  }
  return { ok: true, settings };
}

/** Settings from `GRAPH_FAULTS`, e.g. `429=0.2,503=0.05,504=0.01,latencyMs=20,retryAfter=1,seed=7`. */
export function parseFaultInjection(text: string): Parsed {
  const input: Record<string, unknown> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, value, ...rest] = part.split('=');
    const field = ENV_NAMES[name?.trim() ?? ''];
    if (!field || value === undefined || rest.length > 0) {
      return {
        ok: false,
        problem: `each entry must be one of ${Object.keys(ENV_NAMES).join(', ')} with =<number>`,
      };
    }
    input[field] = value.trim() === '' ? NaN : Number(value);
  }
  const parsed = validateFaultInjection(input);
  return parsed.ok ? parsed : { ok: false, problem: parsed.problem };
}

export const injectsAnything = (settings: FaultInjectionSettings): boolean =>
  settings.latencyMs > 0 ||
  settings.tooManyRequestsShare + settings.serviceUnavailableShare + settings.gatewayTimeoutShare >
    0;

/** A number in [0, 1) fixed by the seed and the request's number. */
export function draw(seed: number, sequence: number): number {
  const digest = createHash('sha256').update(`${seed}:${sequence}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The fault for the `sequence`-th Graph request since the settings were made, if any. */
export function faultFor(
  settings: FaultInjectionSettings,
  sequence: number,
): InjectedStatus | null {
  const u = draw(settings.seed, sequence);
  let bound = settings.tooManyRequestsShare;
  if (u < bound) return 429;
  bound += settings.serviceUnavailableShare;
  if (u < bound) return 503;
  bound += settings.gatewayTimeoutShare;
  if (u < bound) return 504;
  return null;
}
