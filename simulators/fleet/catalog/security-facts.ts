import { Platform } from '../../../src/device-channel/contract/wire-vocabulary';

/**
 * How often real fleets are in each security state, per platform — what the simulated devices
 * report in `security` (docs/device-channel.md "Security state"). Most devices are healthy; these
 * are the few per cent that are not. Shares of devices; corporate devices are under an MDM
 * passcode/encryption profile, so their shares are lower.
 */
export interface SecurityShares {
  noPasscode: { personal: number; corporate: number };
  /** Storage not encrypted although a passcode is set (FileVault/BitLocker off, old Android). */
  unencrypted: { personal: number; corporate: number };
  /** Jailbroken (iOS) or rooted (Android). */
  compromised: number;
}

export const SECURITY_SHARES: Record<Platform, SecurityShares> = {
  // iOS encrypts with data protection whenever a passcode is set: no separate unencrypted share.
  ios: {
    noPasscode: { personal: 0.03, corporate: 0.005 },
    unencrypted: { personal: 0, corporate: 0 },
    compromised: 0.003,
  },
  // File-based encryption is mandatory since Android 10; the few unencrypted are old upgrades.
  android: {
    noPasscode: { personal: 0.05, corporate: 0.01 },
    unencrypted: { personal: 0.01, corporate: 0.002 },
    compromised: 0.008,
  },
  // FileVault is off until a user or a profile turns it on.
  macos: {
    noPasscode: { personal: 0.02, corporate: 0.002 },
    unencrypted: { personal: 0.25, corporate: 0.03 },
    compromised: 0,
  },
  // BitLocker device encryption is on by default on modern hardware with a Microsoft account or
  // Entra sign-in; Home editions and old upgrades lack it.
  windows: {
    noPasscode: { personal: 0.02, corporate: 0.002 },
    unencrypted: { personal: 0.15, corporate: 0.03 },
    compromised: 0,
  },
};

/** macOS ships with its application firewall off; profiles turn it on for most corporate Macs. */
export const MACOS_FIREWALL_ON = { personal: 0.35, corporate: 0.92 };
/** System Integrity Protection is on unless someone disabled it from recoveryOS. */
export const MACOS_SIP_OFF = 0.01;
/** Secure Boot off (legacy BIOS boot, tinkering) and HVCI/code integrity not reported healthy. */
export const WINDOWS_SECURE_BOOT_OFF = 0.03;
export const WINDOWS_CODE_INTEGRITY_OFF = 0.02;

/** The passcode length policies commonly enforce (Android PIN minimum is 4, Windows Hello PIN 4). */
export const MINIMUM_LENGTHS: Record<
  'android' | 'windows',
  { personal: number[]; corporate: number[] }
> = {
  android: { personal: [4, 4, 4, 6], corporate: [6, 6, 8] },
  windows: { personal: [4, 4, 6], corporate: [6, 8, 8] },
};

/**
 * The newest security patch level Google published for each Android major still receiving
 * bulletins, and the last one for majors out of support (Android Security Bulletins,
 * source.android.com/docs/security/bulletin: 10 ended early 2023, 11 in February 2024, 12 in March
 * 2025). Devices lag behind it by their maker's update delay.
 */
export const ANDROID_LATEST_PATCH: Record<string, string> = {
  '10': '2023-02-01',
  '11': '2024-02-01',
  '12': '2025-03-01',
  '13': '2025-11-01',
  '14': '2025-11-01',
  '15': '2025-11-01',
  '16': '2025-11-01',
};

/** Months a device's patch level lags the newest (makers ship monthly, quarterly or late). */
export const ANDROID_PATCH_LAG_MONTHS = [
  { value: 0, weight: 0.3 },
  { value: 1, weight: 0.25 },
  { value: 2, weight: 0.15 },
  { value: 3, weight: 0.12 },
  { value: 6, weight: 0.1 },
  { value: 12, weight: 0.06 },
  { value: 18, weight: 0.02 },
];
