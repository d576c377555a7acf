import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { DeployedApp } from '../../src/device-channel/contract/device-channel.types';
import type { Platform } from '../../src/device-channel/contract/wire-vocabulary';
import type { FleetOptions } from '../fleet';
import { DeviceRecord } from './device-record';

export const STATE_FORMAT = 'device-inventory-collector/simulator-state/1';

/** The fleet's identity: the same options make the same devices. */
export type FleetSpec = Omit<FleetOptions, 'size'>;

/** What a simulator run leaves behind so that the next one resumes the same fleet. */
export interface SimulatorState {
  format: typeof STATE_FORMAT;
  savedAt: string;
  fleet: FleetSpec;
  servers: string[];
  /** The tenant's deployed apps per platform, as the server last listed them. */
  deployedApps: Partial<Record<Platform, DeployedApp[]>>;
  devices: DeviceRecord[];
}

export class StateFileError extends Error {}

/** The state in `path`, or null when there is no such file. */
export function loadState(path: string): SimulatorState | null {
  if (!existsSync(path)) return null;
  let state: SimulatorState;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as SimulatorState;
  } catch (error) {
    throw new StateFileError(`${path} is not a simulator state file (${(error as Error).message})`);
  }
  if (state?.format !== STATE_FORMAT || !Array.isArray(state.devices) || !state.fleet) {
    throw new StateFileError(`${path} is not a simulator state file (format ${STATE_FORMAT})`);
  }
  state.devices.forEach((record, position) => {
    if (record?.index !== position) {
      throw new StateFileError(`${path}: device ${position} is out of order or damaged`);
    }
  });
  return state;
}

/**
 * The fleet options that differ between a state file and a run (by name), so that resuming with
 * another seed or mix is refused instead of silently simulating other devices under old ids.
 */
export function fleetDifferences(saved: FleetSpec, wanted: FleetSpec): string[] {
  const names = new Set([...Object.keys(saved), ...Object.keys(wanted)]) as Set<keyof FleetSpec>;
  return [...names].filter((name) => canonicalJson(saved[name]) !== canonicalJson(wanted[name]));
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Writes the state atomically (a temporary file renamed over the old one: a reader, or a
 * simulator killed mid-write, sees the old state or the new one, never half of each) and
 * coalesces requests: a save asked for while one is being written is done once, after it.
 * Mode 0600: the file holds device credentials.
 */
export class StateWriter {
  private inFlight: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  writes = 0;

  constructor(
    readonly path: string,
    private readonly snapshot: () => SimulatorState,
  ) {}

  /** Resolves once a write that began after this call has finished. */
  save(): Promise<void> {
    if (this.queued) return this.queued;
    const queued = this.inFlight
      .catch(() => undefined)
      .then(async () => {
        this.queued = null;
        await this.writeNow();
      });
    this.queued = queued;
    this.inFlight = queued;
    return queued;
  }

  private async writeNow(): Promise<void> {
    const text = JSON.stringify({ ...this.snapshot(), savedAt: new Date().toISOString() });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, this.path);
    this.writes++;
  }
}
