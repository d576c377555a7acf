/**
 * The words of the device channel as they travel on the wire: what a device may send and what the
 * server answers with. Devices (and the simulators) import these; the server's own vocabulary must
 * say the same (see contract-matches-server.spec.ts).
 */
export const PLATFORMS = ['ios', 'android', 'macos', 'windows'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const OWNERSHIPS = ['corporate', 'personal', 'unknown'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

/** The `enrollmentType` values an enrollment may name, with the platforms each exists on. */
export const ENROLLMENT_TYPE_PLATFORMS = {
  automatedDeviceEnrollment: ['ios', 'macos'],
  appleConfigurator: ['ios', 'macos'],
  appleUserEnrollment: ['ios', 'macos'],
  companyPortal: ['ios', 'macos', 'windows'],
  deviceEnrollmentManager: ['ios', 'android', 'macos', 'windows'],
  androidFullyManaged: ['android'],
  androidDedicated: ['android'],
  androidCorporateWorkProfile: ['android'],
  knoxMobileEnrollment: ['android'],
  zeroTouch: ['android'],
  androidPersonalWorkProfile: ['android'],
  androidDeviceAdministrator: ['android'],
  windowsAutopilot: ['windows'],
  windowsBulkEnrollment: ['windows'],
  windowsCoManagement: ['windows'],
  windowsGroupPolicy: ['windows'],
  windowsAddWorkAccount: ['windows'],
  entraRegistered: ['windows'],
  entraJoined: ['windows'],
} as const satisfies Record<string, readonly Platform[]>;
export type EnrollmentType = keyof typeof ENROLLMENT_TYPE_PLATFORMS;
export const ENROLLMENT_TYPE_NAMES = Object.keys(ENROLLMENT_TYPE_PLATFORMS) as EnrollmentType[];

export function enrollmentTypesOf(platform: Platform): EnrollmentType[] {
  return ENROLLMENT_TYPE_NAMES.filter((type) =>
    (ENROLLMENT_TYPE_PLATFORMS[type] as readonly Platform[]).includes(platform),
  );
}

/** The field names of `hardware` in an enrollment or check-in. */
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

/**
 * `security` in a check-in: what the device reports of its own security state, evaluated against
 * the tenant's compliance policies (docs/device-channel.md "Security state"). Every field is
 * optional; a field its platform cannot report is refused.
 */
export interface SecurityState {
  passcodePresent?: boolean;
  /** The minimum length the device's passcode policy enforces (Android, Windows). */
  passcodeMinimumLength?: number;
  storageEncrypted?: boolean;
  /** Jailbroken (iOS) or rooted (Android). */
  jailBroken?: boolean;
  /** Android's security patch level, YYYY-MM-DD. */
  securityPatchLevel?: string;
  bitLockerEnabled?: boolean;
  secureBootEnabled?: boolean;
  codeIntegrityEnabled?: boolean;
  systemIntegrityProtectionEnabled?: boolean;
  firewallEnabled?: boolean;
}

/** Which `security` fields each platform reports. */
export const SECURITY_STATE_FIELDS = {
  ios: ['passcodePresent', 'storageEncrypted', 'jailBroken'],
  android: [
    'passcodePresent',
    'passcodeMinimumLength',
    'storageEncrypted',
    'jailBroken',
    'securityPatchLevel',
  ],
  macos: [
    'passcodePresent',
    'storageEncrypted',
    'systemIntegrityProtectionEnabled',
    'firewallEnabled',
  ],
  windows: [
    'passcodePresent',
    'passcodeMinimumLength',
    'storageEncrypted',
    'bitLockerEnabled',
    'secureBootEnabled',
    'codeIntegrityEnabled',
  ],
} as const satisfies Record<Platform, readonly (keyof SecurityState)[]>;

/** What the server asks a device to send of its apps. */
export type AppInventoryScope = 'all' | 'managedOnly';

export type OwnershipReason = 'corporateIdentifier' | 'enrollmentType' | 'undetermined';

export type ManagementState =
  'managed' | 'retirePending' | 'retireFailed' | 'retired' | 'wipePending' | 'wipeFailed' | 'wiped';

export type ComplianceState = 'unknown' | 'compliant' | 'noncompliant';

export type RemoteAction =
  'retire' | 'wipe' | 'syncDevice' | 'rebootNow' | 'remoteLock' | 'shutDown' | 'locateDevice';

/** Why reported apps were not stored. */
export type AppDiscardReason = 'notManagedOnPersonalDevice' | 'outsideWorkProfile';

export function isEnrollmentType(value: unknown): value is EnrollmentType {
  return (
    typeof value === 'string' &&
    Object.prototype.hasOwnProperty.call(ENROLLMENT_TYPE_PLATFORMS, value)
  );
}

export function isEnrollmentTypeOf(platform: Platform, type: EnrollmentType): boolean {
  return (ENROLLMENT_TYPE_PLATFORMS[type] as readonly Platform[]).includes(platform);
}
