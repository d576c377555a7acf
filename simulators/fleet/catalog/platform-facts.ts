import type {
  EnrollmentType,
  HardwareField,
  Platform,
} from '../../../src/device-channel/contract/wire-vocabulary';

/**
 * What real platforms report, by enrollment mode and OS version — the simulators' own catalog,
 * from the platforms' documentation, never from the server's rules (a simulator that filtered
 * through the server's rules would hide every gap in them). Where a real device reports something
 * the server does not keep, the server's discard receipt is what the simulation summary shows.
 * Sources are listed per fact in docs/collection-rules.md.
 */

/** How a device came under management. */
export interface EnrollmentMode {
  /** Bought and provisioned by the organisation (ADE, Autopilot, fully managed, …). */
  organizationOwned: boolean;
  /** Android: a separate work profile; the management agent sees only its apps. */
  workProfile: boolean;
}

const org = { organizationOwned: true, workProfile: false };
const user = { organizationOwned: false, workProfile: false };

export const ENROLLMENT_MODES: Record<EnrollmentType, EnrollmentMode> = {
  automatedDeviceEnrollment: org,
  appleConfigurator: org,
  appleUserEnrollment: user,
  companyPortal: user,
  deviceEnrollmentManager: org,
  androidFullyManaged: org,
  androidDedicated: org,
  androidCorporateWorkProfile: { organizationOwned: true, workProfile: true },
  knoxMobileEnrollment: org,
  zeroTouch: org,
  androidPersonalWorkProfile: { organizationOwned: false, workProfile: true },
  androidDeviceAdministrator: user,
  windowsAutopilot: org,
  windowsBulkEnrollment: org,
  windowsCoManagement: org,
  windowsGroupPolicy: org,
  windowsAddWorkAccount: user,
  entraRegistered: user,
  // Joined to Entra ID with a work account: an organisation's PC.
  entraJoined: org,
};

/**
 * Apple's DeviceInformation query keys marked `userenrollment: forbidden` (apple/device-management,
 * mdm/commands/information.device.yaml): UDID, SerialNumber, IMEI, MEID, ICCID, EID (in
 * ServiceSubscriptions), PhoneNumber, CurrentCarrierNetwork, WiFiMAC, BluetoothMAC, EthernetMAC.
 */
const APPLE_USER_ENROLLMENT_WITHHOLDS: ReadonlySet<HardwareField> = new Set([
  'udid',
  'serialNumber',
  'imei',
  'imei2',
  'meid',
  'iccid',
  'eid',
  'phoneNumber',
  'subscriberCarrier',
  'wiFiMacAddress',
  'ethernetMacAddress',
]);

const NON_RESETTABLE_ANDROID_IDS: ReadonlySet<HardwareField> = new Set([
  'serialNumber',
  'imei',
  'imei2',
  'meid',
]);

const major = (osVersion: string): number => Number.parseInt(osVersion, 10);

/** What a platform has no notion of at all: a Mac has no modem, an iPhone no Ethernet port. */
const NOT_ON_PLATFORM: Record<Platform, ReadonlySet<HardwareField>> = {
  ios: new Set(['ethernetMacAddress', 'androidId', 'windowsDeviceId']),
  android: new Set(['udid', 'ethernetMacAddress', 'appleId', 'windowsDeviceId']),
  macos: new Set([
    'imei',
    'imei2',
    'meid',
    'iccid',
    'eid',
    'phoneNumber',
    'subscriberCarrier',
    'appleId',
    'androidId',
    'windowsDeviceId',
  ]),
  windows: new Set(['udid', 'appleId', 'androidId']),
};

/**
 * Whether a device of this platform, enrollment mode and OS version can report `field` to its
 * management agent (a model without the component has nothing to report either).
 */
export function platformReports(
  platform: Platform,
  enrollmentType: EnrollmentType,
  field: HardwareField,
  osVersion: string,
): boolean {
  if (NOT_ON_PLATFORM[platform].has(field)) return false;
  switch (platform) {
    case 'ios':
    case 'macos':
      return !(
        enrollmentType === 'appleUserEnrollment' && APPLE_USER_ENROLLMENT_WITHHOLDS.has(field)
      );
    case 'android': {
      const version = major(osVersion);
      // Android 10: IMEI, MEID and serial only for a device owner or profile owner (a device
      // administrator is neither); Android 12: not for the profile owner of a personal work
      // profile either (it gets an enrollment-specific id).
      if (NON_RESETTABLE_ANDROID_IDS.has(field)) {
        if (enrollmentType === 'androidDeviceAdministrator') return version < 10;
        if (enrollmentType === 'androidPersonalWorkProfile') return version < 12;
        return true;
      }
      const personal =
        enrollmentType === 'androidDeviceAdministrator' ||
        enrollmentType === 'androidPersonalWorkProfile';
      // Android 9: the factory Wi-Fi MAC only for a device owner (or the profile owner of a
      // company-owned device).
      if (field === 'wiFiMacAddress') return !personal || version < 9;
      // The SIM's ICCID and EID: privileged phone state, which personal enrollments lack.
      if (field === 'iccid' || field === 'eid') return !personal;
      return true;
    }
    case 'windows':
      // DevDetail and DevInfo CSPs, and the DeviceStatus CSP for cellular: everything the PC has.
      return true;
  }
}

/**
 * On macOS under User Enrollment InstalledApplicationList is not available (the command is
 * `userenrollment: forbidden`): the agent reports only the apps management installed.
 */
export const reportsManagedAppsOnly = (platform: Platform, enrollmentType: EnrollmentType) =>
  platform === 'macos' && enrollmentType === 'appleUserEnrollment';
