import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NullServer, NullServerOptions, startNullServer } from '../bench/null-server';
import { ChannelError, ChannelClientOptions, DeviceChannelClient } from './device-channel-client';
import { parseServerUrls, ServerPool } from './server-pool';

/** A port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('device channel client', () => {
  const servers: NullServer[] = [];
  const clients: DeviceChannelClient[] = [];
  const start = async (options: NullServerOptions = {}) => {
    const server = await startNullServer(options);
    servers.push(server);
    return server;
  };
  /** A client whose waits are recorded, not slept. */
  const clientFor = (urls: string[], options: ChannelClientOptions = {}) => {
    const slept: number[] = [];
    const failovers: string[] = [];
    const client = new DeviceChannelClient(new ServerPool(parseServerUrls(urls)), {
      retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 40 },
      sleep: async (ms) => {
        slept.push(ms);
      },
      events: { failedOver: (from, to) => failovers.push(`${from.port}→${to.port}`) },
      ...options,
    });
    clients.push(client);
    return { client, slept, failovers };
  };
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.close());
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('enrolls and checks in, with the credential as bearer token', async () => {
    const server = await start({ script: () => undefined });
    const { client } = clientFor([server.url]);
    const enrolled = await client.enroll('enr_token', { platform: 'ios' }, 0);
    expect(enrolled.status).toBe(201);
    const { deviceId, deviceCredential } = enrolled.body;
    const answer = await client.checkIn(deviceId, deviceCredential, { sequence: 1 }, 0);
    expect(answer).toMatchObject({ status: 200, server: 0, attempts: 1 });
    expect(answer.body.appInventory.status).toBe('unchanged');
    expect(server.requests.map((r) => [r.path, r.authorization])).toEqual([
      ['/enrollment/v1/enroll', 'Bearer enr_token'],
      [`/enrollment/v1/devices/${deviceId}/checkin`, `Bearer ${deviceCredential}`],
    ]);
    expect(JSON.parse(server.requests[1].body)).toEqual({ sequence: 1 });
  });

  it('turns an error answer into the server’s own message, without retrying', async () => {
    const server = await start({
      script: () => ({
        status: 400,
        body: {
          error: {
            code: 'invalidRequest',
            message: "Invalid field 'hardware.imei': has a wrong check digit (Luhn).",
            target: 'hardware.imei',
          },
        },
      }),
    });
    const { client, slept } = clientFor([server.url]);
    const failure = await client.enroll('enr', {}, 0).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChannelError);
    expect(failure).toMatchObject({
      kind: 'rejected',
      status: 400,
      code: 'invalidRequest',
      target: 'hardware.imei',
      message:
        "HTTP 400 invalidRequest: Invalid field 'hardware.imei': has a wrong check digit (Luhn).",
    });
    expect(server.requests).toHaveLength(1);
    expect(slept).toEqual([]);
  });

  it('honours Retry-After on 429 and tries the same server again', async () => {
    let throttled = 2;
    const server = await start({
      script: () =>
        throttled-- > 0
          ? { status: 429, headers: { 'retry-after': '3' }, body: { error: { message: 'slow' } } }
          : undefined,
    });
    const { client, slept, failovers } = clientFor([server.url]);
    const answer = await client.checkIn('d', 'c', { sequence: 1 }, 0);
    expect(answer).toMatchObject({ status: 200, attempts: 3, mayHaveBeenDeliveredBefore: false });
    expect(slept).toEqual([3000, 3000]);
    expect(failovers).toEqual([]);
  });

  it('fails over at once from a server that answers 503 or refuses connections', async () => {
    const overloaded = await start({
      script: () => ({ status: 503, headers: { 'retry-after': '30' } }),
    });
    const healthy = await start({ script: () => undefined });
    const down = await closedPort();
    const { client, slept, failovers } = clientFor([overloaded.url, down, healthy.url]);
    const answer = await client.checkIn('d', 'c', { sequence: 1 }, 0);
    expect(answer.server).toBe(2);
    expect(slept).toEqual([]);
    expect(failovers).toHaveLength(2);
    expect(healthy.requests).toHaveLength(1);
    // The pause is remembered: the next request goes straight to the healthy server.
    await client.checkIn('d', 'c', { sequence: 2 }, 0);
    expect(overloaded.requests).toHaveLength(1);
  });

  it('backs off while no server is up, then reports the server unreachable', async () => {
    const down = await closedPort();
    const { client, slept } = clientFor([down]);
    const failure = await client.enroll('enr', {}, 0).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      kind: 'unavailable',
      message: `${down}: unreachable (ECONNREFUSED) after 4 attempts`,
    });
    expect(slept).toHaveLength(3);
    slept.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(Math.min(40, 10 * 2 ** i)));
  });

  it('reports a 503 that never ends with the server’s message', async () => {
    const server = await start({
      script: () => ({ status: 503, body: { error: { message: 'Too many check-ins queued.' } } }),
    });
    const { client } = clientFor([server.url]);
    await expect(client.checkIn('d', 'c', { sequence: 1 }, 0)).rejects.toMatchObject({
      kind: 'unavailable',
      status: 503,
      message: `${server.url}: HTTP 503 after 4 attempts (Too many check-ins queued.)`,
    });
  });

  it('retries a timed-out check-in with the same body, knowing it may have been applied', async () => {
    let first = true;
    const server = await start({
      script: () => {
        if (!first) return undefined;
        first = false;
        return 'hang';
      },
    });
    const { client } = clientFor([server.url], { timeoutMs: 200 });
    const answer = await client.checkIn('d', 'c', { sequence: 7 }, 0);
    expect(answer).toMatchObject({ attempts: 2, mayHaveBeenDeliveredBefore: true });
    expect(server.requests.map((r) => r.body)).toEqual(['{"sequence":7}', '{"sequence":7}']);
  });

  describe('over TLS with a self-signed certificate', () => {
    let dir: string;
    let tls: { cert: string; key: string };
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'sim-tls-'));
      const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
        ].concat(['-keyout', key, '-out', cert]),
        { stdio: 'ignore' },
      );
      tls = { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('refuses it with a hint, and accepts it with --insecure', async () => {
      const server = await start({ tls });
      const strict = clientFor([server.url]).client;
      await expect(strict.enroll('enr', {}, 0)).rejects.toThrow('pass --insecure');
      const insecure = clientFor([server.url], { insecure: true }).client;
      await expect(insecure.enroll('enr', {}, 0)).resolves.toMatchObject({ status: 201 });
    });
  });
});
