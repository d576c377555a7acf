import { appInventoryHash } from '../../src/device-channel/contract/app-inventory-hash';
import type { DeployedApp } from '../../src/device-channel/contract/device-channel.types';
import type {
  CheckInResponse,
  DeliveredCommand,
  EnrollmentResponse,
} from '../../src/device-channel/contract/device-channel.types';
import type {
  HardwareField,
  SecurityState,
} from '../../src/device-channel/contract/wire-vocabulary';
import { securityStateOf } from '../fleet/security-state';
import { reportsManagedAppsOnly } from '../fleet/catalog/platform-facts';
import {
  deployedAppEntry,
  DeviceRandom,
  FleetPlan,
  HardwareInventory,
  ReportedApp,
  SimulatedDevice,
} from '../fleet';
import { DeviceRecord } from './device-record';
import { DeviceLocation, deviceLocation } from './locations';

/**
 * How a simulated device's agent behaves on the device channel, as pure functions of its memory:
 * what it sends in a check-in, what it learns from the answer, how it carries out commands. The
 * runner does the I/O and the timing.
 */

export type InstallState = 'installed' | 'failed' | 'notInstalled';

export interface InstallStateReport {
  mobileAppId: string;
  state: InstallState;
  errorCode?: string;
}

export interface CommandResult {
  commandId: string;
  status: 'done' | 'failed';
  errorDetail?: string;
  location?: DeviceLocation;
}

export interface DiagnosticEvent {
  type: 'crash' | 'checkInLatency' | 'storageHealth' | 'batteryHealth';
  occurredDateTime: string;
  value?: number;
  detail?: string;
}

/** Body of `POST /enrollment/v1/devices/{id}/checkin`. */
export interface CheckInBody {
  sequence: number;
  hardware?: Partial<HardwareInventory>;
  apps?: ReportedApp[];
  appInventoryHash?: string;
  installStates?: InstallStateReport[];
  commandResults?: CommandResult[];
  diagnostics?: DiagnosticEvent[];
  security?: SecurityState;
}

/** What a device has been told to do that ends (or resets) its enrollment. */
export type Ending =
  | { action: 'retire'; commandId: string }
  | { action: 'wipe'; commandId: string; keepEnrollment: boolean };

/** The agent's working memory; rebuilt from its record (and the fleet's seed) on resume. */
export interface DeviceMemory {
  record: DeviceRecord;
  /** The device as it is now (generation and churn applied). */
  device: SimulatedDevice;
  /** An old or misbehaving agent that reports every app whatever the directive says. */
  unfiltered: boolean;
  /** Hash of the app list the server last accepted; null before the first. */
  acceptedInventoryHash: string | null;
  /** Hardware fields changed since the server last accepted a check-in. */
  changedHardware: Set<HardwareField>;
  /** Answers not yet accepted by the server, by command id. */
  pendingResults: Map<string, CommandResult>;
  /** Commands carried out: one delivered again before its answer arrived is not done twice. */
  carriedOut: Set<string>;
  /** The install states last accepted, as a comparable string. */
  acceptedInstallStates: string | null;
  /** Send the full app list next time (sync, or the server asked for it). */
  fullListRequested: boolean;
  ending: Ending | null;
  lastLatencyMs: number | null;
  /** The check-in interval the server last asked for. */
  checkInIntervalSeconds: number | null;
  /** The last app report and its hash, reused while nothing it depends on changed. */
  report: AppReport | null;
}

interface AppReport {
  apps: readonly ReportedApp[];
  deployed: readonly DeployedApp[];
  scope: DeviceRecord['appInventory'];
  reported: ReportedApp[];
  hash: string;
}

export function newMemory(
  record: DeviceRecord,
  device: SimulatedDevice,
  unfiltered: boolean,
): DeviceMemory {
  return {
    record,
    device,
    unfiltered,
    acceptedInventoryHash: null,
    changedHardware: new Set(),
    pendingResults: new Map(),
    carriedOut: new Set(),
    acceptedInstallStates: null,
    fullListRequested: false,
    ending: null,
    lastLatencyMs: null,
    checkInIntervalSeconds: null,
    report: null,
  };
}

/** An MDM install error code, for the few required installs that fail. */
const INSTALL_ERROR = '0x87D1041C';

/**
 * What became of one of the tenant's deployed apps on this device: required apps are installed
 * (a few fail), available ones only when the user chose to. A function of (seed, device,
 * generation, app), so it stays the same from check-in to check-in.
 */
export function installStateOf(
  plan: FleetPlan,
  record: DeviceRecord,
  app: DeployedApp,
): InstallState {
  const draw = new DeviceRandom(
    plan.seed,
    record.index,
    'deployedApp',
    record.generation,
    app.appId,
  ).next();
  if (app.intent === 'required') return draw < 0.03 ? 'failed' : 'installed';
  return draw < 0.35 ? 'installed' : 'notInstalled';
}

/** Every app on the device: its own and the deployed apps it installed. */
export function appsOnDevice(
  plan: FleetPlan,
  memory: DeviceMemory,
  deployed: readonly DeployedApp[],
): ReportedApp[] {
  const apps = [...memory.device.apps];
  const present = new Set(apps.map((app) => app.appId));
  for (const app of deployed) {
    if (present.has(app.appId) || installStateOf(plan, memory.record, app) !== 'installed')
      continue;
    apps.push(deployedAppEntry(plan, memory.device, app));
    present.add(app.appId);
  }
  return apps;
}

/**
 * The app list the agent reports: everything, or only the tenant's deployed apps — when the
 * server's directive is managedOnly (minimising at the source; the server enforces it anyway), and
 * always where the platform itself lists no other apps (a Mac under User Enrollment).
 */
export function appsToReport(
  plan: FleetPlan,
  memory: DeviceMemory,
  deployed: readonly DeployedApp[],
): ReportedApp[] {
  const apps = appsOnDevice(plan, memory, deployed);
  const { platform, enrollmentType } = memory.device;
  const managedOnly =
    reportsManagedAppsOnly(platform, enrollmentType) ||
    (memory.record.appInventory === 'managedOnly' && !memory.unfiltered);
  if (!managedOnly) return apps;
  const managed = new Set(deployed.map((app) => app.appId));
  return apps.filter((app) => managed.has(app.appId));
}

/**
 * A resumed device's memory of what the server has: the list it reported last, as replayed from
 * the seed. Were the server's list older (the last check-in before the simulator stopped failed),
 * the server asks for the full list, and gets it.
 */
export function assumeServerHasReport(
  plan: FleetPlan,
  memory: DeviceMemory,
  deployed: readonly DeployedApp[],
): void {
  if (memory.record.inventoryReported)
    memory.acceptedInventoryHash = appReport(plan, memory, deployed).hash;
}

/**
 * The app list to report and its hash, computed again only when the device's apps, the deployed
 * apps or the directive changed (hashing is the costliest part of building a check-in).
 */
function appReport(
  plan: FleetPlan,
  memory: DeviceMemory,
  deployed: readonly DeployedApp[],
): AppReport {
  const cached = memory.report;
  if (
    cached &&
    cached.apps === memory.device.apps &&
    cached.deployed === deployed &&
    cached.scope === memory.record.appInventory
  ) {
    return cached;
  }
  const reported = appsToReport(plan, memory, deployed);
  memory.report = {
    apps: memory.device.apps,
    deployed,
    scope: memory.record.appInventory,
    reported,
    hash: appInventoryHash(reported),
  };
  return memory.report;
}

export function installStatesOf(
  plan: FleetPlan,
  record: DeviceRecord,
  deployed: readonly DeployedApp[],
): InstallStateReport[] {
  return deployed.map((app) => {
    const state = installStateOf(plan, record, app);
    return state === 'failed'
      ? { mobileAppId: app.mobileAppId, state, errorCode: INSTALL_ERROR }
      : { mobileAppId: app.mobileAppId, state };
  });
}

/** What was sent, to be matched with the answer. */
export interface SentCheckIn {
  body: CheckInBody;
  inventoryHash: string;
  fullList: boolean;
  installStates: string | null;
}

/**
 * The next check-in: changed hardware fields only; the full app list when the server does not
 * have it yet (or asked for it), else only its hash; install states when they changed; answers to
 * commands; diagnostics only when the directive says on.
 */
export function buildCheckIn(
  plan: FleetPlan,
  memory: DeviceMemory,
  deployed: readonly DeployedApp[],
  sequence: number,
  now: Date,
): SentCheckIn {
  const { record, device } = memory;
  const body: CheckInBody = { sequence };
  if (memory.changedHardware.size > 0) {
    const hardware: Partial<Record<HardwareField, unknown>> = {};
    for (const field of memory.changedHardware) hardware[field] = device.hardware[field];
    body.hardware = hardware as Partial<HardwareInventory>;
  }
  const { reported: apps, hash: inventoryHash } = appReport(plan, memory, deployed);
  const fullList =
    !record.inventoryReported ||
    memory.fullListRequested ||
    memory.acceptedInventoryHash !== inventoryHash;
  if (fullList) body.apps = apps;
  else body.appInventoryHash = inventoryHash;

  let installStates: string | null = null;
  if (deployed.length > 0) {
    const states = installStatesOf(plan, record, deployed);
    const signature = JSON.stringify(states);
    if (signature !== memory.acceptedInstallStates) {
      body.installStates = states;
      installStates = signature;
    }
  }
  if (memory.pendingResults.size > 0) body.commandResults = [...memory.pendingResults.values()];
  const diagnostics = diagnosticsOf(plan, memory, sequence, now);
  if (diagnostics.length > 0) body.diagnostics = diagnostics;
  // While the server evaluates compliance policies, the device reports its security state at
  // every check-in, as Intune's agents do; otherwise it keeps it to itself.
  if (record.securityState === 'on') {
    body.security = securityStateOf(plan.seed, record.generation, device);
  }
  return { body, inventoryHash, fullList, installStates };
}

/** Diagnostics events, only when the tenant has diagnostics on. */
export function diagnosticsOf(
  plan: FleetPlan,
  memory: DeviceMemory,
  sequence: number,
  now: Date,
): DiagnosticEvent[] {
  if (memory.record.diagnostics !== 'on') return [];
  const { device, record } = memory;
  const random = new DeviceRandom(
    plan.seed,
    record.index,
    'diagnostics',
    record.generation,
    sequence,
  );
  const at = now.toISOString();
  const events: DiagnosticEvent[] = [];
  if (memory.lastLatencyMs !== null) {
    events.push({
      type: 'checkInLatency',
      occurredDateTime: at,
      value: Math.round(memory.lastLatencyMs),
    });
  }
  const { totalStorageSpaceInBytes: total, freeStorageSpaceInBytes: free } = device.hardware;
  if (total && free !== undefined && free / total < 0.1) {
    events.push({
      type: 'storageHealth',
      occurredDateTime: at,
      value: Math.round((free / total) * 100),
    });
  }
  if (random.chance(0.02)) {
    events.push({
      type: 'crash',
      occurredDateTime: new Date(now.getTime() - random.int(60, 3600) * 1000).toISOString(),
      detail: 'Management agent stopped unexpectedly',
    });
  }
  if (device.platform !== 'windows' && device.platform !== 'macos' && random.chance(0.05)) {
    events.push({ type: 'batteryHealth', occurredDateTime: at, value: random.int(72, 100) });
  }
  return events;
}

/** What the agent makes of an accepted enrollment. */
export function absorbEnrollment(memory: DeviceMemory, answer: EnrollmentResponse): void {
  const { record } = memory;
  record.status = 'enrolled';
  record.deviceId = answer.deviceId;
  record.deviceCredential = answer.deviceCredential;
  record.ownership = answer.ownership;
  record.appInventory = answer.directives.appInventory;
  record.diagnostics = answer.directives.diagnostics;
  record.securityState = answer.directives.securityState;
  record.inventoryReported = false;
  memory.checkInIntervalSeconds = answer.directives.checkInIntervalSeconds;
  memory.acceptedInventoryHash = null;
  memory.acceptedInstallStates = null;
  memory.changedHardware.clear();
  memory.fullListRequested = false;
}

/** What an accepted check-in leads to. */
export interface Absorbed {
  /** Commands to carry out now (not seen before). */
  commands: DeliveredCommand[];
  /** The server accepted the answer to retire or wipe. */
  ended: Ending | null;
  /** Check in again at once: results to report, or the server asked for the full list. */
  followUp: boolean;
}

export function absorbCheckIn(
  memory: DeviceMemory,
  sent: SentCheckIn,
  answer: CheckInResponse,
): Absorbed {
  const { record } = memory;
  record.ownership = answer.ownership;
  record.appInventory = answer.directives.appInventory;
  record.diagnostics = answer.directives.diagnostics;
  record.securityState = answer.directives.securityState;
  memory.checkInIntervalSeconds = answer.directives.checkInIntervalSeconds;
  memory.changedHardware.clear();
  if (sent.installStates !== null) memory.acceptedInstallStates = sent.installStates;
  for (const result of sent.body.commandResults ?? [])
    memory.pendingResults.delete(result.commandId);

  const status = answer.appInventory.status;
  if (status === 'resendRequired') {
    memory.acceptedInventoryHash = null;
    memory.fullListRequested = true;
  } else if (status === 'updated' || status === 'unchanged') {
    memory.acceptedInventoryHash = sent.inventoryHash;
    if (sent.fullList) {
      record.inventoryReported = true;
      memory.fullListRequested = false;
    }
  }

  const acknowledged = new Set((sent.body.commandResults ?? []).map((result) => result.commandId));
  const ended = memory.ending && acknowledged.has(memory.ending.commandId) ? memory.ending : null;
  const commands = ended ? [] : answer.commands.filter((c) => !memory.carriedOut.has(c.commandId));
  return {
    commands,
    ended,
    followUp: !ended && (commands.length > 0 || status === 'resendRequired'),
  };
}

/**
 * Carries out one command and remembers its answer for the next check-in: sync asks for the full
 * inventory at once; reboot, lock and shutdown are acknowledged; locate reports a location only
 * from a corporate device; retire and wipe are acknowledged and end the enrollment once the server
 * has the answer.
 */
export function carryOut(
  plan: FleetPlan,
  memory: DeviceMemory,
  command: DeliveredCommand,
  now: Date,
): CommandResult {
  const { commandId, action } = command;
  let result: CommandResult;
  switch (action) {
    case 'syncDevice':
      memory.fullListRequested = true;
      result = { commandId, status: 'done' };
      break;
    case 'rebootNow':
    case 'remoteLock':
    case 'shutDown':
      result = { commandId, status: 'done' };
      break;
    case 'locateDevice':
      result =
        memory.record.ownership === 'corporate'
          ? {
              commandId,
              status: 'done',
              location: deviceLocation(
                memory.device.country,
                new DeviceRandom(plan.seed, memory.record.index, 'locate', commandId),
                now,
              ),
            }
          : {
              commandId,
              status: 'failed',
              errorDetail: 'Location is not shared from a personal device.',
            };
      break;
    case 'retire':
      memory.ending = { action: 'retire', commandId };
      result = { commandId, status: 'done' };
      break;
    case 'wipe':
      memory.ending = {
        action: 'wipe',
        commandId,
        keepEnrollment: command.parameters?.keepEnrollmentData === true,
      };
      result = { commandId, status: 'done' };
      break;
    default:
      result = {
        commandId,
        status: 'failed',
        errorDetail: `The agent does not support ${action}.`,
      };
  }
  memory.carriedOut.add(commandId);
  memory.pendingResults.set(commandId, result);
  return result;
}
