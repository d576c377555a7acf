import {
  ENROLLMENT_TYPE_PLATFORMS,
  EnrollmentType,
  HARDWARE_FIELDS,
  HardwareField,
  Platform,
  PLATFORMS,
} from '../../src/device-channel/contract/wire-vocabulary';

/**
 * The collection matrix: what the server keeps of each data category, per platform and enrollment
 * type, transcribed by hand from the sources below — not computed by the server's rules, so that it
 * can tell when they are wrong. It drives the HTTP matrix test (collection-matrix.e2e-spec.ts) and
 * the table of docs/collection-rules.md (collection-rules-doc.spec.ts fails when they differ).
 */

export const SOURCES = {
  apple:
    "Apple's DeviceInformation schema (apple/device-management, mdm/commands/information.device.yaml): keys marked `userenrollment: forbidden`",
  appleApps:
    "Apple's InstalledApplicationList (apple/device-management, mdm/commands/application.installed.list.yaml): macOS `userenrollment: forbidden`",
  android10:
    'Android 10 privacy changes: IMEI, MEID and serial number only for a device owner or profile owner (a device administrator is neither)',
  android12:
    'Android 12 work profile changes: a personally-owned work profile gets an enrollment-specific ID instead of IMEI, MEID and serial number',
  androidMac:
    'Android 9+: DevicePolicyManager.getWifiMacAddress only for a device owner (or the profile owner of an organisation-owned device)',
  androidSim:
    'Android: ICCID and EID need privileged phone state, which personally-owned enrollments do not get',
  windows: 'Windows DevDetail, DevInfo and DeviceStatus CSPs: the PC reports what it has',
  hardware: 'The platform has no such component or identifier',
  intuneSee:
    'Intune, "What can my organization see" (Company Portal): on personal devices the last four digits of the phone number, no personal apps, no location',
  intuneOwnership:
    'Intune: ownership follows the enrollment type; corporate identifiers make a device corporate; Entra-joined Windows is corporate, Entra-registered personal',
  graphConfig:
    'Microsoft Graph: compliantAppsList/compliantAppListType exist on iosGeneralDeviceConfiguration, androidGeneralDeviceConfiguration and macOSGeneralDeviceConfiguration, not on Windows',
  seed: 'Intune, "Data collection in Intune" (the project seed): app inventory only from devices marked corporate or with the compliant-app feature on',
} as const;
export type Source = keyof typeof SOURCES;

/** An enrollment type under which a field is refused, from an Android major version on or always. */
export interface Refusal {
  types: readonly EnrollmentType[];
  fromAndroid?: number;
  /** What the 400's message says after the field name. */
  because: string;
  source: Source;
}

export type FieldCell =
  | { kept: true; source: Source; unless?: readonly Refusal[] }
  | { kept: false; because: string; source: Source };

const kept = (source: Source, ...unless: Refusal[]): FieldCell => ({ kept: true, source, unless });
const absent = (because: string): FieldCell => ({ kept: false, because, source: 'hardware' });

const UE = 'is not available under Apple User Enrollment';
const userEnrollment: Refusal = { types: ['appleUserEnrollment'], because: UE, source: 'apple' };
const personalWorkProfile12: Refusal = {
  types: ['androidPersonalWorkProfile'],
  fromAndroid: 12,
  because: 'is not available in a personally-owned work profile on Android 12 or later',
  source: 'android12',
};
const deviceAdministrator10: Refusal = {
  types: ['androidDeviceAdministrator'],
  fromAndroid: 10,
  because: 'is not available to a device administrator on Android 10 or later',
  source: 'android10',
};
const personalWifiMac9: Refusal = {
  types: ['androidPersonalWorkProfile', 'androidDeviceAdministrator'],
  fromAndroid: 9,
  because: 'is not available on personally-owned Android enrollments from Android 9',
  source: 'androidMac',
};
const personalSim: Refusal = {
  types: ['androidPersonalWorkProfile', 'androidDeviceAdministrator'],
  because: 'is not available on personally-owned Android enrollments',
  source: 'androidSim',
};

const everywhere = (source: Source): Record<Platform, FieldCell> => ({
  ios: kept(source),
  android: kept(source),
  macos: kept(source),
  windows: kept(source),
});

export const HARDWARE_MATRIX: Record<HardwareField, Record<Platform, FieldCell>> = {
  deviceName: everywhere('seed'),
  manufacturer: everywhere('seed'),
  model: everywhere('seed'),
  osVersion: everywhere('seed'),
  serialNumber: {
    ios: kept('apple', userEnrollment),
    android: kept('android12', personalWorkProfile12, deviceAdministrator10),
    macos: kept('apple', userEnrollment),
    windows: kept('windows'),
  },
  imei: {
    ios: kept('apple', userEnrollment),
    android: kept('android12', personalWorkProfile12, deviceAdministrator10),
    macos: absent('does not exist on macOS'),
    windows: kept('windows'),
  },
  imei2: {
    ios: kept('apple', userEnrollment),
    android: kept('android12', personalWorkProfile12, deviceAdministrator10),
    macos: absent('does not exist on macOS'),
    windows: kept('windows'),
  },
  meid: {
    ios: kept('apple', userEnrollment),
    android: kept('android12', personalWorkProfile12, deviceAdministrator10),
    macos: absent('does not exist on macOS'),
    windows: kept('windows'),
  },
  iccid: {
    ios: kept('apple', userEnrollment),
    android: kept('androidSim', personalSim),
    macos: absent('does not exist on macOS'),
    windows: kept('windows'),
  },
  eid: {
    ios: kept('apple', userEnrollment),
    android: kept('androidSim', personalSim),
    macos: absent('does not exist on macOS'),
    windows: kept('windows'),
  },
  udid: {
    ios: kept('apple', userEnrollment),
    android: absent('exists only on Apple devices'),
    macos: kept('apple', userEnrollment),
    windows: absent('exists only on Apple devices'),
  },
  wiFiMacAddress: {
    ios: kept('apple', userEnrollment),
    android: kept('androidMac', personalWifiMac9),
    macos: kept('apple', userEnrollment),
    windows: kept('windows'),
  },
  ethernetMacAddress: {
    ios: absent('does not exist on iOS/iPadOS'),
    android: absent('is not reported by Android'),
    macos: kept('apple', userEnrollment),
    windows: kept('windows'),
  },
  phoneNumber: {
    ios: kept('apple', userEnrollment),
    android: kept('intuneSee'),
    macos: absent('does not exist on macOS'),
    windows: kept('windows'),
  },
  subscriberCarrier: {
    ios: kept('apple', userEnrollment),
    android: kept('seed'),
    macos: absent('does not exist on macOS'),
    windows: kept('windows'),
  },
  ipAddress: everywhere('seed'),
  totalStorageSpaceInBytes: everywhere('seed'),
  freeStorageSpaceInBytes: everywhere('seed'),
  physicalMemoryInBytes: everywhere('seed'),
  appleId: {
    ios: kept('seed'),
    android: absent('exists only on Apple devices'),
    macos: absent('is reported only by iOS/iPadOS'),
    windows: absent('exists only on Apple devices'),
  },
  androidId: {
    ios: absent('exists only on Android'),
    android: kept('seed'),
    macos: absent('exists only on Android'),
    windows: absent('exists only on Android'),
  },
  windowsDeviceId: {
    ios: absent('exists only on Windows'),
    android: absent('exists only on Windows'),
    macos: absent('exists only on Windows'),
    windows: kept('windows'),
  },
};

/** The ownership an enrollment type gives a device that matches no corporate identifier. */
export const OWNERSHIP_BY_ENROLLMENT: Record<EnrollmentType, 'corporate' | 'personal'> = {
  automatedDeviceEnrollment: 'corporate',
  appleConfigurator: 'corporate',
  appleUserEnrollment: 'personal',
  companyPortal: 'personal',
  deviceEnrollmentManager: 'corporate',
  androidFullyManaged: 'corporate',
  androidDedicated: 'corporate',
  androidCorporateWorkProfile: 'corporate',
  knoxMobileEnrollment: 'corporate',
  zeroTouch: 'corporate',
  androidPersonalWorkProfile: 'personal',
  androidDeviceAdministrator: 'personal',
  windowsAutopilot: 'corporate',
  windowsBulkEnrollment: 'corporate',
  windowsCoManagement: 'corporate',
  windowsGroupPolicy: 'corporate',
  windowsAddWorkAccount: 'personal',
  entraRegistered: 'personal',
  entraJoined: 'corporate',
};

/** Platforms whose device restriction profile has a compliant-app list. */
export const COMPLIANT_APP_FEATURE: Record<Platform, boolean> = {
  ios: true,
  android: true,
  macos: true,
  windows: false,
};

export const WORK_PROFILE: ReadonlySet<EnrollmentType> = new Set([
  'androidCorporateWorkProfile',
  'androidPersonalWorkProfile',
]);

/** What is kept of the reported app list. */
export type AppsKept = 'all' | 'workProfileApps' | 'assignedApps';

/**
 * Apps: corporate devices keep every app (of the work profile, where there is one); personal and
 * unknown ones only the apps the tenant assigns, unless the platform's compliant-app feature is
 * on; a Mac under User Enrollment lists managed apps only, whoever owns it.
 */
export function appsKept(
  platform: Platform,
  enrollmentType: EnrollmentType,
  ownership: 'corporate' | 'personal' | 'unknown',
  compliantAppListOn: boolean,
): { kept: AppsKept; source: Source } {
  if (platform === 'macos' && enrollmentType === 'appleUserEnrollment')
    return { kept: 'assignedApps', source: 'appleApps' };
  const full = WORK_PROFILE.has(enrollmentType) ? 'workProfileApps' : 'all';
  if (ownership === 'corporate') return { kept: full, source: 'seed' };
  if (compliantAppListOn && COMPLIANT_APP_FEATURE[platform])
    return { kept: full, source: 'graphConfig' };
  return { kept: 'assignedApps', source: 'intuneSee' };
}

/** The refusal of `field` for this device, or null when it is kept. */
export function fieldRefusal(
  platform: Platform,
  enrollmentType: EnrollmentType,
  field: HardwareField,
  osVersion: string,
): { because: string; source: Source } | null {
  const cell = HARDWARE_MATRIX[field][platform];
  if (!cell.kept) return { because: cell.because, source: cell.source };
  const major = Number.parseInt(osVersion, 10);
  const refusal = (cell.unless ?? []).find(
    (r) =>
      r.types.includes(enrollmentType) && (r.fromAndroid === undefined || major >= r.fromAndroid),
  );
  return refusal ? { because: refusal.because, source: refusal.source } : null;
}

/** OS versions the matrix is exercised with: Android around each version that changes a rule. */
export const OS_VERSIONS: Record<Platform, readonly string[]> = {
  ios: ['17.4'],
  android: ['8.1', '9', '11', '12', '14'],
  macos: ['14.4'],
  windows: ['10.0.22631.3447'],
};

export const ENROLLMENTS: { platform: Platform; enrollmentType: EnrollmentType }[] =
  PLATFORMS.flatMap((platform) =>
    (Object.keys(ENROLLMENT_TYPE_PLATFORMS) as EnrollmentType[])
      .filter((type) => (ENROLLMENT_TYPE_PLATFORMS[type] as readonly Platform[]).includes(platform))
      .map((enrollmentType) => ({ platform, enrollmentType })),
  );

export { HARDWARE_FIELDS };
