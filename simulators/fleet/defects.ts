import {
  buildDevice,
  DeviceProfile,
  deviceName,
  drawProfile,
  enrollmentUser,
  inventoryContext,
} from './device';
import { drawInventory } from './app-inventory';
import { DefectKind, SimulatedDevice } from './device-profile';
import { androidId, privateIpAddress, uuid } from './identifiers';
import { COUNTRY_PROFILES } from './catalog/carriers';
import { platformReports } from './catalog/platform-facts';
import { FleetPlan } from './plan';
import { DeviceRandom } from './random';

/** How far back a defective device looks for the device it collides with. */
const PARTNER_LOOKBACK = 64;

/** The defect device `index` is meant to have, if any (at most one per device). */
export function drawDefect(plan: FleetPlan, index: number): DefectKind | null {
  const { emptySerial, duplicateSerial, reEnrollment } = plan.defects;
  if (emptySerial + duplicateSerial + reEnrollment === 0) return null;
  const draw = new DeviceRandom(plan.seed, index, 'defect').next();
  if (draw < emptySerial) return 'emptySerial';
  if (draw < emptySerial + duplicateSerial) return 'duplicateSerial';
  if (draw < emptySerial + duplicateSerial + reEnrollment) return 'reEnrollment';
  return null;
}

const reportsSerial = (profile: DeviceProfile) =>
  platformReports(profile.platform, profile.enrollmentType, 'serialNumber', profile.osVersion);

/**
 * Device `index` with its defect applied. A defect that cannot apply is left out: a device that
 * reports no serial cannot report an empty or duplicate one, and the first device has no earlier
 * device to collide with. Partners are earlier devices without a defect of their own, so that what
 * the defect shares is exactly what the partner reports.
 */
export function generateWithDefects(plan: FleetPlan, index: number): SimulatedDevice {
  const defect = drawDefect(plan, index);
  if (defect === 'reEnrollment') {
    const original = findPartner(plan, index, () => true);
    if (original !== null) return reEnrollment(plan, index, original);
  }
  const profile = drawProfile(plan, index);
  const device = buildDevice(plan, profile);
  if (defect === 'emptySerial' && device.hardware.serialNumber !== undefined) {
    device.hardware.serialNumber = '';
    device.defects.push({ kind: 'emptySerial' });
  }
  if (defect === 'duplicateSerial' && device.hardware.serialNumber !== undefined) {
    const partner = findPartner(
      plan,
      index,
      (candidate) =>
        candidate.model.manufacturer === profile.model.manufacturer && reportsSerial(candidate),
    );
    if (partner !== null) {
      device.hardware.serialNumber = buildDevice(plan, partner).hardware.serialNumber;
      device.defects.push({ kind: 'duplicateSerial', sharedWith: partner.index });
    }
  }
  return device;
}

function findPartner(
  plan: FleetPlan,
  index: number,
  fits: (candidate: DeviceProfile) => boolean,
): DeviceProfile | null {
  const random = new DeviceRandom(plan.seed, index, 'defectPartner');
  const start = index - 1 - random.int(0, Math.min(index, PARTNER_LOOKBACK) - 1);
  for (let candidate = start; candidate >= 0 && candidate > start - PARTNER_LOOKBACK; candidate--) {
    if (drawDefect(plan, candidate) !== null) continue;
    const profile = drawProfile(plan, candidate);
    if (fits(profile)) return profile;
  }
  return null;
}

/**
 * The hardware of an earlier device enrolling again after a wipe: the same serial, IMEIs, UDID,
 * MACs, SIM and phone number; a new Android id (it changes on factory reset) and Windows device id
 * (a new Entra registration), a fresh app inventory, and usually the same user (sometimes the
 * device was handed to someone else).
 */
function reEnrollment(plan: FleetPlan, index: number, original: DeviceProfile): SimulatedDevice {
  const random = new DeviceRandom(plan.seed, index, 'reEnrollment');
  const before = buildDevice(plan, original);
  const user = random.chance(0.7) ? original.user : plan.users.userOf(index);
  const profile: DeviceProfile = { ...original, index, user };
  const hardware = { ...before.hardware };
  hardware.deviceName = deviceName(profile, plan.tenant, random);
  hardware.ipAddress = privateIpAddress(
    profile.network,
    random.pick(COUNTRY_PROFILES[user.country].officeSites),
    random,
  );
  if (hardware.totalStorageSpaceInBytes !== undefined) {
    hardware.freeStorageSpaceInBytes = Math.round(
      hardware.totalStorageSpaceInBytes * random.between(0.6, 0.85),
    );
  }
  if (hardware.androidId !== undefined) hardware.androidId = androidId(random);
  if (hardware.windowsDeviceId !== undefined) hardware.windowsDeviceId = uuid(random);
  if (hardware.appleId !== undefined)
    hardware.appleId = `${user.userPrincipalName.split('@')[0]}@appleid.${plan.tenant.domain}`;
  const context = inventoryContext(profile);
  const size =
    context.workProfile || context.rugged ? plan.appsPerFocusedDevice : plan.appsPerDevice;
  return {
    ...before,
    index,
    country: user.country,
    user: enrollmentUser(user),
    hardware,
    apps: drawInventory(
      plan.apps(profile.platform),
      context,
      size,
      new DeviceRandom(plan.seed, index, 'apps'),
    ),
    defects: [{ kind: 'reEnrollment', of: original.index }],
  };
}
