import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The response body as text ('' when there is none). */
  text: string;
}

/** The request got no HTTP answer: refused, reset, timed out, or the name did not resolve. */
export class NetworkError extends Error {
  constructor(
    /** ECONNREFUSED, ECONNRESET, ETIMEDOUT, ENOTFOUND, … */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface TransportOptions {
  /** Accept a self-signed or otherwise unverifiable TLS certificate. */
  insecure?: boolean;
  /** Time allowed for one request, connection included. */
  timeoutMs?: number;
  /** Sockets kept open per server (the simulator's concurrency is enough). */
  maxSockets?: number;
}

/**
 * JSON over HTTP/1.1 with keep-alive connections, on node:http directly: it is the simulator's
 * hot loop, and an agent per scheme lets `--insecure` apply to TLS without touching the process.
 */
export class HttpTransport {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly timeoutMs: number;

  constructor(options: TransportOptions = {}) {
    const maxSockets = options.maxSockets ?? 64;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets });
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets,
      rejectUnauthorized: !options.insecure,
    });
  }

  request(
    method: 'GET' | 'POST' | 'DELETE',
    url: URL,
    token: string | null,
    body?: string,
  ): Promise<HttpAnswer> {
    const secure = url.protocol === 'https:';
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    return new Promise<HttpAnswer>((resolve, reject) => {
      const request = (secure ? https : http).request(
        url,
        { method, headers, agent: secure ? this.httpsAgent : this.httpAgent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', (error) => reject(asNetworkError(error)));
        },
      );
      request.setTimeout(this.timeoutMs, () =>
        request.destroy(
          new NetworkError('ETIMEDOUT', `no answer within ${Math.round(this.timeoutMs / 1000)} s`),
        ),
      );
      request.on('error', (error) => reject(asNetworkError(error)));
      request.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function asNetworkError(error: Error & { code?: string }): NetworkError {
  if (error instanceof NetworkError) return error;
  const code = error.code ?? 'ENETWORK';
  return new NetworkError(code, error.message || code);
}
