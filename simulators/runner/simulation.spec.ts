import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  NullServer,
  NullServerRequest,
  ScriptedAnswer,
  startNullServer,
} from '../bench/null-server';
import { appInventoryHash, HashedApp } from '../../src/device-channel/contract/app-inventory-hash';
import { loadState } from './state-file';
import { runSimulation, SimulationError, SimulationOptions } from './simulation';

/** A scripted server that remembers what each device sent and can queue commands for it. */
class FakeDeviceServer {
  readonly enrollments: { deviceId: string; body: Record<string, unknown> }[] = [];
  readonly checkIns = new Map<string, Record<string, unknown>[]>();
  readonly queued = new Map<string, { commandId: string; action: string; parameters: unknown }[]>();
  readonly lastSequence = new Map<string, number>();
  readonly revoked = new Set<string>();
  readonly inventoryHashes = new Map<string, string>();

  answer(request: NullServerRequest): ScriptedAnswer | undefined {
    const body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    if (request.path === '/enrollment/v1/enroll') {
      const deviceId = randomUUID();
      this.enrollments.push({ deviceId, body });
      return {
        status: 201,
        body: {
          deviceId,
          deviceCredential: `dev_${deviceId}`,
          ownership: 'corporate',
          ownershipReason: 'enrollmentType',
          managementState: 'managed',
          directives: {
            appInventory: 'all',
            phoneNumber: 'full',
            diagnostics: 'off',
            checkInIntervalSeconds: 900,
          },
          deployedApps: [],
          checkInPath: '',
        },
      };
    }
    const deviceId = request.path.split('/')[4];
    if (this.revoked.has(deviceId)) {
      return {
        status: 401,
        body: { error: { code: 'unauthenticated', message: 'Device credential refused.' } },
      };
    }
    const sequence = body.sequence as number;
    const seen = this.checkIns.get(deviceId) ?? [];
    this.checkIns.set(deviceId, [...seen, body]);
    const replayed = sequence <= (this.lastSequence.get(deviceId) ?? 0);
    this.lastSequence.set(deviceId, Math.max(sequence, this.lastSequence.get(deviceId) ?? 0));
    const results = (body.commandResults as { commandId: string; status: string }[]) ?? [];
    const pending = (this.queued.get(deviceId) ?? []).filter(
      (command) => !results.some((result) => result.commandId === command.commandId),
    );
    this.queued.set(deviceId, pending);
    const acknowledgedEnd = results.some((result) => /retire|wipe/.test(result.commandId));
    if (acknowledgedEnd) this.revoked.add(deviceId);
    return {
      status: 200,
      body: {
        deviceId,
        sequence,
        receivedDateTime: new Date().toISOString(),
        ownership: 'corporate',
        managementState: acknowledgedEnd ? 'retired' : 'managed',
        complianceState: 'compliant',
        directives: {
          appInventory: 'all',
          phoneNumber: 'full',
          diagnostics: 'off',
          checkInIntervalSeconds: 900,
        },
        deployedApps: [],
        commands: acknowledgedEnd ? [] : pending,
        appInventory: {
          status: this.inventoryStatus(deviceId, body),
          reported: (body.apps as unknown[] | undefined)?.length ?? 0,
          stored: (body.apps as unknown[] | undefined)?.length ?? 0,
          added: 0,
          removed: 0,
        },
        stored: {
          hardwareFieldsChanged: [],
          installStates: 0,
          commandResults: results.length,
          diagnostics: 0,
        },
        discarded: [],
        ...(replayed ? { replayed: true } : {}),
      },
    };
  }

  /** Like the server: a full list is stored (its hash kept); a hash is compared with it. */
  private inventoryStatus(deviceId: string, body: Record<string, unknown>): string {
    if (body.apps) {
      this.inventoryHashes.set(deviceId, appInventoryHash(body.apps as HashedApp[]));
      return 'updated';
    }
    if (!body.appInventoryHash) return 'notReported';
    return body.appInventoryHash === this.inventoryHashes.get(deviceId)
      ? 'unchanged'
      : 'resendRequired';
  }

  queue(deviceId: string, action: string): void {
    // The action in the id lets the fake know which acknowledgement ends the enrollment.
    const commandId = `${action}-${randomUUID()}`;
    this.queued.set(deviceId, [
      ...(this.queued.get(deviceId) ?? []),
      { commandId, action, parameters: null },
    ]);
  }
}

async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('simulation', () => {
  let dir: string;
  let fake: FakeDeviceServer;
  let server: NullServer;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sim-run-'));
    fake = new FakeDeviceServer();
    server = await startNullServer({ script: (request) => fake.answer(request) });
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const options = (more: Partial<SimulationOptions> = {}): SimulationOptions => ({
    servers: [server.url],
    enrollmentToken: 'enr_test',
    devices: 12,
    fleet: { seed: 3, longTailAppsPerPlatform: 100 },
    checkIns: 2,
    concurrency: 4,
    ...more,
  });

  it('enrolls every device and makes each check in as often as asked, sequences increasing', async () => {
    const { summary, records } = await runSimulation(options());
    expect(summary.enrollments).toEqual({ ok: 12, failed: 0, afterWipe: 0 });
    expect(summary.checkIns).toMatchObject({ ok: 24, failed: 0, followUps: 0 });
    expect(summary.devices.enrolled).toBe(12);
    for (const record of records) {
      const sent = fake.checkIns.get(record.deviceId!)!;
      expect(sent.map((body) => body.sequence)).toEqual([1, 2]);
      expect(sent[0].apps).toBeDefined();
    }
    expect(summary.latencyMs.p50).toBeGreaterThan(0);
  });

  it('is the same fleet for the same seed: same enrollment bodies', async () => {
    await runSimulation(options({ checkIns: 1, devices: 5 }));
    const first = fake.enrollments.map((e) => e.body);
    fake.enrollments.length = 0;
    await runSimulation(options({ checkIns: 1, devices: 5 }));
    expect(fake.enrollments.map((e) => e.body)).toEqual(first);
  });

  it('resumes from its state file without enrolling anyone again', async () => {
    const stateFile = join(dir, 'fleet.json');
    const first = await runSimulation(options({ stateFile }));
    expect(fake.enrollments).toHaveLength(12);
    const second = await runSimulation(options({ stateFile, checkIns: 3 }));
    expect(fake.enrollments).toHaveLength(12);
    expect(second.summary.enrollments.ok).toBe(0);
    expect(second.summary.checkIns.ok).toBe(36);
    // The resumed devices know which list the server has: no hash it cannot match.
    expect(second.summary.apps.resendRequired).toBe(0);
    expect(second.summary.apps.hashOnly).toBeGreaterThan(0);
    for (const record of second.records) {
      expect(record.deviceId).toBe(first.records[record.index].deviceId);
      expect(fake.checkIns.get(record.deviceId!)!.map((b) => b.sequence)).toEqual([1, 2, 3, 4, 5]);
    }
    expect(loadState(stateFile)!.devices[0]).toMatchObject({ checkIns: 5, sequence: 5 });
  });

  it('resumes knowing which app lists the server has: unchanged ones go as hashes only', async () => {
    const stateFile = join(dir, 'fleet.json');
    const still = { appInstall: 0, appRemoval: 0, appUpdate: 0, storageDrift: 0, ipChange: 0 };
    await runSimulation(options({ stateFile, churn: still, checkIns: 1 }));
    const resumed = await runSimulation(options({ stateFile, churn: still, checkIns: 2 }));
    expect(resumed.summary.apps).toMatchObject({ fullLists: 0, hashOnly: 24, resendRequired: 0 });
  });

  it('grows a resumed fleet, and refuses to resume it with another seed', async () => {
    const stateFile = join(dir, 'fleet.json');
    await runSimulation(options({ stateFile, devices: 4, checkIns: 1 }));
    const grown = await runSimulation(options({ stateFile, devices: 6, checkIns: 1 }));
    expect(grown.summary.enrollments.ok).toBe(2);
    await expect(
      runSimulation(options({ stateFile, fleet: { seed: 4, longTailAppsPerPlatform: 100 } })),
    ).rejects.toThrow('other options (seed)');
  });

  it('skips past sequences the server already has (a state file older than the server)', async () => {
    const stateFile = join(dir, 'fleet.json');
    const { records } = await runSimulation(options({ stateFile, devices: 2, checkIns: 1 }));
    // The server saw later check-ins than the state file remembers.
    for (const record of records) fake.lastSequence.set(record.deviceId!, 6);
    const resumed = await runSimulation(options({ stateFile, devices: 2, checkIns: 1 }));
    expect(resumed.summary.checkIns).toMatchObject({ ok: 2, failed: 0 });
    for (const record of resumed.records) {
      const sequences = fake.checkIns.get(record.deviceId!)!.map((b) => b.sequence as number);
      expect(sequences[sequences.length - 1]).toBeGreaterThan(6);
    }
  });

  it('carries out commands at once; a retired device stops, a wiped one enrolls again as a new device', async () => {
    const stateFile = join(dir, 'fleet.json');
    const { records } = await runSimulation(options({ stateFile, devices: 4, checkIns: 1 }));
    const [retired, wiped, rebooted] = records.map((record) => record.deviceId!);
    fake.queue(retired, 'retire');
    fake.queue(wiped, 'wipe');
    fake.queue(rebooted, 'rebootNow');
    const { summary, records: after } = await runSimulation(
      options({ stateFile, devices: 4, checkIns: 3 }),
    );

    expect(after[0]).toMatchObject({ status: 'retired', formerDeviceIds: [retired] });
    expect(after[0].deviceId).toBeUndefined();
    // Acknowledged in a follow-up check-in, then silent.
    expect(fake.checkIns.get(retired)!.map((b) => b.sequence)).toEqual([1, 2, 3]);

    expect(after[1]).toMatchObject({ status: 'enrolled', generation: 1, formerDeviceIds: [wiped] });
    expect(after[1].deviceId).not.toBe(wiped);
    const reEnrollment = fake.enrollments.find((e) => e.deviceId === after[1].deviceId)!;
    const original = fake.enrollments.find((e) => e.deviceId === wiped)!;
    expect((reEnrollment.body.hardware as { serialNumber?: string }).serialNumber).toBe(
      (original.body.hardware as { serialNumber?: string }).serialNumber,
    );
    expect(fake.checkIns.get(after[1].deviceId!)!.length).toBeGreaterThanOrEqual(3);

    const rebootAnswers = fake.checkIns
      .get(rebooted)!
      .flatMap((b) => (b.commandResults as { status: string }[] | undefined) ?? []);
    expect(rebootAnswers).toEqual([expect.objectContaining({ status: 'done' })]);
    expect(summary.commands).toEqual({
      rebootNow: { done: 1, failed: 0 },
      retire: { done: 1, failed: 0 },
      wipe: { done: 1, failed: 0 },
    });
    expect(summary.enrollments.afterWipe).toBe(1);
    expect(summary.devices.stopped.retired).toBe(1);
    expect(loadState(stateFile)!.devices[0].status).toBe('retired');
  });

  it('stops a device whose credential is refused, and says so', async () => {
    const errors: string[] = [];
    const stateFile = join(dir, 'fleet.json');
    await runSimulation(options({ stateFile, devices: 3, checkIns: 1 }));
    for (const record of loadState(stateFile)!.devices) fake.revoked.add(record.deviceId!);
    const { summary } = await runSimulation(
      options({ stateFile, devices: 3, checkIns: 2, onError: (message) => errors.push(message) }),
    );
    expect(summary.checkIns.failed).toBe(3);
    expect(summary.devices.stopped.lost).toBe(3);
    expect(errors).toEqual(['check-in: HTTP 401 unauthenticated: Device credential refused.']);
    expect(summary.errors).toEqual([{ message: errors[0], count: 3 }]);
  });

  it('gives up at once when the enrollment token is refused', async () => {
    await server.close();
    server = await startNullServer({
      script: () => ({
        status: 401,
        body: { error: { code: 'unauthenticated', message: 'The enrollment token is invalid.' } },
      }),
    });
    const run = runSimulation(options({ devices: 50 }));
    await expect(run).rejects.toThrow(SimulationError);
    await expect(run).rejects.toThrow('the enrollment token was refused');
    expect(server.requests.length).toBeLessThan(50);
  });

  it('fails over from a server that is down, losing no check-in', async () => {
    const down = await closedPort();
    const { summary } = await runSimulation(
      options({ servers: [down, server.url], retry: { baseDelayMs: 5, maxDelayMs: 20 } }),
    );
    expect(summary.checkIns).toMatchObject({ ok: 24, failed: 0 });
    expect(summary.failovers).toBeGreaterThan(0);
  });

  it('refuses to start when no server answers, naming each', async () => {
    const down = await closedPort();
    const stateFile = join(dir, 'fleet.json');
    await expect(
      runSimulation(
        options({ servers: [down], stateFile, retry: { maxAttempts: 2, baseDelayMs: 5 } }),
      ),
    ).rejects.toThrow(new SimulationError(`no server answers: ${down} (ECONNREFUSED)`));
    expect(loadState(stateFile)).toBeNull();
  });

  it('reports a server that stops answering during the run, without throwing', async () => {
    await server.close();
    server = await startNullServer({
      script: (request) =>
        request.path.endsWith('/checkin')
          ? { status: 503, body: { error: { message: 'Overloaded, try later.' } } }
          : undefined,
    });
    const { summary } = await runSimulation(
      options({
        devices: 2,
        checkIns: 1,
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      }),
    );
    expect(summary.checkIns.failed).toBe(2);
    expect(summary.retries).toBe(2);
    expect(summary.errors).toEqual([
      {
        message: `check-in: ${server.url}: HTTP 503 after 2 attempts (Overloaded, try later.)`,
        count: 2,
      },
    ]);
  });
});
