import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  judgeAttempt,
  retryAfterMs,
  RetryPolicy,
} from './retry-policy';

const policy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  maxRetryAfterMs: 30_000,
};
const now = Date.parse('2025-06-01T12:00:00Z');

describe('retry policy', () => {
  it('accepts every answer that is the server’s word, errors included', () => {
    for (const status of [200, 201, 400, 401, 404, 409, 413, 500]) {
      expect(judgeAttempt({ kind: 'answer', status }, 1, policy, now, () => 0.5)).toEqual({
        kind: 'accept',
      });
    }
  });

  it('waits for Retry-After on 429 and stays with the server', () => {
    expect(
      judgeAttempt({ kind: 'answer', status: 429, retryAfter: '7' }, 1, policy, now, () => 0),
    ).toEqual({ kind: 'retry', delayMs: 7000, serverUnavailable: false });
  });

  it('takes a 503 and a refused connection as the server being unavailable', () => {
    const overloaded = judgeAttempt(
      { kind: 'answer', status: 503, retryAfter: '2' },
      1,
      policy,
      now,
      () => 0,
    );
    expect(overloaded).toEqual({ kind: 'retry', delayMs: 2000, serverUnavailable: true });
    const refused = judgeAttempt(
      { kind: 'networkError', code: 'ECONNREFUSED' },
      2,
      policy,
      now,
      () => 0,
    );
    expect(refused).toMatchObject({ kind: 'retry', serverUnavailable: true });
    for (const status of [502, 504]) {
      expect(judgeAttempt({ kind: 'answer', status }, 1, policy, now, () => 0)).toMatchObject({
        kind: 'retry',
        serverUnavailable: true,
      });
    }
  });

  it('gives up after the last attempt, saying why', () => {
    expect(
      judgeAttempt({ kind: 'networkError', code: 'ECONNREFUSED' }, 4, policy, now, () => 0),
    ).toEqual({ kind: 'giveUp', reason: 'unreachable (ECONNREFUSED) after 4 attempts' });
    expect(judgeAttempt({ kind: 'answer', status: 503 }, 4, policy, now, () => 0)).toEqual({
      kind: 'giveUp',
      reason: 'HTTP 503 after 4 attempts',
    });
  });

  it('does not retry an untrusted certificate, and points at --insecure', () => {
    const verdict = judgeAttempt(
      { kind: 'networkError', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      1,
      policy,
      now,
      () => 0,
    );
    expect(verdict).toMatchObject({ kind: 'giveUp' });
    expect((verdict as { reason: string }).reason).toContain('--insecure');
  });

  it('backs off exponentially with jitter, within [step/2, step], capped', () => {
    const steps = [100, 200, 400, 800, 1000, 1000];
    steps.forEach((step, i) => {
      expect(backoffDelay(i + 1, policy, () => 0)).toBe(step / 2);
      expect(backoffDelay(i + 1, policy, () => 0.999999)).toBe(step);
    });
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1);
  });

  it('reads Retry-After as seconds or as an HTTP date, and caps it', () => {
    expect(retryAfterMs('3', now, policy)).toBe(3000);
    expect(retryAfterMs(' 0 ', now, policy)).toBe(0);
    expect(retryAfterMs(new Date(now + 5000).toUTCString(), now, policy)).toBe(5000);
    expect(retryAfterMs(new Date(now - 5000).toUTCString(), now, policy)).toBe(0);
    expect(retryAfterMs('86400', now, policy)).toBe(30_000);
    expect(retryAfterMs('soon', now, policy)).toBeUndefined();
    expect(retryAfterMs('-3', now, policy)).toBeUndefined();
    expect(retryAfterMs(undefined, now, policy)).toBeUndefined();
  });

  it('falls back to back-off when a 503 brings no Retry-After', () => {
    const verdict = judgeAttempt({ kind: 'answer', status: 503 }, 3, policy, now, () => 0);
    expect(verdict).toEqual({ kind: 'retry', delayMs: 200, serverUnavailable: true });
  });
});
