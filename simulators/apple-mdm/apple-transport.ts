import http from 'node:http';
import https from 'node:https';

/** How an Apple device reaches its server. */
export interface AppleTransportOptions {
  /** Accept a self-signed or otherwise unverifiable server certificate (the runner's --insecure). */
  insecure?: boolean;
  /**
   * Prove the identity as the TLS client certificate instead of signing each message (a profile
   * with `SignMessage: false`; needs an https ServerURL and CheckInURL).
   */
  identityOverTls?: boolean;
  /** Time allowed for one request, connection included. */
  timeoutMs?: number;
}

export interface AppleAnswer {
  status: number;
  body: Buffer;
}

/** Idle keep-alive sockets are unreferenced by their agent: they do not keep the process alive. */
const HTTP_AGENT = new http.Agent({ keepAlive: true });
const HTTPS_AGENTS = {
  verified: new https.Agent({ keepAlive: true }),
  insecure: new https.Agent({ keepAlive: true, rejectUnauthorized: false }),
};

/** The agent for a server certificate check, without a client certificate. */
export function sharedAgent(url: URL, options: AppleTransportOptions): http.Agent {
  if (url.protocol !== 'https:') return HTTP_AGENT;
  return options.insecure ? HTTPS_AGENTS.insecure : HTTPS_AGENTS.verified;
}

/** An agent that presents `identity` as the TLS client certificate on every connection. */
export function identityAgent(
  identity: { key: string; cert: string },
  options: AppleTransportOptions,
): https.Agent {
  return new https.Agent({ keepAlive: true, ...identity, rejectUnauthorized: !options.insecure });
}

/** One request on node:http(s) (fetch cannot be given a client certificate or --insecure). */
export function send(
  method: 'GET' | 'PUT',
  url: URL,
  agent: http.Agent,
  options: AppleTransportOptions,
  headers: http.OutgoingHttpHeaders = {},
  body?: Buffer,
): Promise<AppleAnswer> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method,
        agent,
        headers: body ? { ...headers, 'content-length': body.length } : headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }),
        );
        response.on('error', reject);
      },
    );
    request.setTimeout(timeoutMs, () =>
      request.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)),
    );
    request.on('error', reject);
    request.end(body);
  });
}
