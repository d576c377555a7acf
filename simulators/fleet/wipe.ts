import { drawInventory, reportApp } from './app-inventory';
import { deviceInventoryContext } from './churn';
import { ReportedApp, SimulatedDevice } from './device-profile';
import { generateDevice } from './fleet';
import { androidId, uuid } from './identifiers';
import { FleetPlan } from './plan';
import { DeviceRandom } from './random';

/**
 * Device `index` after its `generation`-th factory reset, about to enroll again as a new device:
 * the same hardware (serial, IMEIs, MACs, UDID, SIM, phone number), a new Android id (it changes
 * on factory reset) and Windows device id (a new Entra registration), the apps its user puts back
 * (drawn afresh) and the free storage of a freshly set-up device. Generation 0 is the device as
 * generated; like every generator, a pure function of (seed, index, generation).
 */
export function wipedDevice(plan: FleetPlan, index: number, generation: number): SimulatedDevice {
  if (!Number.isInteger(generation) || generation < 0) {
    throw new RangeError(`generation must be an integer ≥ 0, got ${generation}`);
  }
  const original = generateDevice(plan, index);
  if (generation === 0) return original;
  const random = new DeviceRandom(plan.seed, index, 'wipe', generation);
  const context = deviceInventoryContext(original);
  const size =
    context.workProfile || context.rugged ? plan.appsPerFocusedDevice : plan.appsPerDevice;
  const apps = drawInventory(
    plan.apps(original.platform),
    context,
    size,
    new DeviceRandom(plan.seed, index, 'apps', 'wipe', generation),
  );
  const hardware = { ...original.hardware };
  if (hardware.androidId !== undefined) hardware.androidId = androidId(random);
  if (hardware.windowsDeviceId !== undefined) hardware.windowsDeviceId = uuid(random);
  const total = hardware.totalStorageSpaceInBytes;
  if (total !== undefined && hardware.freeStorageSpaceInBytes !== undefined) {
    const used = apps.reduce((sum, app) => sum + (app.sizeInBytes ?? 0), 0);
    hardware.freeStorageSpaceInBytes = Math.max(
      Math.round(total * 0.05),
      Math.round(total * random.between(0.7, 0.85)) - used,
    );
  }
  return { ...original, hardware, apps };
}

/**
 * The entry a device reports for one of the tenant's deployed apps once it has installed it: the
 * catalogue's current release when the fleet knows the app, else a first release under the
 * tenant's display name. On Android work profiles it lands in the work profile.
 */
export function deployedAppEntry(
  plan: FleetPlan,
  device: SimulatedDevice,
  app: { appId: string; displayName: string },
): ReportedApp {
  const context = deviceInventoryContext(device);
  const known = plan.apps(device.platform).byId.get(app.appId);
  if (known) return reportApp(known, known.version, device.platform, context);
  const entry: ReportedApp = { appId: app.appId, displayName: app.displayName, version: '1.0.0' };
  if (device.platform === 'android' && context.workProfile) entry.profile = 'work';
  return entry;
}
