import type { GraphManagedDevice } from '../../graph/managed-devices/managed-device';

/** The columns of the device CSV export, in order: Graph property names as the header. */
export const DEVICE_CSV_COLUMNS = [
  'id',
  'deviceName',
  'operatingSystem',
  'osVersion',
  'managedDeviceOwnerType',
  'complianceState',
  'managementState',
  'userPrincipalName',
  'userDisplayName',
  'serialNumber',
  'imei',
  'manufacturer',
  'model',
  'phoneNumber',
  'enrolledDateTime',
  'lastSyncDateTime',
] as const satisfies readonly (keyof GraphManagedDevice)[];

/**
 * One CSV field (RFC 4180). A value a spreadsheet would run as a formula (= + - @, tab, CR) gets a
 * leading apostrophe: device names and UPNs come from devices, not from the admin.
 */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: readonly unknown[]): string =>
  `${values.map(csvField).join(',')}\r\n`;

export const deviceCsvLine = (device: GraphManagedDevice): string =>
  csvLine(DEVICE_CSV_COLUMNS.map((column) => device[column]));
