import { EnrollmentType } from './enrollment-types';
import { Platform } from './vocabulary';

/**
 * Which hardware-inventory fields each platform really has (docs/collection-rules.md, "Hardware"). A field a
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

/**
 * An enrollment type under which the platform withholds a field, from an Android major version on
 * (`fromAndroid`) or always. A device that reports no OS version is held to the restriction: in
 * doubt, less is kept.
 */
interface Restriction {
  types: readonly EnrollmentType[];
  fromAndroid?: number;
  because: string;
}

type Availability = { has: false; because: string } | { has: true; unless: readonly Restriction[] };

const yes: Availability = { has: true, unless: [] };
const no = (because: string): Availability => ({ has: false, because });
const unless = (...restrictions: Restriction[]): Availability => ({
  has: true,
  unless: restrictions,
});

/** Apple's DeviceInformation schema marks these keys `userenrollment: forbidden` (docs/collection-rules.md). */
const USER_ENROLLMENT = 'is not available under Apple User Enrollment';
const APPLE_USER_ENROLLMENT: Restriction = {
  types: ['appleUserEnrollment'],
  because: USER_ENROLLMENT,
};
const ANDROID_PERSONAL = 'is not available on personally-owned Android enrollments';
/** Android 12: a personally-owned work profile gets an enrollment-specific id instead. */
const PERSONAL_WORK_PROFILE_FROM_12: Restriction = {
  types: ['androidPersonalWorkProfile'],
  fromAndroid: 12,
  because: 'is not available in a personally-owned work profile on Android 12 or later',
};
/** Android 10: non-resettable identifiers only for device owners and profile owners. */
const DEVICE_ADMINISTRATOR_FROM_10: Restriction = {
  types: ['androidDeviceAdministrator'],
  fromAndroid: 10,
  because: 'is not available to a device administrator on Android 10 or later',
};
/** Android 9: the factory Wi-Fi MAC only for a device owner (or a profile owner of a company device). */
const PERSONAL_WIFI_MAC_FROM_9: Restriction = {
  types: ['androidPersonalWorkProfile', 'androidDeviceAdministrator'],
  fromAndroid: 9,
  because: 'is not available on personally-owned Android enrollments from Android 9',
};
const PERSONAL_SIM: Restriction = {
  types: ['androidPersonalWorkProfile', 'androidDeviceAdministrator'],
  because: ANDROID_PERSONAL,
};

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

const androidHardwareId = unless(PERSONAL_WORK_PROFILE_FROM_12, DEVICE_ADMINISTRATOR_FROM_10);
const appleUserEnrollmentHides = unless(APPLE_USER_ENROLLMENT);

const AVAILABILITY: Record<Platform, Record<HardwareField, Availability>> = {
  ios: {
    ...common,
    serialNumber: appleUserEnrollmentHides,
    imei: appleUserEnrollmentHides,
    imei2: appleUserEnrollmentHides,
    meid: appleUserEnrollmentHides,
    iccid: appleUserEnrollmentHides,
    eid: appleUserEnrollmentHides,
    udid: appleUserEnrollmentHides,
    wiFiMacAddress: appleUserEnrollmentHides,
    ethernetMacAddress: no('does not exist on iOS/iPadOS'),
    phoneNumber: appleUserEnrollmentHides,
    subscriberCarrier: appleUserEnrollmentHides,
    appleId: yes,
    androidId: no('exists only on Android'),
    windowsDeviceId: no('exists only on Windows'),
  },
  android: {
    ...common,
    serialNumber: androidHardwareId,
    imei: androidHardwareId,
    imei2: androidHardwareId,
    meid: androidHardwareId,
    iccid: unless(PERSONAL_SIM),
    eid: unless(PERSONAL_SIM),
    udid: no('exists only on Apple devices'),
    wiFiMacAddress: unless(PERSONAL_WIFI_MAC_FROM_9),
    ethernetMacAddress: no('is not reported by Android'),
    phoneNumber: yes,
    subscriberCarrier: yes,
    appleId: no('exists only on Apple devices'),
    androidId: yes,
    windowsDeviceId: no('exists only on Windows'),
  },
  macos: {
    ...common,
    serialNumber: appleUserEnrollmentHides,
    imei: no('does not exist on macOS'),
    imei2: no('does not exist on macOS'),
    meid: no('does not exist on macOS'),
    iccid: no('does not exist on macOS'),
    eid: no('does not exist on macOS'),
    udid: appleUserEnrollmentHides,
    wiFiMacAddress: appleUserEnrollmentHides,
    ethernetMacAddress: appleUserEnrollmentHides,
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

/** The major version of an OS version string, or null when there is none to read. */
export function osMajorVersion(osVersion: string | null | undefined): number | null {
  const major = osVersion ? Number.parseInt(osVersion, 10) : Number.NaN;
  return Number.isFinite(major) ? major : null;
}

function applies(restriction: Restriction, enrollmentType: EnrollmentType, major: number | null) {
  if (!restriction.types.includes(enrollmentType)) return false;
  if (restriction.fromAndroid === undefined) return true;
  return major === null || major >= restriction.fromAndroid;
}

/** Why `field` cannot come from this platform and enrollment type, or null when it can. */
export function fieldNotOnPlatform(
  platform: Platform,
  enrollmentType: EnrollmentType,
  field: HardwareField,
  osVersion?: string | null,
): FieldNotOnPlatform | null {
  const availability = AVAILABILITY[platform][field];
  if (availability.has === false) return { field, problem: `${field} ${availability.because}` };
  const major = osMajorVersion(osVersion);
  const restriction = availability.unless.find((r) => applies(r, enrollmentType, major));
  return restriction ? { field, problem: `${field} ${restriction.because}` } : null;
}

/** Whether a field is withheld because of Apple User Enrollment (rather than the platform itself). */
export function hiddenByUserEnrollment(
  platform: Platform,
  enrollmentType: EnrollmentType,
  field: HardwareField,
): boolean {
  const availability = AVAILABILITY[platform][field];
  return (
    availability.has === true &&
    availability.unless.some((r) => r === APPLE_USER_ENROLLMENT && applies(r, enrollmentType, null))
  );
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
