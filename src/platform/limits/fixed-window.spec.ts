import { countRequest, retryAfterSeconds, tooManyRequests, windowStartOf } from './fixed-window';

describe('fixed-window rate limit', () => {
  const minute = { limit: 3, windowMs: 60_000 };
  const windowStart = 1_700_000_040_000; // a multiple of 60,000
  const t0 = windowStart + 40_000;

  it('aligns windows to multiples of their length', () => {
    expect(windowStartOf(t0, 60_000)).toBe(windowStart);
    expect(windowStartOf(windowStart - 1, 60_000)).toBe(windowStart - 60_000);
  });

  it('counts requests up to the limit, then refuses until the window ends', () => {
    let counter = { windowStart: 0, count: 0 };
    for (let i = 1; i <= 3; i++) {
      const verdict = countRequest(counter, minute, t0 + i);
      if (!verdict.allowed) throw new Error(`request ${i} refused`);
      expect(verdict.next.count).toBe(i);
      counter = verdict.next;
    }
    expect(countRequest(counter, minute, t0 + 10)).toEqual({
      allowed: false,
      retryAfterSeconds: 20,
    });
    const nextWindow = countRequest(counter, minute, t0 + 20_000);
    expect(nextWindow).toEqual({
      allowed: true,
      next: { windowStart: windowStartOf(t0, 60_000) + 60_000, count: 1 },
    });
  });

  it('reads counters that the database hands back as text (PostgreSQL bigint)', () => {
    const stored = { windowStart: String(windowStartOf(t0, 60_000)), count: '3' };
    expect(countRequest(stored as never, minute, t0).allowed).toBe(false);
  });

  it('never limits when the limit is 0', () => {
    const counter = { windowStart: windowStartOf(t0, 60_000), count: 1e9 };
    expect(countRequest(counter, { limit: 0, windowMs: 60_000 }, t0).allowed).toBe(true);
  });

  it('asks to retry after at least one second', () => {
    expect(retryAfterSeconds(minute, windowStartOf(t0, 60_000) + 59_999)).toBe(1);
  });

  it('answers 429 in Graph shape with Retry-After', () => {
    const error = tooManyRequests('check-ins of one device', minute, t0);
    expect(error.getStatus()).toBe(429);
    expect(error.code).toBe('activityLimitReached');
    expect(error.headers).toEqual({ 'Retry-After': '20' });
    expect(error.message).toContain('check-ins of one device is limited to 3 per 60 s');
  });
});
