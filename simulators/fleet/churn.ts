import type { HardwareField } from '../../src/device-channel/contract/wire-vocabulary';
import { drawNewApp, InventoryContext, reportApp } from './app-inventory';
import { compareVersions, newerVersion } from './app-versions';
import { COUNTRY_PROFILES } from './catalog/carriers';
import { ENROLLMENT_MODES } from './catalog/platform-facts';
import { modelByKey } from './catalog/models';
import { drawNetwork } from './device';
import { MAX_REPORTED_APPS, ReportedApp, SimulatedDevice } from './device-profile';
import { FleetOptionsError } from './enrollment-mix';
import { privateIpAddress } from './identifiers';
import { FleetPlan } from './plan';
import { DeviceRandom } from './random';
import { profileFolderOf } from './users';

/** Probabilities of change between two check-ins. */
export interface ChurnRates {
  /** The device installs one to three apps. */
  appInstall?: number;
  /** Each installed app is removed. */
  appRemoval?: number;
  /** Each installed app is updated (to the catalogue's version, or the release after it). */
  appUpdate?: number;
  /** Free storage moves by up to two percent of the disk (on top of what apps take or free). */
  storageDrift?: number;
  /** The device is on another network, or was given another address. */
  ipChange?: number;
}

export const DEFAULT_CHURN: Required<ChurnRates> = {
  appInstall: 0.05,
  appRemoval: 0.002,
  // Per app and check-in: with ~60 apps about one check-in in six brings an update.
  appUpdate: 0.003,
  storageDrift: 0.5,
  ipChange: 0.1,
};

export interface DeviceChanges {
  installed: string[];
  removed: string[];
  updated: { appId: string; from: string; to: string }[];
  /** Hardware fields whose value changed. */
  hardware: HardwareField[];
}

export interface Evolution {
  device: SimulatedDevice;
  changes: DeviceChanges;
}

/**
 * The device at its next check-in. A pure function of (fleet seed, device index, step) and the
 * device's state: one device's evolution never depends on another's, nor on the order the
 * simulator processes them in. `device` is not modified.
 */
export function evolveDevice(
  plan: FleetPlan,
  device: SimulatedDevice,
  step: number,
  rates: ChurnRates = {},
): Evolution {
  const churn = churnRates(rates);
  const random = new DeviceRandom(plan.seed, device.index, 'churn', step);
  const apps = plan.apps(device.platform);
  const model = modelByKey(device.modelKey);
  const context = deviceInventoryContext(device);
  const changes: DeviceChanges = { installed: [], removed: [], updated: [], hardware: [] };
  let storageDelta = 0;

  const kept: ReportedApp[] = [];
  for (const app of device.apps) {
    if (random.chance(churn.appRemoval)) {
      changes.removed.push(app.appId);
      storageDelta += app.sizeInBytes ?? 0;
      continue;
    }
    if (!random.chance(churn.appUpdate)) {
      kept.push(app);
      continue;
    }
    const entry = apps.byId.get(app.appId);
    const to =
      entry && compareVersions(app.version, entry.version) < 0
        ? entry.version
        : newerVersion(app.version);
    const updated = entry
      ? reportApp(entry, to, device.platform, context)
      : { ...app, version: to };
    changes.updated.push({ appId: app.appId, from: app.version, to });
    storageDelta -= (updated.sizeInBytes ?? 0) - (app.sizeInBytes ?? 0);
    kept.push(updated);
  }

  if (random.chance(churn.appInstall)) {
    const installed = new Set(kept.map((app) => app.appId));
    for (let count = random.int(1, 3); count > 0 && kept.length < MAX_REPORTED_APPS; count--) {
      const entry = drawNewApp(apps, context, installed, random);
      if (!entry) break;
      const app = reportApp(entry, entry.version, device.platform, context);
      kept.push(app);
      installed.add(app.appId);
      changes.installed.push(app.appId);
      storageDelta -= app.sizeInBytes ?? 0;
    }
  }

  const hardware = { ...device.hardware };
  let network = device.network;
  const total = hardware.totalStorageSpaceInBytes;
  if (total !== undefined && hardware.freeStorageSpaceInBytes !== undefined) {
    if (random.chance(churn.storageDrift))
      storageDelta += Math.round(total * random.between(-0.02, 0.015));
    if (storageDelta !== 0) {
      const free = Math.min(
        Math.round(total * 0.95),
        Math.max(Math.round(total * 0.02), hardware.freeStorageSpaceInBytes + storageDelta),
      );
      if (free !== hardware.freeStorageSpaceInBytes) {
        hardware.freeStorageSpaceInBytes = free;
        changes.hardware.push('freeStorageSpaceInBytes');
      }
    }
  }
  if (hardware.ipAddress !== undefined && random.chance(churn.ipChange)) {
    network = drawNetwork(model, context.corporate, device.carrierKey !== undefined, random);
    const address = privateIpAddress(
      network,
      random.pick(COUNTRY_PROFILES[device.country].officeSites),
      random,
    );
    if (address !== hardware.ipAddress) {
      hardware.ipAddress = address;
      changes.hardware.push('ipAddress');
    }
  }

  return { device: { ...device, network, hardware, apps: kept }, changes };
}

/** What decides which apps a generated device has, recovered from the device itself. */
export function deviceInventoryContext(device: SimulatedDevice): InventoryContext {
  const model = modelByKey(device.modelKey);
  return {
    corporate: ENROLLMENT_MODES[device.enrollmentType].organizationOwned,
    rugged: model.audience === 'rugged',
    workProfile: ENROLLMENT_MODES[device.enrollmentType].workProfile,
    manufacturer: model.manufacturer,
    profileFolder: profileFolderOf(device.user.userPrincipalName),
  };
}

function churnRates(rates: ChurnRates): Required<ChurnRates> {
  const result = { ...DEFAULT_CHURN, ...rates };
  for (const [name, rate] of Object.entries(result)) {
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new FleetOptionsError(`churn rate ${name} must be between 0 and 1, got ${rate}`);
    }
  }
  return result;
}
