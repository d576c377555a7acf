import { Ownership, Platform } from './vocabulary';

/**
 * How a device enrolled, per platform, and the ownership that enrollment type implies
 * (docs/collection-rules.md "Ownership"). `unknown` stays a real answer: a device whose ownership
 * nothing decides (an administrator can set it so) is treated as personal.
 */
export const ENROLLMENT_TYPES = {
  // Apple
  automatedDeviceEnrollment: { platforms: ['ios', 'macos'], ownership: 'corporate' },
  appleConfigurator: { platforms: ['ios', 'macos'], ownership: 'corporate' },
  appleUserEnrollment: { platforms: ['ios', 'macos'], ownership: 'personal' },
  // Company Portal enrollment of iOS/macOS, and Windows Company Portal
  companyPortal: { platforms: ['ios', 'macos', 'windows'], ownership: 'personal' },
  // Any platform
  deviceEnrollmentManager: {
    platforms: ['ios', 'android', 'macos', 'windows'],
    ownership: 'corporate',
  },
  // Android
  androidFullyManaged: { platforms: ['android'], ownership: 'corporate' },
  androidDedicated: { platforms: ['android'], ownership: 'corporate' },
  androidCorporateWorkProfile: { platforms: ['android'], ownership: 'corporate' },
  knoxMobileEnrollment: { platforms: ['android'], ownership: 'corporate' },
  zeroTouch: { platforms: ['android'], ownership: 'corporate' },
  androidPersonalWorkProfile: { platforms: ['android'], ownership: 'personal' },
  androidDeviceAdministrator: { platforms: ['android'], ownership: 'personal' },
  // Windows
  windowsAutopilot: { platforms: ['windows'], ownership: 'corporate' },
  windowsBulkEnrollment: { platforms: ['windows'], ownership: 'corporate' },
  windowsCoManagement: { platforms: ['windows'], ownership: 'corporate' },
  windowsGroupPolicy: { platforms: ['windows'], ownership: 'corporate' },
  windowsAddWorkAccount: { platforms: ['windows'], ownership: 'personal' },
  entraRegistered: { platforms: ['windows'], ownership: 'personal' },
  // Joined to Entra ID with work credentials: Intune marks it corporate.
  entraJoined: { platforms: ['windows'], ownership: 'corporate' },
} as const satisfies Record<string, { platforms: readonly Platform[]; ownership: Ownership }>;

export type EnrollmentType = keyof typeof ENROLLMENT_TYPES;
export const ENROLLMENT_TYPE_NAMES = Object.keys(ENROLLMENT_TYPES) as EnrollmentType[];

export function isEnrollmentType(value: unknown): value is EnrollmentType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ENROLLMENT_TYPES, value);
}

export function enrollmentTypesOf(platform: Platform): EnrollmentType[] {
  return ENROLLMENT_TYPE_NAMES.filter((type) =>
    (ENROLLMENT_TYPES[type].platforms as readonly Platform[]).includes(platform),
  );
}

export function isEnrollmentTypeOf(platform: Platform, type: EnrollmentType): boolean {
  return (ENROLLMENT_TYPES[type].platforms as readonly Platform[]).includes(platform);
}

/** Android enrollments where the device keeps a separate work profile (only its apps are in scope). */
export const WORK_PROFILE_ENROLLMENTS: ReadonlySet<EnrollmentType> = new Set([
  'androidCorporateWorkProfile',
  'androidPersonalWorkProfile',
]);
