import { HARDWARE_FIELDS, HardwareField, Ownership, phoneNumberToStore, Platform } from '../rules';
import { invalidRequest } from '../platform/http/graph-error';
import {
  checkAndroidId,
  checkE164PhoneNumber,
  checkEid,
  checkIccid,
  checkImei,
  checkIpAddress,
  checkMacAddress,
  checkMeid,
  checkSerialNumber,
  checkUdid,
  checkWindowsDeviceId,
  IdentifierCheck,
} from '../rules/identifiers';

/** Storage column of each hardware field (phoneNumber is split by the collection rules, see below). */
export const HARDWARE_COLUMNS: Record<Exclude<HardwareField, 'phoneNumber'>, string> = {
  deviceName: 'device_name',
  manufacturer: 'manufacturer',
  model: 'model',
  osVersion: 'os_version',
  serialNumber: 'serial_number',
  imei: 'imei',
  imei2: 'imei2',
  meid: 'meid',
  iccid: 'iccid',
  eid: 'eid',
  udid: 'udid',
  wiFiMacAddress: 'wifi_mac',
  ethernetMacAddress: 'ethernet_mac',
  subscriberCarrier: 'subscriber_carrier',
  ipAddress: 'ip_address',
  totalStorageSpaceInBytes: 'total_storage_bytes',
  freeStorageSpaceInBytes: 'free_storage_bytes',
  physicalMemoryInBytes: 'physical_memory_bytes',
  appleId: 'apple_id',
  androidId: 'android_id',
  windowsDeviceId: 'windows_device_id',
};

type Canonicaliser = (platform: Platform, raw: string) => IdentifierCheck;
const same: Canonicaliser = (_platform, raw) => ({ ok: true, value: raw.trim() });

const CANONICAL: Partial<Record<HardwareField, Canonicaliser>> = {
  serialNumber: (platform, raw) => checkSerialNumber(platform, raw),
  // Other platforms have no UDID: the collection rules refuse it, naming the field.
  udid: (platform, raw) =>
    platform === 'ios' || platform === 'macos' ? checkUdid(platform, raw) : same(platform, raw),
  imei: (_p, raw) => checkImei(raw),
  imei2: (_p, raw) => checkImei(raw),
  meid: (_p, raw) => checkMeid(raw),
  iccid: (_p, raw) => checkIccid(raw),
  eid: (_p, raw) => checkEid(raw),
  wiFiMacAddress: (_p, raw) => checkMacAddress(raw),
  ethernetMacAddress: (_p, raw) => checkMacAddress(raw),
  phoneNumber: (_p, raw) => checkE164PhoneNumber(raw),
  ipAddress: (_p, raw) => checkIpAddress(raw),
  androidId: (_p, raw) => checkAndroidId(raw),
  windowsDeviceId: (_p, raw) => checkWindowsDeviceId(raw),
};

export type HardwareValues = Partial<Record<HardwareField, string | number | null>>;

/**
 * The reported fields in canonical form (`null` = the device says the field is gone). Formats that
 * depend on the platform (serials, UDIDs) are checked here; a bad one is a 400 naming the field.
 */
export function canonicalHardware(
  platform: Platform,
  reported: object,
  pathPrefix = 'hardware',
): HardwareValues {
  const values: HardwareValues = {};
  const source = reported as Record<string, unknown>;
  for (const field of HARDWARE_FIELDS) {
    const raw = source[field];
    if (raw === undefined) continue;
    if (raw === null || typeof raw === 'number') {
      values[field] = raw;
      continue;
    }
    if (field === 'serialNumber' && String(raw).trim() === '') {
      values[field] = null;
      continue;
    }
    const result = (CANONICAL[field] ?? same)(platform, String(raw));
    if (!result.ok)
      throw invalidRequest(
        `${pathPrefix}.${field}`,
        `Invalid field '${pathPrefix}.${field}': ${result.problem}.`,
      );
    values[field] = result.value;
  }
  const total = values.totalStorageSpaceInBytes;
  const free = values.freeStorageSpaceInBytes;
  if (typeof total === 'number' && typeof free === 'number' && free > total) {
    throw invalidRequest(
      `${pathPrefix}.freeStorageSpaceInBytes`,
      `Invalid field '${pathPrefix}.freeStorageSpaceInBytes': must not exceed totalStorageSpaceInBytes.`,
    );
  }
  return values;
}

/**
 * Column values to store for the given hardware values. The phone number follows the collection
 * rules: the full number only for corporate devices, else its last four digits.
 */
export function hardwareColumns(
  values: HardwareValues,
  ownership: Ownership,
): Record<string, string | number | null> {
  const columns: Record<string, string | number | null> = {};
  for (const [field, value] of Object.entries(values) as [
    HardwareField,
    string | number | null,
  ][]) {
    if (field === 'phoneNumber') {
      const stored = value === null ? null : phoneNumberToStore(ownership, String(value));
      columns.phone_number = stored?.full ?? null;
      columns.phone_number_last4 = stored?.last4 ?? null;
    } else {
      columns[HARDWARE_COLUMNS[field]] = value;
    }
  }
  return columns;
}

/** The storage columns one hardware field is kept in. */
export function columnsOfHardwareField(field: HardwareField): string[] {
  return field === 'phoneNumber'
    ? ['phone_number', 'phone_number_last4']
    : [HARDWARE_COLUMNS[field]];
}
