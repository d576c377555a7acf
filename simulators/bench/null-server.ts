import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';

/**
 * A device-channel server that does nothing: it answers every enrollment and check-in with a
 * canned response. It measures how fast the simulator itself can go (so that a benchmark knows
 * the simulator is not its bottleneck), and lets tests script a server's misbehaviour.
 *
 *   npx ts-node --transpile-only simulators/bench/null-server.ts [--port 3999]
 */

export interface NullServerRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface NullServerOptions {
  /** Answer some requests differently; undefined falls through to the canned answer. */
  script?: (request: NullServerRequest) => ScriptedAnswer | undefined | 'hang';
  tls?: { cert: string; key: string };
  port?: number;
}

export interface NullServer {
  url: string;
  requests: NullServerRequest[];
  counts: { enrollments: number; checkIns: number };
  close(): Promise<void>;
}

const DIRECTIVES = {
  appInventory: 'all',
  phoneNumber: 'full',
  diagnostics: 'off',
  securityState: 'off',
  checkInIntervalSeconds: 900,
};

const CHECK_IN_ANSWER = JSON.stringify({
  deviceId: '00000000-0000-4000-8000-000000000000',
  sequence: 1,
  receivedDateTime: '2025-01-01T00:00:00.000Z',
  ownership: 'corporate',
  managementState: 'managed',
  complianceState: 'compliant',
  directives: DIRECTIVES,
  deployedApps: [],
  commands: [],
  appInventory: { status: 'unchanged', reported: 0, stored: 0, added: 0, removed: 0 },
  stored: { hardwareFieldsChanged: [], installStates: 0, commandResults: 0, diagnostics: 0 },
  discarded: [],
});

export async function startNullServer(options: NullServerOptions = {}): Promise<NullServer> {
  const requests: NullServerRequest[] = [];
  const counts = { enrollments: 0, checkIns: 0 };
  const keep = options.script !== undefined;
  const handler: http.RequestListener = (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen: NullServerRequest = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        authorization: request.headers.authorization,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      if (keep) requests.push(seen);
      const scripted = options.script?.(seen);
      if (scripted === 'hang') return;
      if (scripted) {
        const text = scripted.body === undefined ? '' : JSON.stringify(scripted.body);
        response.writeHead(scripted.status, {
          'content-type': 'application/json',
          ...scripted.headers,
        });
        response.end(text);
        return;
      }
      if (seen.path === '/enrollment/v1/enroll') {
        counts.enrollments++;
        const deviceId = randomUUID();
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            deviceId,
            deviceCredential: `dev_${deviceId}`,
            ownership: 'corporate',
            ownershipReason: 'enrollmentType',
            managementState: 'managed',
            directives: DIRECTIVES,
            deployedApps: [],
            checkInPath: `/enrollment/v1/devices/${deviceId}/checkin`,
          }),
        );
        return;
      }
      if (seen.path.endsWith('/checkin')) {
        counts.checkIns++;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(CHECK_IN_ANSWER);
        return;
      }
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'itemNotFound', message: 'No such route.' } }));
    });
  };
  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler)
    : http.createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (require.main === module) {
  const at = process.argv.indexOf('--port');
  const port = at > 0 ? Number(process.argv[at + 1]) : 3999;
  startNullServer({ port })
    .then((server) => {
      // Started by simulator-throughput.ts: tell it where.
      if (process.send) process.send(server.url);
      else console.log(`null device-channel server on ${server.url} (Ctrl-C stops it)`);
    })
    .catch((error: Error) => {
      console.error(`Error: ${error.message}`);
      process.exit(1);
    });
}
