/** How a device retries a request that got no usable answer. */
export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** First back-off; each further retry doubles it, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is cut to it (a misconfigured server must not park the fleet). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 15_000,
  maxRetryAfterMs: 120_000,
};

/** What one attempt came to. */
export type AttemptOutcome =
  { kind: 'answer'; status: number; retryAfter?: string } | { kind: 'networkError'; code: string };

/** What to do after an attempt. */
export type AttemptVerdict =
  | { kind: 'accept' }
  | {
      kind: 'retry';
      /** Wait at least this long before trying this server again. */
      delayMs: number;
      /** Another server may take the request at once: this one is down or overloaded. */
      serverUnavailable: boolean;
    }
  | { kind: 'giveUp'; reason: string };

/** TLS failures that retrying cannot cure: the certificate is not trusted. */
const CERTIFICATE_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isCertificateError(code: string): boolean {
  return CERTIFICATE_ERRORS.has(code);
}

/**
 * The verdict on attempt number `attempt` (1-based). 429 asks this client to slow down: it waits
 * for Retry-After and stays with the server. 503 (and a gateway's 502/504) and a failed connection
 * mean the server cannot take the request now: another server may. Any other answer, errors
 * included, is the server's word and is accepted as it is.
 */
export function judgeAttempt(
  outcome: AttemptOutcome,
  attempt: number,
  policy: RetryPolicy,
  now: number,
  random: () => number,
): AttemptVerdict {
  if (outcome.kind === 'networkError' && isCertificateError(outcome.code)) {
    return {
      kind: 'giveUp',
      reason: `the server's TLS certificate is not trusted (${outcome.code}); pass --insecure for a self-signed server`,
    };
  }
  const transient =
    outcome.kind === 'networkError' || [429, 502, 503, 504].includes(outcome.status);
  if (!transient) return { kind: 'accept' };
  if (attempt >= policy.maxAttempts) {
    const what =
      outcome.kind === 'networkError' ? `unreachable (${outcome.code})` : `HTTP ${outcome.status}`;
    return { kind: 'giveUp', reason: `${what} after ${attempt} attempts` };
  }
  const backoff = backoffDelay(attempt, policy, random);
  const asked =
    outcome.kind === 'answer' ? retryAfterMs(outcome.retryAfter, now, policy) : undefined;
  return {
    kind: 'retry',
    delayMs: asked ?? backoff,
    serverUnavailable: outcome.kind === 'networkError' || outcome.status !== 429,
  };
}

/**
 * Exponential back-off with "equal jitter": half the step is fixed, half random, so that a fleet
 * that failed together does not retry together, and no retry comes back at once.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** The HTTP date format servers send ("Sun, 06 Nov 1994 08:49:37 GMT"). */
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Retry-After as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3),
 * capped by the policy. Undefined when absent or unreadable.
 */
export function retryAfterMs(
  header: string | undefined,
  now: number,
  policy: RetryPolicy,
): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  let delay: number;
  if (/^\d+$/.test(value)) delay = Number(value) * 1000;
  else if (IMF_FIXDATE.test(value)) delay = Math.max(0, Date.parse(value) - now);
  else return undefined;
  return Math.min(delay, policy.maxRetryAfterMs);
}
