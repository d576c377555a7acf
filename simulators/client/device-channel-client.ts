import type {
  CheckInResponse,
  EnrollmentResponse,
} from '../../src/device-channel/contract/device-channel.types';
import type { DevicePrivacyView } from '../../src/device-channel/contract/device-channel.types';
import { HttpAnswer, HttpTransport, NetworkError, TransportOptions } from './http-transport';
import {
  AttemptOutcome,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isCertificateError,
  judgeAttempt,
  RetryPolicy,
} from './retry-policy';
import { ServerPool } from './server-pool';

/** A request the server answered with an error, or that no server answered. */
export class ChannelError extends Error {
  constructor(
    /** rejected: the server said no (4xx/5xx); unavailable: no usable answer after retrying. */
    readonly kind: 'rejected' | 'unavailable',
    message: string,
    readonly status?: number,
    /** Graph error code and target, when the server sent them. */
    readonly code?: string,
    readonly target?: string,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

export interface ChannelAnswer<T> {
  status: number;
  body: T;
  /** Index of the server (in the pool) that answered. */
  server: number;
  /** Time of the attempt that was answered. */
  latencyMs: number;
  attempts: number;
  /**
   * An earlier attempt may have reached the server (a timeout, a reset, a gateway error): a
   * replayed check-in answer is then the answer to this very request.
   */
  mayHaveBeenDeliveredBefore: boolean;
}

/** What the client tells the simulation about its retries (for the summary). */
export interface ChannelEvents {
  retried?(reason: string): void;
  failedOver?(from: URL, to: URL): void;
}

export interface ChannelClientOptions extends TransportOptions {
  retry?: Partial<RetryPolicy>;
  events?: ChannelEvents;
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Connection failures where the request certainly never reached the server. */
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The device side of the device channel (docs/device-channel.md), over a pool of servers: retries
 * with back-off, honours Retry-After, fails over between servers, and turns every failure into a
 * ChannelError whose message is the server's own.
 */
export class DeviceChannelClient {
  readonly servers: ServerPool;
  private readonly transport: HttpTransport;
  private readonly policy: RetryPolicy;
  private readonly events: ChannelEvents;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(servers: ServerPool, options: ChannelClientOptions = {}) {
    this.servers = servers;
    this.transport = new HttpTransport(options);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.events = options.events ?? {};
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  enroll(
    enrollmentToken: string,
    body: unknown,
    home: number,
  ): Promise<ChannelAnswer<EnrollmentResponse>> {
    return this.send('POST', '/enrollment/v1/enroll', enrollmentToken, JSON.stringify(body), home);
  }

  /** `body` may be pre-serialised JSON (the replay mode builds bodies ahead of time). */
  checkIn(
    deviceId: string,
    credential: string,
    body: unknown,
    home: number,
  ): Promise<ChannelAnswer<CheckInResponse>> {
    return this.send(
      'POST',
      `/enrollment/v1/devices/${encodeURIComponent(deviceId)}/checkin`,
      credential,
      typeof body === 'string' ? body : JSON.stringify(body),
      home,
    );
  }

  privacyView(
    deviceId: string,
    credential: string,
    home: number,
  ): Promise<ChannelAnswer<DevicePrivacyView>> {
    return this.send(
      'GET',
      `/enrollment/v1/devices/${encodeURIComponent(deviceId)}/privacy`,
      credential,
      undefined,
      home,
    );
  }

  /**
   * Waits (with back-off) until at least one server answers HTTP at all; throws a ChannelError
   * naming each server's problem when none does within the retry policy's attempts.
   */
  async probe(): Promise<void> {
    const problems = new Map<string, string>();
    for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
      for (const url of this.servers.urls) {
        try {
          await this.transport.request('GET', url, null);
          return;
        } catch (error) {
          if (!(error instanceof NetworkError)) throw error;
          if (isCertificateError(error.code)) {
            throw new ChannelError(
              'unavailable',
              `${url.origin}: the server's TLS certificate is not trusted (${error.code}); pass --insecure for a self-signed server`,
            );
          }
          problems.set(url.origin, error.code);
        }
      }
      if (attempt < this.policy.maxAttempts)
        await this.sleep(backoffDelay(attempt, this.policy, this.random));
    }
    const list = [...problems].map(([origin, code]) => `${origin} (${code})`).join(', ');
    throw new ChannelError('unavailable', `no server answers: ${list}`);
  }

  close(): void {
    this.transport.close();
  }

  private async send<T>(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    body: string | undefined,
    home: number,
  ): Promise<ChannelAnswer<T>> {
    let mayHaveBeenDeliveredBefore = false;
    for (let attempt = 1; ; attempt++) {
      const server = this.servers.choose(home, Date.now());
      const wait = this.servers.availableAt(server) - Date.now();
      if (wait > 0) await this.sleep(wait);
      const url = new URL(this.servers.urls[server].href.replace(/\/$/, '') + path);
      const started = performance.now();
      let answer: HttpAnswer | undefined;
      let outcome: AttemptOutcome;
      try {
        answer = await this.transport.request(method, url, token, body);
        const retryAfter = answer.headers['retry-after'];
        outcome = {
          kind: 'answer',
          status: answer.status,
          retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
        };
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        outcome = { kind: 'networkError', code: error.code };
      }
      const latencyMs = performance.now() - started;
      const verdict = judgeAttempt(outcome, attempt, this.policy, Date.now(), this.random);
      if (verdict.kind === 'accept' && answer) {
        this.servers.markAvailable(server);
        return {
          status: answer.status,
          body: parseAnswer<T>(answer, this.servers.urls[server]),
          server,
          latencyMs,
          attempts: attempt,
          mayHaveBeenDeliveredBefore,
        };
      }
      const origin = this.servers.urls[server].origin;
      if (verdict.kind !== 'retry') {
        const said = answer ? errorOf(answer).message : undefined;
        throw new ChannelError(
          'unavailable',
          `${origin}: ${verdict.kind === 'giveUp' ? verdict.reason : 'no answer'}${said ? ` (${said})` : ''}`,
          answer?.status,
        );
      }
      mayHaveBeenDeliveredBefore ||=
        outcome.kind === 'networkError'
          ? !NOT_DELIVERED.has(outcome.code)
          : outcome.status === 502 || outcome.status === 504;
      this.events.retried?.(
        outcome.kind === 'networkError'
          ? `${origin} unreachable (${outcome.code})`
          : `${origin} answered ${outcome.status}`,
      );
      if (!verdict.serverUnavailable) {
        await this.sleep(verdict.delayMs);
        continue;
      }
      // The next attempt goes to another server at once if one is available, else waits (above)
      // for the first one to come out of its pause.
      this.servers.markUnavailable(server, Date.now() + verdict.delayMs);
      const next = this.servers.choose(home, Date.now());
      if (next !== server) {
        this.events.failedOver?.(this.servers.urls[server], this.servers.urls[next]);
      }
    }
  }
}

/** The answer's JSON; an error answer becomes a ChannelError carrying the server's message. */
function parseAnswer<T>(answer: HttpAnswer, server: URL): T {
  if (answer.status < 200 || answer.status >= 300) {
    const { code, message, target } = errorOf(answer);
    throw new ChannelError(
      'rejected',
      `HTTP ${answer.status}${code ? ` ${code}` : ''}: ${message ?? 'no error message'}`,
      answer.status,
      code,
      target,
    );
  }
  try {
    return (answer.text ? JSON.parse(answer.text) : {}) as T;
  } catch {
    throw new ChannelError(
      'rejected',
      `${server.origin} answered ${answer.status} with a body that is not JSON`,
      answer.status,
    );
  }
}

/** Graph's error body (`{"error": {code, message, target}}`), or the start of whatever came. */
function errorOf(answer: HttpAnswer): { code?: string; message?: string; target?: string } {
  try {
    const error = (JSON.parse(answer.text) as { error?: unknown }).error;
    if (error && typeof error === 'object') {
      const { code, message, target } = error as Record<string, unknown>;
      return {
        code: typeof code === 'string' ? code : undefined,
        message: typeof message === 'string' ? message : undefined,
        target: typeof target === 'string' ? target : undefined,
      };
    }
  } catch {
    // Not JSON: a proxy's error page, say.
  }
  const text = answer.text.trim().slice(0, 200);
  return { message: text || undefined };
}
