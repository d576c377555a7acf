import type { DeployedApp } from '../../src/device-channel/contract/device-channel.types';
import type { CheckInResponse } from '../../src/device-channel/contract/device-channel.types';
import type { Platform } from '../../src/device-channel/contract/wire-vocabulary';
import {
  AppleIdentity,
  AppleMdmDevice,
  AppleMdmError,
  fetchProfile,
  HandledCommand,
} from '../apple-mdm/apple-mdm-device';
import type { AppleTransportOptions } from '../apple-mdm/apple-transport';
import { appleFactsOf } from '../apple-mdm/fleet-facts';
import {
  ChannelAnswer,
  ChannelError,
  DeviceChannelClient,
  parseServerUrls,
  RetryPolicy,
  ServerPool,
} from '../client';
import {
  ChurnRates,
  DeviceRandom,
  enrollRequest,
  evolveDevice,
  FleetOptionsError,
  FleetPlan,
  MAX_FLEET_SIZE,
  planFleet,
  wipedDevice,
} from '../fleet';
import {
  absorbCheckIn,
  absorbEnrollment,
  assumeServerHasReport,
  buildCheckIn,
  carryOut,
  DeviceMemory,
  Ending,
  newMemory,
  SentCheckIn,
} from './device-behaviour';
import { DeviceRecord, isStopped, newDeviceRecord } from './device-record';
import { SimulationStats, SimulationSummary } from './simulation-summary';
import { runSchedule, Turn } from './scheduler';
import {
  fleetDifferences,
  FleetSpec,
  loadState,
  SimulatorState,
  STATE_FORMAT,
  StateFileError,
  StateWriter,
} from './state-file';

export interface SimulationOptions {
  /** Base URLs; devices are spread over them and fail over between them. */
  servers: readonly string[];
  /** Needed whenever a device enrolls (a new fleet, a re-enrollment after a wipe). */
  enrollmentToken?: string;
  /** Devices in the fleet (default: as many as the state file has, else 100); a resumed fleet may grow. */
  devices?: number;
  fleet: FleetSpec;
  /** Scheduled check-ins per device in this run … */
  checkIns?: number;
  /** … or check in until this much time has passed. */
  durationMs?: number;
  /** Between one device's check-ins: milliseconds, or the interval the server asks for. */
  intervalMs?: number | 'server';
  /** ± share of the interval by which each wait varies. */
  jitter?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  churn?: ChurnRates;
  /** Share of wiped devices that enroll again as new devices. */
  reEnrollAfterWipe?: number;
  /** Share of devices whose agent reports every app whatever the directive says. */
  unfilteredAgents?: number;
  /**
   * iPhones, iPads and Macs speak Apple's MDM protocol (docs/apple-mdm.md) instead of the JSON
   * channel: each fetches its enrollment profile from its home server with the enrollment token —
   * device enrollment when corporate, User Enrollment when personal — or installs `profile`, a
   * `.mobileconfig` another Apple MDM server issued. The other platforms keep the JSON channel.
   */
  appleMdm?: {
    profile?: string;
    /** Present the identity as TLS client certificate instead of signing (https servers only). */
    identityOverTls?: boolean;
  };
  stateFile?: string;
  /** How often the state file is rewritten while devices check in. */
  saveIntervalMs?: number;
  insecure?: boolean;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Abort to stop: no new check-in starts, the state is saved, the summary is returned. */
  signal?: AbortSignal;
  onProgress?: (progress: SimulationProgress) => void;
  /** Each distinct failure message, the first time it happens. */
  onError?: (message: string) => void;
}

export interface SimulationProgress {
  turnsDone: number;
  /** Null when the run is bounded by time. */
  turnsPlanned: number | null;
  checkInsOk: number;
  errors: number;
  elapsedMs: number;
  durationMs?: number;
}

export interface SimulationResult {
  summary: SimulationSummary;
  records: DeviceRecord[];
  /** The tenant's deployed apps per platform, as the devices last heard. */
  deployedApps: Partial<Record<Platform, DeployedApp[]>>;
}

/** The run cannot go on: no server is reachable, or the enrollment token is refused. */
export class SimulationError extends Error {}

const DEFAULT_DEVICES = 100;

/** Immediate check-ins in a row (to answer commands) before the device waits for its next turn. */
const MAX_FOLLOW_UPS = 4;
/** Attempts to find a sequence above the server's after resuming from an older state file. */
const MAX_SEQUENCE_SKIPS = 24;

/**
 * Runs a fleet against the server(s): enrolls devices that are not enrolled yet, then makes each
 * check in as often as asked, carrying out the commands it receives, and returns the summary.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const simulation = new Simulation(options);
  return simulation.run();
}

class Simulation {
  private readonly plan: FleetPlan;
  private readonly pool: ServerPool;
  private readonly client: DeviceChannelClient;
  private readonly stats: SimulationStats;
  private readonly records: DeviceRecord[];
  private readonly memories = new Map<number, DeviceMemory>();
  /** The Apple MDM side of the devices that speak it, by index. */
  private readonly appleDevices = new Map<number, AppleMdmDevice>();
  private readonly deployedApps: Partial<Record<Platform, DeployedApp[]>>;
  private readonly writer: StateWriter | null;
  private readonly turnsThisRun: number[];
  private readonly intervalMs: number | 'server';
  /** Devices this run simulates: the first ones of the fleet. */
  private readonly devices: number;
  private readonly jitter: number;
  private readonly started = Date.now();
  private deadline = Infinity;
  private turnsDone = 0;
  /** Turns this run will take (null when bounded by time): shrinks when a device stops early. */
  private turnsPlanned: number | null = null;
  private dirty = false;
  /** Aborted when the run cannot go on (fatal says why). */
  private readonly stop = new AbortController();
  private fatal: SimulationError | null = null;

  constructor(private readonly options: SimulationOptions) {
    const urls = parseServerUrls(options.servers);
    if (
      options.checkIns !== undefined &&
      !(Number.isInteger(options.checkIns) && options.checkIns >= 0)
    )
      throw new FleetOptionsError('checkIns must be an integer ≥ 0');
    for (const [name, rate] of Object.entries({
      reEnrollAfterWipe: options.reEnrollAfterWipe,
      unfilteredAgents: options.unfilteredAgents,
      jitter: options.jitter,
    })) {
      if (rate !== undefined && !(rate >= 0 && rate <= 1))
        throw new FleetOptionsError(`${name} must be between 0 and 1`);
    }
    this.intervalMs = options.intervalMs ?? 0;
    this.jitter = options.jitter ?? 0.1;
    const saved = options.stateFile ? loadState(options.stateFile) : null;
    if (saved) {
      const differences = fleetDifferences(saved.fleet, options.fleet);
      if (differences.length > 0) {
        throw new StateFileError(
          `${options.stateFile} holds a fleet made with other options (${differences.join(', ')}); use the same options or another state file`,
        );
      }
    }
    this.devices = options.devices ?? saved?.devices.length ?? DEFAULT_DEVICES;
    if (!Number.isInteger(this.devices) || this.devices < 0 || this.devices > MAX_FLEET_SIZE)
      throw new FleetOptionsError(`devices must be an integer in [0, ${MAX_FLEET_SIZE}]`);
    this.plan = planFleet(options.fleet);
    this.pool = new ServerPool(urls);
    this.stats = new SimulationStats(options.onError);
    this.client = new DeviceChannelClient(this.pool, {
      insecure: options.insecure,
      timeoutMs: options.timeoutMs,
      maxSockets: Math.max(1, options.concurrency ?? 16),
      retry: options.retry,
      events: {
        retried: () => this.stats.retries++,
        failedOver: () => this.stats.failovers++,
      },
    });
    this.records = saved?.devices ?? [];
    for (let index = this.records.length; index < this.devices; index++)
      this.records.push(newDeviceRecord(index, this.pool.homeOf(index)));
    this.deployedApps = saved?.deployedApps ?? {};
    this.turnsThisRun = this.records.map(() => 0);
    this.writer = options.stateFile
      ? new StateWriter(options.stateFile, () => this.snapshot())
      : null;
  }

  async run(): Promise<SimulationResult> {
    const signal = this.options.signal
      ? AbortSignal.any([this.options.signal, this.stop.signal])
      : this.stop.signal;
    if (this.options.durationMs !== undefined)
      this.deadline = this.started + this.options.durationMs;
    const saving = this.writer
      ? setInterval(() => {
          if (this.dirty) {
            this.dirty = false;
            void this.writer!.save();
          }
        }, this.options.saveIntervalMs ?? 2000)
      : undefined;
    let reachable = false;
    try {
      await this.client.probe().catch((error: Error) => {
        throw new SimulationError(error.message);
      });
      reachable = true;
      await this.writer?.save();
      const firstTurns: Turn[] = [];
      for (const record of this.records.slice(0, this.devices)) {
        if (isStopped(record) || !this.hasTurnLeft(record.index)) continue;
        firstTurns.push({ index: record.index, due: this.started + this.firstDelay(record) });
      }
      if (this.options.checkIns !== undefined)
        this.turnsPlanned = firstTurns.length * this.options.checkIns;
      if (
        !this.options.enrollmentToken &&
        !this.options.appleMdm?.profile &&
        firstTurns.some((turn) => this.records[turn.index].status === 'new')
      ) {
        throw new SimulationError(
          'devices need to enroll: give the tenant’s enrollment token (--enrollment-token)',
        );
      }
      await runSchedule(firstTurns, {
        concurrency: this.options.concurrency ?? 16,
        turn: (index) => this.turn(index),
        signal,
      });
    } finally {
      clearInterval(saving);
      // No state file for a fleet that never reached a server.
      if (reachable) await this.writer?.save();
      this.client.close();
    }
    if (this.fatal) throw this.fatal;
    const durationSeconds = (Date.now() - this.started) / 1000;
    return {
      summary: this.stats.summary({
        servers: this.pool.urls.map((url) => url.href.replace(/\/$/, '')),
        seed: this.plan.seed,
        durationSeconds,
        records: this.records.slice(0, this.devices),
      }),
      records: this.records,
      deployedApps: this.deployedApps,
    };
  }

  private snapshot(): SimulatorState {
    return {
      format: STATE_FORMAT,
      savedAt: '',
      fleet: this.options.fleet,
      servers: this.pool.urls.map((url) => url.href.replace(/\/$/, '')),
      deployedApps: this.deployedApps,
      devices: this.records,
    };
  }

  private hasTurnLeft(index: number): boolean {
    if (this.options.checkIns !== undefined && this.turnsThisRun[index] >= this.options.checkIns)
      return false;
    return Date.now() < this.deadline;
  }

  /** With an interval, first check-ins spread over one interval: a fleet does not all call at once. */
  private firstDelay(record: DeviceRecord): number {
    const interval = this.intervalOf(record);
    if (interval === 0) return 0;
    return (
      new DeviceRandom(this.plan.seed, record.index, 'schedule', record.checkIns).next() * interval
    );
  }

  private intervalOf(record: DeviceRecord): number {
    if (this.intervalMs !== 'server') return this.intervalMs;
    return (this.memories.get(record.index)?.checkInIntervalSeconds ?? 900) * 1000;
  }

  private nextDue(record: DeviceRecord): number | null {
    if (isStopped(record) || !this.hasTurnLeft(record.index)) return null;
    const interval = this.intervalOf(record);
    const random = new DeviceRandom(this.plan.seed, record.index, 'schedule', record.checkIns);
    const due = Date.now() + interval * (1 + this.jitter * (2 * random.next() - 1));
    return due > this.deadline ? null : due;
  }

  /** One scheduled turn of a device: enroll if needed, then one check-in and its follow-ups. */
  private async turn(index: number): Promise<number | null> {
    const record = this.records[index];
    const memory = this.memoryOf(record);
    const apple = this.speaksAppleMdm(record, memory);
    if (record.status === 'new') await (apple ? this.enrollApple(memory) : this.enroll(memory));
    if (record.status === 'enrolled') {
      record.step++;
      const { device, changes } = evolveDevice(
        this.plan,
        memory.device,
        record.step,
        this.options.churn,
      );
      const appsChanged =
        changes.installed.length + changes.removed.length + changes.updated.length > 0;
      // The same list object when nothing changed, so that its report and hash are reused.
      memory.device = appsChanged ? device : { ...device, apps: memory.device.apps };
      changes.hardware.forEach((field) => memory.changedHardware.add(field));
      await (apple ? this.pollApple(memory) : this.checkInAndFollowUp(memory));
    }
    record.checkIns++;
    this.turnsThisRun[index]++;
    this.turnsDone++;
    this.dirty = true;
    const next = this.nextDue(record);
    if (next === null && this.turnsPlanned !== null)
      this.turnsPlanned -= this.options.checkIns! - this.turnsThisRun[index];
    this.reportProgress();
    return next;
  }

  private reportProgress(): void {
    const { onProgress, durationMs } = this.options;
    onProgress?.({
      turnsDone: this.turnsDone,
      turnsPlanned: this.turnsPlanned,
      checkInsOk: this.stats.checkInsOk,
      errors: this.stats.errorCount,
      elapsedMs: Date.now() - this.started,
      durationMs,
    });
  }

  /** The device's memory, rebuilt from its record the first time it is needed in this run. */
  private memoryOf(record: DeviceRecord): DeviceMemory {
    let memory = this.memories.get(record.index);
    if (!memory) {
      let device = wipedDevice(this.plan, record.index, record.generation);
      for (let step = record.baseStep + 1; step <= record.step; step++)
        device = evolveDevice(this.plan, device, step, this.options.churn).device;
      const unfiltered = new DeviceRandom(this.plan.seed, record.index, 'agent').chance(
        this.options.unfilteredAgents ?? 0,
      );
      memory = newMemory(record, device, unfiltered);
      assumeServerHasReport(this.plan, memory, this.deployedApps[device.platform] ?? []);
      this.memories.set(record.index, memory);
    }
    return memory;
  }

  /** True when the device is enrolled now. */
  private async enroll(memory: DeviceMemory): Promise<boolean> {
    const { record, device } = memory;
    const token = this.options.enrollmentToken;
    if (!token) {
      this.stats.enrollmentsFailed++;
      this.stats.error('enrollment needs an enrollment token (--enrollment-token)');
      return false;
    }
    try {
      const answer = await this.client.enroll(token, enrollRequest(device), record.home);
      absorbEnrollment(memory, answer.body);
      record.platform = device.platform;
      this.learnDeployedApps(device.platform, answer.body.deployedApps);
      this.stats.enrollmentsOk++;
      if (record.generation > 0) this.stats.enrollmentsAfterWipe++;
      // The credential is on disk before the device is used: a simulator killed from here on
      // resumes this enrollment instead of enrolling the hardware again.
      await this.writer?.save();
      return true;
    } catch (error) {
      this.stats.enrollmentsFailed++;
      this.stats.error(`enrollment: ${describe(error)}`);
      if (error instanceof ChannelError && error.status === 400) record.status = 'refused';
      if (error instanceof ChannelError && error.status === 401) {
        // Every device enrolls with the same token: no point letting the others try.
        this.fatal ??= new SimulationError(`the enrollment token was refused (${error.message})`);
        this.stop.abort();
      }
      return false;
    }
  }

  private learnDeployedApps(platform: Platform, apps: DeployedApp[]): void {
    // Kept as the same object while unchanged: devices reuse their app report until it changes.
    const known = this.deployedApps[platform];
    if (known && JSON.stringify(known) === JSON.stringify(apps)) return;
    this.deployedApps[platform] = apps;
  }

  /** An iPhone, iPad or Mac of a run with Apple MDM, or one that enrolled over it before. */
  private speaksAppleMdm(record: DeviceRecord, memory: DeviceMemory): boolean {
    if (record.protocol === 'apple-mdm') return true;
    const platform = memory.device.platform;
    return (
      this.options.appleMdm !== undefined &&
      record.status === 'new' &&
      (platform === 'ios' || platform === 'macos')
    );
  }

  /** The device as Apple's protocol shows it now (after churn), with its installed profile. */
  private appleDeviceOf(memory: DeviceMemory): AppleMdmDevice {
    const { record } = memory;
    const facts = appleFactsOf(memory.device)!;
    let device = this.appleDevices.get(record.index);
    if (!device) {
      device = new AppleMdmDevice(facts, this.appleTransport());
      device.onServerAnswer = (latencyMs) => {
        this.stats.latency.record(latencyMs);
        memory.lastLatencyMs = latencyMs;
      };
      if (record.appleIdentity) device.restoreIdentity(this.atHome(record, record.appleIdentity));
      this.appleDevices.set(record.index, device);
    }
    device.facts = facts;
    return device;
  }

  /**
   * A profile our server issued names the server it came from; a resumed fleet may meet that
   * server at another address (the demo's port changes from run to run): the same paths on the
   * device's home server. A profile from elsewhere (--profile) is kept as it is.
   */
  private atHome(record: DeviceRecord, identity: AppleIdentity): AppleIdentity {
    if (this.options.appleMdm?.profile) return identity;
    const home = this.pool.urls[record.home];
    const moved = (url: string) => {
      const moved = new URL(url);
      moved.protocol = home.protocol;
      moved.host = home.host;
      return moved.href;
    };
    return {
      ...identity,
      serverUrl: moved(identity.serverUrl),
      checkInUrl: moved(identity.checkInUrl),
    };
  }

  /**
   * Installs the enrollment profile (kept in the state file before it is used: a simulator
   * stopped from here on resumes with the same identity), then Authenticate and TokenUpdate.
   */
  private async enrollApple(memory: DeviceMemory): Promise<boolean> {
    const { record } = memory;
    const token = this.options.enrollmentToken;
    const profileFile = this.options.appleMdm?.profile;
    try {
      const device = this.appleDeviceOf(memory);
      if (!record.appleIdentity) {
        if (!profileFile && !token) {
          this.stats.enrollmentsFailed++;
          this.stats.error('enrollment needs an enrollment token (--enrollment-token)');
          return false;
        }
        const { kind, user } = device.facts;
        const server = this.pool.urls[record.home].href.replace(/\/$/, '');
        device.installProfile(
          profileFile ??
            (await fetchProfile(
              `${server}/mdm/apple/enroll?token=${encodeURIComponent(token!)}&type=${kind}${user ? `&user=${encodeURIComponent(user)}` : ''}`,
              this.appleTransport(),
            )),
        );
        record.appleIdentity = device.identity();
        record.protocol = 'apple-mdm';
        await this.writer?.save();
      }
      await device.enroll();
      record.status = 'enrolled';
      record.platform = memory.device.platform;
      record.ownership = device.facts.kind === 'device' ? 'corporate' : 'personal';
      this.stats.enrollmentsOk++;
      if (record.generation > 0) this.stats.enrollmentsAfterWipe++;
      await this.writer?.save();
      return true;
    } catch (error) {
      this.stats.enrollmentsFailed++;
      this.stats.error(`Apple MDM enrollment: ${describe(error)}`);
      if (error instanceof AppleMdmError && error.status === 400) record.status = 'refused';
      if (error instanceof AppleMdmError && error.status === 401 && !record.appleIdentity) {
        // The profile was refused: every device enrolls with the same token.
        this.fatal ??= new SimulationError(`the enrollment token was refused (${error.message})`);
        this.stop.abort();
      }
      return false;
    }
  }

  /**
   * One poll of the ServerURL: Idle (the scheduled check-in), then an answer to each command the
   * server sends (follow-ups). An acknowledged EraseDevice or RemoveProfile ends the enrollment as
   * the JSON channel's wipe and retire do.
   */
  private async pollApple(memory: DeviceMemory): Promise<void> {
    const device = this.appleDeviceOf(memory);
    let handled: HandledCommand[];
    try {
      handled = await device.poll();
    } catch (error) {
      this.stats.checkInsFailed++;
      this.stats.error(`Apple MDM poll: ${describe(error)}`);
      if (error instanceof AppleMdmError && error.status === 401) {
        memory.record.status = 'lost';
        this.forgetAppleIdentity(memory.record);
      }
      return;
    }
    this.stats.checkInsOk += 1 + handled.length;
    this.stats.followUps += handled.length;
    for (const command of handled) this.stats.appleCommandAnswered(command);
    if (device.enrolled) return;
    const ended = handled[handled.length - 1];
    this.forgetAppleIdentity(memory.record);
    this.leave(
      memory,
      ended.requestType === 'EraseDevice'
        ? { action: 'wipe', commandId: ended.commandUuid, keepEnrollment: false }
        : { action: 'retire', commandId: ended.commandUuid },
    );
    // Wiped: the same hardware enrolls again as a new device, at once.
    if (memory.record.status === 'new' && (await this.enrollApple(memory))) {
      await this.pollApple(memory);
    }
  }

  private appleTransport(): AppleTransportOptions {
    return {
      insecure: this.options.insecure,
      timeoutMs: this.options.timeoutMs,
      identityOverTls: this.options.appleMdm?.identityOverTls,
    };
  }

  private forgetAppleIdentity(record: DeviceRecord): void {
    delete record.appleIdentity;
    this.appleDevices.delete(record.index);
  }

  private async checkInAndFollowUp(memory: DeviceMemory): Promise<void> {
    let again = await this.checkIn(memory);
    for (let count = 0; again && count < MAX_FOLLOW_UPS; count++) {
      if (memory.record.status === 'new') {
        // Wiped: the same hardware enrolls again as a new device, then checks in.
        if (!(await this.enroll(memory))) return;
      }
      this.stats.followUps++;
      again = await this.checkIn(memory);
    }
  }

  /** One check-in; true when the device should check in again at once. */
  private async checkIn(memory: DeviceMemory): Promise<boolean> {
    const { record } = memory;
    let skip = 1;
    for (let tries = 0; ; tries++) {
      const sequence = record.sequence + 1;
      record.sequence = sequence;
      const deployed = this.deployedApps[memory.device.platform] ?? [];
      const sent = buildCheckIn(this.plan, memory, deployed, sequence, new Date());
      let answer: ChannelAnswer<CheckInResponse>;
      try {
        answer = await this.client.checkIn(
          record.deviceId!,
          record.deviceCredential!,
          sent.body,
          record.home,
        );
      } catch (error) {
        if (!(error instanceof ChannelError)) throw error;
        const stale = error.status === 409 && error.target === 'sequence';
        if (stale && tries < MAX_SEQUENCE_SKIPS) {
          record.sequence += skip;
          skip *= 2;
          continue;
        }
        return this.checkInFailed(memory, error);
      }
      if (
        answer.body.replayed &&
        !answer.mayHaveBeenDeliveredBefore &&
        tries < MAX_SEQUENCE_SKIPS
      ) {
        // The server already has this sequence from before the state file was last written.
        record.sequence += skip;
        skip *= 2;
        continue;
      }
      return this.checkInAnswered(memory, sent, answer);
    }
  }

  private checkInAnswered(
    memory: DeviceMemory,
    sent: SentCheckIn,
    answer: ChannelAnswer<CheckInResponse>,
  ): boolean {
    const { body } = answer;
    memory.lastLatencyMs = answer.latencyMs;
    this.stats.checkInAnswered(body, answer.latencyMs, sent.fullList);
    this.learnDeployedApps(memory.device.platform, body.deployedApps);
    const absorbed = absorbCheckIn(memory, sent, body);
    if (absorbed.ended) {
      this.leave(memory, absorbed.ended);
      return memory.record.status === 'new';
    }
    const now = new Date();
    for (const command of absorbed.commands) {
      const result = carryOut(this.plan, memory, command, now);
      this.stats.commandCarriedOut(command.action, result.status);
    }
    return absorbed.followUp;
  }

  private checkInFailed(memory: DeviceMemory, error: ChannelError): boolean {
    const { record } = memory;
    if (error.status === 401 && memory.ending) {
      // The server ended the enrollment already (our acknowledgement got there, its answer did not).
      this.leave(memory, memory.ending);
      return false;
    }
    this.stats.checkInsFailed++;
    this.stats.error(`check-in: ${describe(error)}`);
    if (error.status === 401) {
      record.status = 'lost';
      forgetIdentity(record);
    }
    return false;
  }

  /**
   * After the server accepted the answer to retire or wipe: a retired device stops; a wiped one
   * forgets its identity and (as often as asked) enrolls again as a new device — at once, in this
   * turn; a wipe that keeps the enrollment starts a fresh inventory under the same identity.
   */
  private leave(memory: DeviceMemory, ending: Ending): void {
    const { record } = memory;
    memory.ending = null;
    memory.pendingResults.clear();
    if (ending.action === 'retire') {
      record.status = 'retired';
      forgetIdentity(record);
      return;
    }
    const generation = record.generation + 1;
    const fresh = wipedDevice(this.plan, record.index, generation);
    record.generation = generation;
    record.baseStep = record.step;
    memory.device = fresh;
    memory.changedHardware.clear();
    memory.carriedOut.clear();
    memory.acceptedInventoryHash = null;
    memory.acceptedInstallStates = null;
    if (ending.action === 'wipe' && ending.keepEnrollment) {
      record.inventoryReported = false;
      return;
    }
    forgetIdentity(record);
    const reEnroll = new DeviceRandom(this.plan.seed, record.index, 'reEnroll', generation).chance(
      this.options.reEnrollAfterWipe ?? 1,
    );
    record.status = reEnroll ? 'new' : 'wiped';
  }
}

function forgetIdentity(record: DeviceRecord): void {
  if (record.deviceId)
    record.formerDeviceIds = [...(record.formerDeviceIds ?? []), record.deviceId];
  delete record.deviceId;
  delete record.deviceCredential;
  record.sequence = 0;
  record.inventoryReported = false;
}

function describe(error: unknown): string {
  if (error instanceof ChannelError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
