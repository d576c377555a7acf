import type { CheckInResponse } from '../../src/device-channel/contract/device-channel.types';
import {
  OWNERSHIPS,
  Ownership,
  Platform,
  PLATFORMS,
} from '../../src/device-channel/contract/wire-vocabulary';
import type { HandledCommand } from '../apple-mdm/apple-mdm-device';
import type { CommandStatus } from '../../src/device-channel/contract/apple-mdm';
import { DeviceRecord } from './device-record';
import { LatencyHistogram } from './latency-histogram';

/** The end-of-run report (the CLI prints it as tables, or as this very JSON with --json). */
export interface SimulationSummary {
  servers: string[];
  seed: number;
  durationSeconds: number;
  devices: {
    /** Devices of the fleet. */
    total: number;
    /** Enrolled at the end of the run. */
    enrolled: number;
    /** Every device that ever enrolled, by platform and by the ownership the server last gave. */
    byPlatform: Record<Platform, Record<Ownership, number>>;
    stopped: { retired: number; wiped: number; refused: number; lost: number };
  };
  enrollments: { ok: number; failed: number; afterWipe: number };
  checkIns: {
    ok: number;
    failed: number;
    /** Immediate check-ins to answer commands or resend the inventory (included in ok/failed). */
    followUps: number;
    perSecond: number;
  };
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null };
  apps: {
    /** Full lists sent, and hash-only check-ins. */
    fullLists: number;
    hashOnly: number;
    /** Summed over the check-ins that sent a full list, as the server reported them. */
    reported: number;
    stored: number;
    resendRequired: number;
  };
  /** What the server said it did not store, summed by field and reason. */
  discarded: { field: string; reason: string; count: number }[];
  /** Commands carried out, by action (JSON channel). */
  commands: Record<string, { done: number; failed: number }>;
  /** Apple MDM commands the devices answered, by request type and the status they answered. */
  appleCommands: Record<string, Partial<Record<CommandStatus, number>>>;
  retries: number;
  failovers: number;
  /** Failures by message, most frequent first. */
  errors: { message: string; count: number }[];
}

/** Counts what happens during a run. */
export class SimulationStats {
  readonly latency = new LatencyHistogram();
  enrollmentsOk = 0;
  enrollmentsFailed = 0;
  enrollmentsAfterWipe = 0;
  checkInsOk = 0;
  checkInsFailed = 0;
  followUps = 0;
  fullLists = 0;
  hashOnly = 0;
  appsReported = 0;
  appsStored = 0;
  resendRequired = 0;
  retries = 0;
  failovers = 0;
  private readonly discarded = new Map<string, { field: string; reason: string; count: number }>();
  private readonly commands = new Map<string, { done: number; failed: number }>();
  private readonly appleCommands = new Map<string, Partial<Record<CommandStatus, number>>>();
  private readonly errors = new Map<string, number>();

  constructor(
    /** Called once per distinct error message, when it first happens. */
    private readonly onNewError?: (message: string) => void,
  ) {}

  get errorCount(): number {
    return this.enrollmentsFailed + this.checkInsFailed;
  }

  error(message: string): void {
    const count = this.errors.get(message) ?? 0;
    this.errors.set(message, count + 1);
    if (count === 0) this.onNewError?.(message);
  }

  checkInAnswered(answer: CheckInResponse, latencyMs: number, fullList: boolean): void {
    this.checkInsOk++;
    this.latency.record(latencyMs);
    if (fullList) {
      this.fullLists++;
      this.appsReported += answer.appInventory.reported;
      this.appsStored += answer.appInventory.stored;
    } else this.hashOnly++;
    if (answer.appInventory.status === 'resendRequired') this.resendRequired++;
    for (const { field, reason, count } of answer.discarded) {
      const key = `${field}\u0000${reason}`;
      const entry = this.discarded.get(key) ?? { field, reason, count: 0 };
      entry.count += count ?? 1;
      this.discarded.set(key, entry);
    }
  }

  commandCarriedOut(action: string, status: 'done' | 'failed'): void {
    const entry = this.commands.get(action) ?? { done: 0, failed: 0 };
    entry[status]++;
    this.commands.set(action, entry);
  }

  appleCommandAnswered({ requestType, status }: HandledCommand): void {
    const entry = this.appleCommands.get(requestType) ?? {};
    entry[status] = (entry[status] ?? 0) + 1;
    this.appleCommands.set(requestType, entry);
  }

  summary(input: {
    servers: string[];
    seed: number;
    durationSeconds: number;
    records: readonly DeviceRecord[];
  }): SimulationSummary {
    const byPlatform = Object.fromEntries(
      PLATFORMS.map((platform) => [
        platform,
        Object.fromEntries(OWNERSHIPS.map((ownership) => [ownership, 0])),
      ]),
    ) as SimulationSummary['devices']['byPlatform'];
    const stopped = { retired: 0, wiped: 0, refused: 0, lost: 0 };
    let enrolled = 0;
    for (const record of input.records) {
      if (record.status === 'enrolled') enrolled++;
      else if (record.status !== 'new') stopped[record.status]++;
      if (record.ownership && record.platform) byPlatform[record.platform][record.ownership]++;
    }
    const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
    const attempts = this.checkInsOk + this.checkInsFailed;
    return {
      servers: input.servers,
      seed: input.seed,
      durationSeconds: Math.round(input.durationSeconds * 10) / 10,
      devices: { total: input.records.length, enrolled, byPlatform, stopped },
      enrollments: {
        ok: this.enrollmentsOk,
        failed: this.enrollmentsFailed,
        afterWipe: this.enrollmentsAfterWipe,
      },
      checkIns: {
        ok: this.checkInsOk,
        failed: this.checkInsFailed,
        followUps: this.followUps,
        perSecond:
          input.durationSeconds > 0 ? Math.round((attempts / input.durationSeconds) * 10) / 10 : 0,
      },
      latencyMs: {
        p50: round(this.latency.percentile(0.5)),
        p95: round(this.latency.percentile(0.95)),
        p99: round(this.latency.percentile(0.99)),
        max: round(this.latency.maximum),
      },
      apps: {
        fullLists: this.fullLists,
        hashOnly: this.hashOnly,
        reported: this.appsReported,
        stored: this.appsStored,
        resendRequired: this.resendRequired,
      },
      discarded: [...this.discarded.values()].sort((a, b) => b.count - a.count),
      commands: Object.fromEntries([...this.commands].sort(([a], [b]) => (a < b ? -1 : 1))),
      appleCommands: Object.fromEntries(
        [...this.appleCommands].sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
      retries: this.retries,
      failovers: this.failovers,
      errors: [...this.errors]
        .map(([message, count]) => ({ message, count }))
        .sort((a, b) => b.count - a.count),
    };
  }
}
