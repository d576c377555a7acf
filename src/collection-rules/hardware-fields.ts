import { EnrollmentType } from './enrollment-types';
import { Platform } from './vocabulary';

/**
 * Which hardware-inventory fields each platform really has (COLLECTION-RULES.md §3). A field a
 * platform cannot have is refused (400), so a misbehaving client cannot smuggle in identifiers that
 * the real platform would never expose for that kind of enrollment.
 */
export const HARDWARE_FIELDS = [
  'deviceName',
  'manufacturer',
  'model',
  'osVersion',
  'serialNumber',
  'imei',
  'imei2',
  'meid',
  'iccid',
  'eid',
  'udid',
  'wiFiMacAddress',
  'ethernetMacAddress',
  'phoneNumber',
  'subscriberCarrier',
  'ipAddress',
  'totalStorageSpaceInBytes',
  'freeStorageSpaceInBytes',
  'physicalMemoryInBytes',
  'appleId',
  'androidId',
  'windowsDeviceId',
] as const;
export type HardwareField = (typeof HARDWARE_FIELDS)[number];

/** Fields every platform must report at enrollment. */
export const REQUIRED_AT_ENROLLMENT: readonly HardwareField[] = [
  'deviceName',
  'manufacturer',
  'model',
  'osVersion',
];

type Availability =
  | { has: true }
  | { has: false; because: string }
  | { has: 'unlessEnrolledAs'; types: readonly EnrollmentType[]; because: string };

const yes: Availability = { has: true };
const no = (because: string): Availability => ({ has: false, because });
const unless = (types: readonly EnrollmentType[], because: string): Availability => ({
  has: 'unlessEnrolledAs',
  types,
  because,
});

const USER_ENROLLMENT = 'is not available under Apple User Enrollment';
const ANDROID_PERSONAL = 'is not available on personally-owned Android enrollments';
const common = {
  deviceName: yes,
  manufacturer: yes,
  model: yes,
  osVersion: yes,
  ipAddress: yes,
  totalStorageSpaceInBytes: yes,
  freeStorageSpaceInBytes: yes,
  physicalMemoryInBytes: yes,
} as const;

const AVAILABILITY: Record<Platform, Record<HardwareField, Availability>> = {
  ios: {
    ...common,
    serialNumber: unless(['appleUserEnrollment'], USER_ENROLLMENT),
    imei: unless(['appleUserEnrollment'], USER_ENROLLMENT),
    imei2: unless(['appleUserEnrollment'], USER_ENROLLMENT),
    meid: unless(['appleUserEnrollment'], USER_ENROLLMENT),
    iccid: yes,
    eid: yes,
    udid: unless(['appleUserEnrollment'], USER_ENROLLMENT),
    wiFiMacAddress: yes,
    ethernetMacAddress: no('does not exist on iOS/iPadOS'),
    phoneNumber: yes,
    subscriberCarrier: yes,
    appleId: yes,
    androidId: no('exists only on Android'),
    windowsDeviceId: no('exists only on Windows'),
  },
  android: {
    ...common,
    serialNumber: yes,
    imei: yes,
    imei2: yes,
    meid: yes,
    iccid: unless(['androidPersonalWorkProfile', 'androidDeviceAdministrator'], ANDROID_PERSONAL),
    eid: unless(['androidPersonalWorkProfile', 'androidDeviceAdministrator'], ANDROID_PERSONAL),
    udid: no('exists only on Apple devices'),
    wiFiMacAddress: unless(
      ['androidPersonalWorkProfile', 'androidDeviceAdministrator'],
      ANDROID_PERSONAL,
    ),
    ethernetMacAddress: no('is not reported by Android'),
    phoneNumber: yes,
    subscriberCarrier: yes,
    appleId: no('exists only on Apple devices'),
    androidId: yes,
    windowsDeviceId: no('exists only on Windows'),
  },
  macos: {
    ...common,
    serialNumber: unless(['appleUserEnrollment'], USER_ENROLLMENT),
    imei: no('does not exist on macOS'),
    imei2: no('does not exist on macOS'),
    meid: no('does not exist on macOS'),
    iccid: no('does not exist on macOS'),
    eid: no('does not exist on macOS'),
    udid: unless(['appleUserEnrollment'], USER_ENROLLMENT),
    wiFiMacAddress: yes,
    ethernetMacAddress: yes,
    phoneNumber: no('does not exist on macOS'),
    subscriberCarrier: no('does not exist on macOS'),
    appleId: no('is reported only by iOS/iPadOS'),
    androidId: no('exists only on Android'),
    windowsDeviceId: no('exists only on Windows'),
  },
  windows: {
    ...common,
    serialNumber: yes,
    imei: yes,
    imei2: yes,
    meid: yes,
    iccid: yes,
    eid: yes,
    udid: no('exists only on Apple devices'),
    wiFiMacAddress: yes,
    ethernetMacAddress: yes,
    phoneNumber: yes,
    subscriberCarrier: yes,
    appleId: no('exists only on Apple devices'),
    androidId: no('exists only on Android'),
    windowsDeviceId: yes,
  },
};

export interface FieldNotOnPlatform {
  field: HardwareField;
  /** e.g. "imei does not exist on macOS". */
  problem: string;
}

/** The Android major version from which a personally-owned work profile cannot read the serial. */
const ANDROID_PERSONAL_SERIAL_HIDDEN_FROM = 12;

/** Why `field` cannot come from this platform and enrollment type, or null when it can. */
export function fieldNotOnPlatform(
  platform: Platform,
  enrollmentType: EnrollmentType,
  field: HardwareField,
  osVersion?: string | null,
): FieldNotOnPlatform | null {
  if (
    platform === 'android' &&
    field === 'serialNumber' &&
    enrollmentType === 'androidPersonalWorkProfile' &&
    osVersion &&
    Number.parseInt(osVersion, 10) >= ANDROID_PERSONAL_SERIAL_HIDDEN_FROM
  ) {
    return {
      field,
      problem: `${field} is not available in a personally-owned work profile on Android 12 or later`,
    };
  }
  const availability = AVAILABILITY[platform][field];
  if (availability.has === true) return null;
  if (availability.has === false) return { field, problem: `${field} ${availability.because}` };
  return availability.types.includes(enrollmentType)
    ? { field, problem: `${field} ${availability.because}` }
    : null;
}

/** The first reported field that the device's platform and enrollment type cannot have. */
export function findFieldNotOnPlatform(
  platform: Platform,
  enrollmentType: EnrollmentType,
  reported: Partial<Record<HardwareField, unknown>>,
  osVersion?: string | null,
): FieldNotOnPlatform | null {
  for (const field of HARDWARE_FIELDS) {
    const value = reported[field];
    if (value === undefined || value === null) continue;
    const problem = fieldNotOnPlatform(platform, enrollmentType, field, osVersion);
    if (problem) return problem;
  }
  return null;
}
