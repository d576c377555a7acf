import {
  checkAndroidId,
  checkE164PhoneNumber,
  checkEid,
  checkIccid,
  checkImei,
  checkMacAddress,
  checkMeid,
  checkSerialNumber,
  checkUdid,
  checkWindowsDeviceId,
  IdentifierCheck,
} from '../../src/rules/identifiers';
import { HardwareInventory, SimulatedDevice } from '../../simulators/fleet/device-profile';

/** Test helpers: what the server would say about a device's identifiers. */

export type IdentifierKind =
  | 'serialNumber'
  | 'imei'
  | 'meid'
  | 'iccid'
  | 'eid'
  | 'udid'
  | 'mac'
  | 'phoneNumber'
  | 'androidId'
  | 'windowsDeviceId';

/** Every identifier the device reports, checked by the server's own validators. */
export function checkedIdentifiers(
  device: SimulatedDevice,
): { field: keyof HardwareInventory; kind: IdentifierKind; check: IdentifierCheck }[] {
  const h = device.hardware;
  const checks: { field: keyof HardwareInventory; kind: IdentifierKind; check: IdentifierCheck }[] =
    [];
  const add = (
    field: keyof HardwareInventory,
    kind: IdentifierKind,
    check: (value: string) => IdentifierCheck,
  ) => {
    const value = h[field];
    if (typeof value === 'string') checks.push({ field, kind, check: check(value) });
  };
  add('serialNumber', 'serialNumber', (v) => checkSerialNumber(device.platform, v));
  add('imei', 'imei', checkImei);
  add('imei2', 'imei', checkImei);
  add('meid', 'meid', checkMeid);
  add('iccid', 'iccid', checkIccid);
  add('eid', 'eid', checkEid);
  if (device.platform === 'ios' || device.platform === 'macos') {
    const platform = device.platform;
    add('udid', 'udid', (v) => checkUdid(platform, v));
  }
  add('wiFiMacAddress', 'mac', checkMacAddress);
  add('ethernetMacAddress', 'mac', checkMacAddress);
  add('phoneNumber', 'phoneNumber', checkE164PhoneNumber);
  add('androidId', 'androidId', checkAndroidId);
  add('windowsDeviceId', 'windowsDeviceId', checkWindowsDeviceId);
  return checks;
}

/** Identifiers in the server's canonical form, as "kind:value" keys. */
export function canonicalIdentifiers(device: SimulatedDevice): string[] {
  return checkedIdentifiers(device).flatMap(({ kind, check }) =>
    check.ok ? [`${kind}:${check.value}`] : [],
  );
}

/** Keys that occur on more than one device, with the devices' indices. */
export function sharedIdentifiers(devices: readonly SimulatedDevice[]): Map<string, number[]> {
  const owners = new Map<string, number[]>();
  for (const device of devices) {
    for (const key of canonicalIdentifiers(device))
      owners.set(key, [...(owners.get(key) ?? []), device.index]);
  }
  return new Map([...owners].filter(([, indices]) => indices.length > 1));
}
