import { PlistValue } from '../../src/device-channel/contract/apple-plist';
import { AppleDeviceFacts } from './device-facts';
import { atLeast } from './device-information-keys';

/**
 * Which SecurityInfo keys a device answers, from Apple's schema
 * (apple/device-management mdm/commands/information.security.yaml): the platform that has the key
 * (`n/a` elsewhere), the OS version it appeared in, and whether User Enrollment withholds it
 * ("userenrollment: mode: forbidden"). Subkeys follow the same rules inside their dictionary.
 */
interface KeyAvailability {
  ios?: string;
  macos?: string;
  userEnrollment: boolean;
  value: (facts: AppleDeviceFacts, security: AppleSecurityFacts) => PlistValue | undefined;
  subkeys?: Record<string, KeyAvailability>;
}

/** A device's security as its OS knows it (the defaults: a healthy, passcode-protected device). */
export interface AppleSecurityFacts {
  passcodePresent: boolean;
  /** iOS: 1 block-level, 2 file-level, 3 both. */
  hardwareEncryptionCaps: number;
  fileVault: boolean;
  systemIntegrityProtection: boolean;
  firewall: boolean;
}

const ALL = '0';
const ios = (facts: AppleDeviceFacts) => facts.platform === 'ios';

const KEYS: Record<string, KeyAvailability> = {
  HardwareEncryptionCaps: {
    ios: ALL,
    userEnrollment: true,
    value: (_f, s) => s.hardwareEncryptionCaps,
  },
  PasscodePresent: { ios: ALL, userEnrollment: false, value: (_f, s) => s.passcodePresent },
  // No passcode profile here: any passcode, or none, complies with what profiles require.
  PasscodeCompliant: { ios: ALL, userEnrollment: true, value: () => true },
  PasscodeCompliantWithProfiles: { ios: ALL, userEnrollment: false, value: () => true },
  PasscodeLockGracePeriod: {
    ios: '9.3.2',
    userEnrollment: false,
    value: (_f, s) => (s.passcodePresent ? 0 : undefined),
  },
  PasscodeLockGracePeriodEnforced: {
    ios: '9.3.2',
    userEnrollment: false,
    value: (_f, s) => (s.passcodePresent ? 0 : undefined),
  },
  AutoLockTime: { ios: '17.0', userEnrollment: false, value: () => 30 },
  FDE_Enabled: { macos: '10.9', userEnrollment: true, value: (_f, s) => s.fileVault },
  FDE_HasPersonalRecoveryKey: {
    macos: '10.9',
    userEnrollment: false,
    value: (_f, s) => s.fileVault,
  },
  FDE_HasInstitutionalRecoveryKey: { macos: '10.9', userEnrollment: false, value: () => false },
  SystemIntegrityProtectionEnabled: {
    macos: '10.12',
    userEnrollment: true,
    value: (_f, s) => s.systemIntegrityProtection,
  },
  FirewallSettings: {
    macos: '10.12',
    userEnrollment: true,
    value: () => ({}),
    subkeys: {
      FirewallEnabled: { macos: ALL, userEnrollment: true, value: (_f, s) => s.firewall },
      BlockAllIncoming: { macos: ALL, userEnrollment: true, value: () => false },
      StealthMode: { macos: ALL, userEnrollment: true, value: () => false },
      Applications: { macos: '10.12', userEnrollment: false, value: () => [] },
      LoggingEnabled: { macos: '12.0', userEnrollment: true, value: (_f, s) => s.firewall },
      LoggingOption: { macos: '12.0', userEnrollment: true, value: () => 'throttled' },
    },
  },
  ManagementStatus: {
    ios: '13.0',
    macos: '10.13.2',
    userEnrollment: true,
    value: () => ({}),
    subkeys: {
      EnrolledViaDEP: { macos: ALL, userEnrollment: true, value: (f) => f.kind === 'device' },
      UserApprovedEnrollment: { macos: ALL, userEnrollment: true, value: () => true },
      IsUserEnrollment: {
        ios: ALL,
        macos: '10.15',
        userEnrollment: true,
        value: (f) => f.kind === 'user',
      },
      IsActivationLockManageable: {
        macos: '10.15',
        userEnrollment: true,
        value: (f) => f.kind === 'device',
      },
    },
  },
  SecureBoot: {
    macos: '10.15',
    userEnrollment: true,
    value: () => ({}),
    subkeys: {
      SecureBootLevel: { macos: ALL, userEnrollment: true, value: () => 'full' },
      ExternalBootLevel: { macos: ALL, userEnrollment: true, value: () => 'disallowed' },
    },
  },
  RemoteDesktopEnabled: { macos: '10.14.4', userEnrollment: false, value: () => false },
  AuthenticatedRootVolumeEnabled: { macos: '11.0', userEnrollment: true, value: () => true },
  BootstrapTokenAllowedForAuthentication: {
    macos: '11.0',
    userEnrollment: false,
    value: () => 'allowed',
  },
  BootstrapTokenRequiredForSoftwareUpdate: {
    macos: '11.0',
    userEnrollment: false,
    value: () => false,
  },
  BootstrapTokenRequiredForKernelExtensionApproval: {
    macos: '11.0',
    userEnrollment: false,
    value: () => false,
  },
  IsRecoveryLockEnabled: { macos: '11.5', userEnrollment: false, value: () => false },
};

export const DEFAULT_SECURITY: AppleSecurityFacts = {
  passcodePresent: true,
  hardwareEncryptionCaps: 3,
  fileVault: true,
  systemIntegrityProtection: true,
  firewall: true,
};

/** SecurityInfo's dictionary: every key this device's platform, OS version and enrollment report. */
export function securityInfo(facts: AppleDeviceFacts): Record<string, PlistValue> {
  const security = { ...DEFAULT_SECURITY, ...facts.security };
  const answer = (keys: Record<string, KeyAvailability>): Record<string, PlistValue> => {
    const dict: Record<string, PlistValue> = {};
    for (const [key, availability] of Object.entries(keys)) {
      const introduced = ios(facts) ? availability.ios : availability.macos;
      if (introduced === undefined || !atLeast(facts.osVersion, introduced)) continue;
      if (facts.kind === 'user' && !availability.userEnrollment) continue;
      const value = availability.subkeys
        ? answer(availability.subkeys)
        : availability.value(facts, security);
      if (value !== undefined) dict[key] = value;
    }
    return dict;
  };
  return answer(KEYS);
}
