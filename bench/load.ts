import autocannon from 'autocannon';
import { checkInBody, checkInBodyTail, CheckInKind, enrollBody } from './workload';

/**
 * The load generator: its own process (forked by bench/run.ts), driving one server with autocannon
 * over keep-alive connections on 127.0.0.1. Every body is built before the clock starts; a check-in
 * only has its sequence number spliced in. It reports its own CPU use, so that a run can show the
 * load generator was not the bottleneck.
 */

export interface BenchDevice {
  id: string;
  credential: string;
  /** The workload's device number (bench/workload.ts). */
  n: number;
  /** The last sequence the server applied. */
  sequence: number;
  /** Which inventory variant the server has stored (churn alternates 0 and 1). */
  variant: 0 | 1;
}

export type LoadSpec = {
  url: string;
  connections: number;
  /** Bounds: whichever comes first. */
  seconds: number;
  amount?: number;
} & (
  | { scenario: 'first'; enrollmentToken: string; firstDevice: number; devices: number }
  | { scenario: 'steady' | 'churn' | 'full'; devices: BenchDevice[] }
  | { scenario: 'query'; token: string; paths: string[] }
);

export interface LoadResult {
  /** Completed units: check-ins (a first check-in is enrollment + check-in), or query responses. */
  completed: number;
  seconds: number;
  perSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  statuses: Record<string, number>;
  errors: number;
  firstFailure?: string;
  /** Largest answer body per route, in bytes (the ceilings answer as much). */
  replyBytes: { enroll: number; checkIn: number };
  /** CPU time of this process over the run, in percent of one core. */
  loadGeneratorCpuPercent: number;
  devices?: BenchDevice[];
}

type Request = { method: string; path: string; headers: Record<string, string>; body?: string };
const JSON_HEADERS = { 'content-type': 'application/json' };

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  let firstFailure: string | undefined;
  let completed = 0;
  const replyBytes = { enroll: 0, checkIn: 0 };
  const measure = (route: 'enroll' | 'checkIn', body: string) => {
    replyBytes[route] = Math.max(replyBytes[route], Buffer.byteLength(body));
  };
  const note = (status: number, body: string | Buffer) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 300 && firstFailure === undefined) firstFailure = `${status} ${String(body)}`;
  };
  let requests: autocannon.Request[];
  let devicesOut: BenchDevice[] | undefined;

  if (spec.scenario === 'first') {
    const bodies = Array.from({ length: spec.devices }, (_, i) => enrollBody(spec.firstDevice + i));
    const tails = Array.from({ length: spec.devices }, (_, i) =>
      checkInBodyTail(spec.firstDevice + i, 'full'),
    );
    const enrolled: BenchDevice[] = [];
    devicesOut = enrolled;
    let next = 0;
    requests = [
      {
        method: 'POST',
        path: '/enrollment/v1/enroll',
        setupRequest: (request: Request, context: Record<string, unknown>) => {
          const i = next++ % spec.devices;
          context.i = i;
          return {
            ...request,
            headers: { ...JSON_HEADERS, authorization: `Bearer ${spec.enrollmentToken}` },
            body: bodies[i],
          };
        },
        onResponse: (status: number, body: string, context: Record<string, unknown>) => {
          if (status !== 201) return note(status, body);
          measure('enroll', body);
          const answer = JSON.parse(body) as { deviceId: string; deviceCredential: string };
          context.device = {
            id: answer.deviceId,
            credential: answer.deviceCredential,
            n: spec.firstDevice + (context.i as number),
            sequence: 1,
            variant: 0,
          } satisfies BenchDevice;
        },
      },
      {
        method: 'POST',
        path: '/',
        setupRequest: (request: Request, context: Record<string, unknown>) => {
          const device = context.device as BenchDevice | undefined;
          if (!device) return null as unknown as Request;
          return {
            ...request,
            path: `/enrollment/v1/devices/${device.id}/checkin`,
            headers: { ...JSON_HEADERS, authorization: `Bearer ${device.credential}` },
            body: checkInBody(1, tails[device.n - spec.firstDevice]),
          };
        },
        onResponse: (status: number, body: string, context: Record<string, unknown>) => {
          if (status !== 200) return note(status, body);
          measure('checkIn', body);
          completed++;
          enrolled.push(context.device as BenchDevice);
        },
      },
    ] as unknown as autocannon.Request[];
  } else if (spec.scenario === 'query') {
    let next = 0;
    requests = [
      {
        method: 'GET',
        path: '/',
        setupRequest: (request: Request) => ({
          ...request,
          path: spec.paths[next++ % spec.paths.length],
          headers: { authorization: `Bearer ${spec.token}` },
        }),
        onResponse: (status: number, body: string) => {
          if (status !== 200) return note(status, body);
          completed++;
        },
      },
    ] as unknown as autocannon.Request[];
  } else {
    // One device is never in flight twice (its sequences must arrive in order): a ring of devices,
    // each taken by the next free connection.
    const devices = spec.devices.map((device) => ({ ...device }));
    devicesOut = devices;
    const kind: CheckInKind = spec.scenario;
    const tails = devices.map((device) =>
      kind === 'churn'
        ? [checkInBodyTail(device.n, 'churn', 0), checkInBodyTail(device.n, 'churn', 1)]
        : [checkInBodyTail(device.n, kind, device.variant)],
    );
    const paths = devices.map((device) => `/enrollment/v1/devices/${device.id}/checkin`);
    const headers = devices.map((device) => ({
      ...JSON_HEADERS,
      authorization: `Bearer ${device.credential}`,
    }));
    const inFlight = new Uint8Array(devices.length);
    let cursor = 0;
    requests = [
      {
        method: 'POST',
        path: '/',
        setupRequest: (request: Request, context: Record<string, unknown>) => {
          for (let tries = 0; tries < devices.length; tries++) {
            const i = cursor++ % devices.length;
            if (inFlight[i]) continue;
            inFlight[i] = 1;
            context.i = i;
            const device = devices[i];
            const variant = kind === 'churn' ? ((1 - device.variant) as 0 | 1) : 0;
            context.variant = variant;
            return {
              ...request,
              path: paths[i],
              headers: headers[i],
              body: checkInBody(device.sequence + 1, tails[i][variant]),
            };
          }
          throw new Error('more connections than devices');
        },
        onResponse: (status: number, body: string, context: Record<string, unknown>) => {
          const i = context.i as number;
          inFlight[i] = 0;
          if (status !== 200) return note(status, body);
          measure('checkIn', body);
          devices[i].sequence++;
          if (kind === 'churn') devices[i].variant = context.variant as 0 | 1;
          completed++;
        },
      },
    ] as unknown as autocannon.Request[];
  }

  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        pipelining: 1,
        duration: spec.seconds,
        ...(spec.amount !== undefined && { amount: spec.amount }),
        timeout: 30,
        requests,
      },
      (error, finished) => (error ? fail(error) : done(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode < 300) latencies.push(responseTime);
    });
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies.length === 0
      ? NaN
      : latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    completed,
    seconds,
    perSecond: completed / seconds,
    latencyMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) },
    statuses,
    errors: result.errors + result.timeouts,
    replyBytes,
    ...(firstFailure !== undefined && { firstFailure: firstFailure.slice(0, 500) }),
    loadGeneratorCpuPercent: ((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100,
    ...(devicesOut && { devices: devicesOut }),
  };
}

if (require.main === module && process.send) {
  process.on('message', (spec: LoadSpec) => {
    runLoad(spec).then(
      (result) => process.send!({ result }),
      (error: Error) => process.send!({ error: error.stack ?? error.message }),
    );
  });
  process.send({ ready: true });
}
