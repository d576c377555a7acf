import { EnrollmentType, Platform } from '../../src/rules';
import { luhnCheckDigit } from '../../src/rules/identifiers';

/**
 * Enrollment payloads with unique, valid identifiers for end-to-end tests. Each call yields a new
 * device; identifiers derive from a counter so failures are reproducible.
 */
let counter = 0;

const digits = (n: number, width: number) => String(n).padStart(width, '0').slice(-width);
const hex = (n: number, width: number) =>
  n.toString(16).toUpperCase().padStart(width, '0').slice(-width);

export const imeiFor = (n: number) => {
  const payload = `35${digits(n, 12)}`;
  return payload + luhnCheckDigit(payload);
};
export const iccidFor = (n: number) => {
  const payload = `894601${digits(n, 12)}`;
  return payload + luhnCheckDigit(payload);
};
export const phoneFor = (n: number) => `+4670${digits(n, 7)}`;

export interface EnrollmentPayload {
  platform: Platform;
  enrollmentType: EnrollmentType;
  user?: { userPrincipalName: string; displayName?: string; emailAddress?: string };
  hardware: Record<string, string | number>;
}

const CORPORATE: Record<Platform, EnrollmentType> = {
  ios: 'automatedDeviceEnrollment',
  android: 'androidFullyManaged',
  macos: 'automatedDeviceEnrollment',
  windows: 'windowsAutopilot',
};
const PERSONAL: Record<Platform, EnrollmentType> = {
  ios: 'companyPortal',
  android: 'androidDeviceAdministrator',
  macos: 'companyPortal',
  windows: 'windowsAddWorkAccount',
};

export function deviceFixture(
  platform: Platform,
  options: { ownership?: 'corporate' | 'personal'; enrollmentType?: EnrollmentType } = {},
): EnrollmentPayload {
  const n = ++counter + process.pid * 1000;
  const enrollmentType =
    options.enrollmentType ?? (options.ownership === 'personal' ? PERSONAL : CORPORATE)[platform];
  const user = {
    userPrincipalName: `user${n}@contoso.example`,
    displayName: `Test User ${n}`,
    emailAddress: `user${n}@contoso.example`,
  };
  const common = {
    deviceName: `${platform}-device-${n}`,
    ipAddress: `10.${n % 250}.${(n >> 8) % 250}.7`,
  };
  const hardware: Record<Platform, Record<string, string | number>> = {
    ios: {
      ...common,
      manufacturer: 'Apple',
      model: 'iPhone 15',
      osVersion: '17.4.1',
      serialNumber: `F${digits(n, 11)}`,
      imei: imeiFor(n),
      iccid: iccidFor(n),
      udid: `00008030-${hex(n, 16)}`,
      wiFiMacAddress: `A483E7${hex(n, 6)}`,
      phoneNumber: phoneFor(n),
      subscriberCarrier: 'Telia',
      totalStorageSpaceInBytes: 128e9,
      freeStorageSpaceInBytes: 40e9,
    },
    android: {
      ...common,
      manufacturer: 'Samsung',
      model: 'Galaxy S24',
      osVersion: '14',
      serialNumber: `R58N${digits(n, 7)}`,
      imei: imeiFor(n),
      wiFiMacAddress: `5C497D${hex(n, 6)}`,
      phoneNumber: phoneFor(n),
      subscriberCarrier: 'Tele2',
      androidId: hex(n, 16).toLowerCase(),
      totalStorageSpaceInBytes: 256e9,
      freeStorageSpaceInBytes: 100e9,
    },
    macos: {
      ...common,
      manufacturer: 'Apple',
      model: 'MacBook Air (M2, 2022)',
      osVersion: '14.4',
      serialNumber: `C02${digits(n, 9)}`,
      udid: `6A1F3C2E-9B4D-4E8A-A1B2-${hex(n, 12)}`,
      wiFiMacAddress: `F01898${hex(n, 6)}`,
      ethernetMacAddress: `F01899${hex(n, 6)}`,
      totalStorageSpaceInBytes: 512e9,
      freeStorageSpaceInBytes: 200e9,
      physicalMemoryInBytes: 16 * 2 ** 30,
    },
    windows: {
      ...common,
      manufacturer: 'Dell Inc.',
      model: 'Latitude 7440',
      osVersion: '10.0.22631.3447',
      serialNumber: `D${digits(n, 7)}`,
      wiFiMacAddress: `D4BED9${hex(n, 6)}`,
      ethernetMacAddress: `D4BEDA${hex(n, 6)}`,
      windowsDeviceId: `6a1f3c2e-9b4d-4e8a-a1b2-${hex(n, 12).toLowerCase()}`,
      totalStorageSpaceInBytes: 512e9,
      freeStorageSpaceInBytes: 300e9,
      physicalMemoryInBytes: 32 * 2 ** 30,
    },
  };
  // Android 14 keeps the hardware identifiers and the Wi-Fi MAC from personal enrollments
  // (docs/collection-rules.md "Hardware").
  if (
    enrollmentType === 'androidDeviceAdministrator' ||
    enrollmentType === 'androidPersonalWorkProfile'
  ) {
    for (const field of ['wiFiMacAddress', 'serialNumber', 'imei', 'imei2', 'meid']) {
      delete hardware.android[field];
    }
  }
  // Apple User Enrollment withholds the device's identifiers, SIM, phone number, carrier and MACs.
  if (enrollmentType === 'appleUserEnrollment') {
    for (const field of [
      'serialNumber',
      'imei',
      'udid',
      'iccid',
      'phoneNumber',
      'subscriberCarrier',
      'wiFiMacAddress',
      'ethernetMacAddress',
    ]) {
      delete hardware[platform][field];
    }
  }
  return { platform, enrollmentType, user, hardware: hardware[platform] };
}

export interface AppFixture {
  appId: string;
  displayName: string;
  version: string;
  publisher?: string;
  sizeInBytes?: number;
}

/** `count` apps with ids `${prefix}.app{i}`, e.g. a 60-app inventory. */
export function appsFixture(prefix: string, count: number, version = '1.0'): AppFixture[] {
  return Array.from({ length: count }, (_, i) => ({
    appId: `${prefix}.app${i}`,
    displayName: `${prefix} App ${i}`,
    version,
    publisher: 'Fixture Publisher',
    sizeInBytes: 1_000_000 + i,
  }));
}

/** The hardware values of an enrollment that identify its device or its user. */
export function identifyingHardwareValues(payload: EnrollmentPayload): string[] {
  const fields = [
    'deviceName',
    'serialNumber',
    'imei',
    'iccid',
    'udid',
    'wiFiMacAddress',
    'ethernetMacAddress',
    'phoneNumber',
    'ipAddress',
    'androidId',
    'windowsDeviceId',
  ];
  return fields
    .map((field) => payload.hardware[field])
    .filter((value): value is string => typeof value === 'string');
}
