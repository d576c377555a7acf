import { HttpStatus, Injectable } from '@nestjs/common';
import { GraphError } from '../common/graph-error';

/**
 * Fixed-window rate limits whose counters live in the database row of what is limited (the device,
 * the enrollment token, the admin token), so that every server instance on one database counts the
 * same requests, and a check-in pays for its counter in the UPDATE it makes anyway.
 */
export interface RateLimit {
  /** Requests allowed per window; 0 = no limit. */
  limit: number;
  windowMs: number;
}

/** The counter as stored: the start of its window (ms since the epoch) and the requests counted in it. */
export interface WindowCounter {
  windowStart: number;
  count: number;
}

export type WindowVerdict =
  { allowed: true; next: WindowCounter } | { allowed: false; retryAfterSeconds: number };

/** Windows are aligned to multiples of their length, so that every instance agrees where one starts. */
export function windowStartOf(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

/** Whether one more request fits the window `now` falls in, and the counter after counting it. */
export function countRequest(
  stored: WindowCounter,
  rateLimit: RateLimit,
  now: number,
): WindowVerdict {
  const windowStart = windowStartOf(now, rateLimit.windowMs);
  const count = Number(stored.windowStart) === windowStart ? Number(stored.count) : 0;
  if (rateLimit.limit > 0 && count >= rateLimit.limit) {
    return { allowed: false, retryAfterSeconds: retryAfterSeconds(rateLimit, now) };
  }
  return { allowed: true, next: { windowStart, count: count + 1 } };
}

/** Whole seconds until the window `now` falls in ends (at least 1). */
export function retryAfterSeconds(rateLimit: RateLimit, now: number): number {
  const end = windowStartOf(now, rateLimit.windowMs) + rateLimit.windowMs;
  return Math.max(1, Math.ceil((end - now) / 1000));
}

/** 429 in Graph's shape (Graph's own code for throttling), with Retry-After in seconds. */
export function tooManyRequests(what: string, rateLimit: RateLimit, now: number): GraphError {
  const seconds = retryAfterSeconds(rateLimit, now);
  return new GraphError(
    HttpStatus.TOO_MANY_REQUESTS,
    'activityLimitReached',
    `Too many requests: ${what} is limited to ${rateLimit.limit} per ${rateLimit.windowMs / 1000} s; retry after ${seconds} s.`,
    undefined,
    { 'Retry-After': String(seconds) },
  );
}

/**
 * One statement that counts a request against a token row's window unless the window is full: it
 * changes one row when the request is allowed, none when it is not. `table` is one of ours, never
 * input. SET expressions read the row as it was, on SQLite and PostgreSQL alike.
 */
export function countTokenRequestSql(table: 'enrollment_token' | 'admin_token'): string {
  return `UPDATE ${table}
    SET rate_window_count = CASE WHEN rate_window_start = ? THEN rate_window_count + 1 ELSE 1 END,
        rate_window_start = ?
    WHERE id = ? AND (rate_window_start <> ? OR rate_window_count < ?)`;
}

export function countTokenRequestParams(
  tokenId: string,
  rateLimit: RateLimit,
  now: number,
): unknown[] {
  const windowStart = windowStartOf(now, rateLimit.windowMs);
  return [windowStart, windowStart, tokenId, windowStart, rateLimit.limit];
}

/** Tokens with a live counter in memory; beyond that many they start over (a bound, not a leak). */
const MAX_COUNTERS_IN_MEMORY = 10_000;

/**
 * Counters kept in the server's memory, one set per application: for what one process alone
 * serves (the admin API on SQLite).
 */
@Injectable()
export class InMemoryRateCounters {
  private readonly counters = new Map<string, WindowCounter>();

  /** Counts a request of `key` unless its window is full; false when it is. */
  count(key: string, rateLimit: RateLimit, now: number): boolean {
    const verdict = countRequest(
      this.counters.get(key) ?? { windowStart: 0, count: 0 },
      rateLimit,
      now,
    );
    if (!verdict.allowed) return false;
    if (this.counters.size >= MAX_COUNTERS_IN_MEMORY) this.counters.clear();
    this.counters.set(key, verdict.next);
    return true;
  }

  /**
   * Counts a request against several windows, all or none: the first full one is returned and
   * nothing is counted, so a refused request uses up no other window.
   */
  countAll<T extends { key: string; limit: RateLimit }>(
    windows: readonly T[],
    now: number,
  ): T | null {
    const next: [string, WindowCounter][] = [];
    for (const window of windows) {
      const verdict = countRequest(
        this.counters.get(window.key) ?? { windowStart: 0, count: 0 },
        window.limit,
        now,
      );
      if (!verdict.allowed) return window;
      next.push([window.key, verdict.next]);
    }
    if (this.counters.size + next.length > MAX_COUNTERS_IN_MEMORY) this.counters.clear();
    for (const [key, counter] of next) this.counters.set(key, counter);
    return null;
  }
}
