import { Platform } from './vocabulary';

/**
 * Device compliance policies (Graph's iosCompliancePolicy, androidCompliancePolicy,
 * macOSCompliancePolicy and windows10CompliancePolicy) evaluated against what a device reports of
 * its own security state. Pure: the check-in decides with it, the tests call it directly.
 * Sources of the settings and of the reported states: docs/device-channel.md "Security state" and
 * docs/graph-api.md "deviceCompliancePolicies".
 */

/**
 * What a device reports of its security state; absent = not reported (the setting that needs it
 * is `unknown`, never guessed). Names follow what the platforms report: Apple's SecurityInfo
 * (PasscodePresent, FDE_Enabled, SystemIntegrityProtectionEnabled, FirewallSettings), Android's
 * Build.VERSION.SECURITY_PATCH and DevicePolicyManager, Windows' DeviceHealthAttestation CSP
 * (BitLockerStatus, SecureBootEnabled, CodeIntegrityEnabled).
 */
export interface ReportedSecurityState {
  passcodePresent?: boolean;
  /** The minimum length the device's passcode policy enforces (Android, Windows). */
  passcodeMinimumLength?: number;
  storageEncrypted?: boolean;
  /** Jailbroken (iOS) or rooted (Android), as Graph's managedDevice.jailBroken says for both. */
  jailBroken?: boolean;
  /** Android's security patch level, YYYY-MM-DD. */
  securityPatchLevel?: string;
  bitLockerEnabled?: boolean;
  secureBootEnabled?: boolean;
  codeIntegrityEnabled?: boolean;
  systemIntegrityProtectionEnabled?: boolean;
  firewallEnabled?: boolean;
}

export type SecurityStateField = keyof ReportedSecurityState;

/** Which states each platform can report (a field of another platform is refused, named). */
export const SECURITY_STATE_FIELDS: Readonly<Record<Platform, readonly SecurityStateField[]>> = {
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
};

/** The first reported field its platform cannot report, or null. */
export function securityFieldNotOnPlatform(
  platform: Platform,
  reported: ReportedSecurityState,
): SecurityStateField | null {
  const allowed = SECURITY_STATE_FIELDS[platform];
  return (
    (Object.keys(reported) as SecurityStateField[]).find(
      (field) => reported[field] !== undefined && !allowed.includes(field),
    ) ?? null
  );
}

/** Graph's complianceStatus values a setting or a policy takes here. */
export type PolicyComplianceStatus = 'compliant' | 'nonCompliant' | 'unknown';

export interface SettingEvaluation {
  /** The policy's property, e.g. `osMinimumVersion`. */
  setting: string;
  state: PolicyComplianceStatus;
  /** What the device reported for it (as text), or null when it reported nothing. */
  currentValue: string | null;
}

export interface CompliancePolicyRule {
  id: string;
  version: number;
  platform: Platform;
  /** The policy's documented settings, by Graph property name. */
  settings: Readonly<Record<string, unknown>>;
}

export interface PolicyEvaluation {
  policyId: string;
  version: number;
  state: PolicyComplianceStatus;
  settings: SettingEvaluation[];
}

export interface EvaluatedDevice {
  platform: Platform;
  osVersion: string;
  security: ReportedSecurityState | null;
}

/** The settings each platform's policy type names for a passcode (Graph says passcode on iOS). */
const PASSCODE_SETTINGS: Readonly<Record<Platform, { required: string; minimumLength: string }>> = {
  ios: { required: 'passcodeRequired', minimumLength: 'passcodeMinimumLength' },
  android: { required: 'passwordRequired', minimumLength: 'passwordMinimumLength' },
  macos: { required: 'passwordRequired', minimumLength: 'passwordMinimumLength' },
  windows: { required: 'passwordRequired', minimumLength: 'passwordMinimumLength' },
};

/** A required flag (`true`) the device must report as `true` (or, for jailBroken, as `false`). */
const FLAG_SETTINGS: Readonly<
  Record<Platform, readonly { setting: string; state: SecurityStateField; mustBe: boolean }[]>
> = {
  ios: [{ setting: 'securityBlockJailbrokenDevices', state: 'jailBroken', mustBe: false }],
  android: [
    { setting: 'securityBlockJailbrokenDevices', state: 'jailBroken', mustBe: false },
    { setting: 'storageRequireEncryption', state: 'storageEncrypted', mustBe: true },
  ],
  macos: [
    { setting: 'storageRequireEncryption', state: 'storageEncrypted', mustBe: true },
    {
      setting: 'systemIntegrityProtectionEnabled',
      state: 'systemIntegrityProtectionEnabled',
      mustBe: true,
    },
    { setting: 'firewallEnabled', state: 'firewallEnabled', mustBe: true },
  ],
  windows: [
    { setting: 'storageRequireEncryption', state: 'storageEncrypted', mustBe: true },
    { setting: 'bitLockerEnabled', state: 'bitLockerEnabled', mustBe: true },
    { setting: 'secureBootEnabled', state: 'secureBootEnabled', mustBe: true },
    { setting: 'codeIntegrityEnabled', state: 'codeIntegrityEnabled', mustBe: true },
  ],
};

/** The settings the evaluator checks on each platform; the other documented ones are kept only. */
export function evaluatedSettings(platform: Platform): string[] {
  const passcode = PASSCODE_SETTINGS[platform];
  return [
    'osMinimumVersion',
    'osMaximumVersion',
    passcode.required,
    ...(SECURITY_STATE_FIELDS[platform].includes('passcodeMinimumLength')
      ? [passcode.minimumLength]
      : []),
    ...FLAG_SETTINGS[platform].map((flag) => flag.setting),
    ...(platform === 'android' ? ['minAndroidSecurityPatchLevel'] : []),
    ...(platform === 'windows' ? ['validOperatingSystemBuildRanges'] : []),
  ];
}

/**
 * The configured ranges of beta's validOperatingSystemBuildRanges (operatingSystemVersionRange:
 * lowestVersion, highestVersion, both inclusive) as numbers; ranges without both bounds are skipped.
 */
function buildRanges(value: unknown): { lowest: number[]; highest: number[] }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((range: unknown) => {
    const { lowestVersion, highestVersion } = (range ?? {}) as Record<string, unknown>;
    const lowest = typeof lowestVersion === 'string' ? versionNumbers(lowestVersion) : null;
    const highest = typeof highestVersion === 'string' ? versionNumbers(highestVersion) : null;
    return lowest && highest ? [{ lowest, highest }] : [];
  });
}

/** A dotted version (`17.4.1`, `10.0.22631.3880`): its numbers, or null when it is not one. */
export function versionNumbers(version: string): number[] | null {
  const match = /^\d{1,9}(\.\d{1,9}){0,4}$/.test(version.trim());
  return match ? version.trim().split('.').map(Number) : null;
}

/** Compares dotted versions number by number; a missing part is 0 (17 = 17.0). */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** A security patch level or a date setting, YYYY-MM-DD. */
export const isPatchLevel = (value: string): boolean =>
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value);

const configuredText = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

/**
 * One policy against one device: a state per configured setting the device can report, and the
 * policy's state — nonCompliant when any setting is, unknown when any needed state was not
 * reported, compliant otherwise (a policy with nothing to check is compliant).
 */
export function evaluateCompliancePolicy(
  policy: CompliancePolicyRule,
  device: EvaluatedDevice,
): PolicyEvaluation {
  const settings: SettingEvaluation[] = [];
  const security = device.security ?? {};
  const check = (setting: string, currentValue: string | null, ok: boolean | null) =>
    settings.push({
      setting,
      state: ok === null ? 'unknown' : ok ? 'compliant' : 'nonCompliant',
      currentValue,
    });

  const reportedVersion = versionNumbers(device.osVersion);
  for (const [setting, wanted] of [
    ['osMinimumVersion', 1],
    ['osMaximumVersion', -1],
  ] as const) {
    const bound = configuredText(policy.settings[setting]);
    const boundNumbers = bound === null ? null : versionNumbers(bound);
    if (!boundNumbers) continue;
    check(
      setting,
      device.osVersion,
      reportedVersion && compareVersions(reportedVersion, boundNumbers) * wanted >= 0,
    );
  }

  const passcode = PASSCODE_SETTINGS[device.platform];
  if (policy.settings[passcode.required] === true) {
    const present = security.passcodePresent;
    check(passcode.required, present === undefined ? null : String(present), present ?? null);
  }
  const minimumLength = policy.settings[passcode.minimumLength];
  if (
    typeof minimumLength === 'number' &&
    SECURITY_STATE_FIELDS[device.platform].includes('passcodeMinimumLength')
  ) {
    const reported = security.passcodeMinimumLength;
    check(
      passcode.minimumLength,
      reported === undefined ? null : String(reported),
      reported === undefined ? null : reported >= minimumLength,
    );
  }

  for (const flag of FLAG_SETTINGS[device.platform]) {
    if (policy.settings[flag.setting] !== true) continue;
    const reported = security[flag.state] as boolean | undefined;
    check(
      flag.setting,
      reported === undefined ? null : String(reported),
      reported === undefined ? null : reported === flag.mustBe,
    );
  }

  if (device.platform === 'android') {
    const minimum = configuredText(policy.settings.minAndroidSecurityPatchLevel);
    if (minimum !== null && isPatchLevel(minimum)) {
      const reported = security.securityPatchLevel;
      // ISO dates compare as text.
      check(
        'minAndroidSecurityPatchLevel',
        reported ?? null,
        reported === undefined ? null : reported >= minimum,
      );
    }
  }

  if (device.platform === 'windows') {
    // The reported OS version is the build (10.0.22631.3880), the ranges' unit.
    const ranges = buildRanges(policy.settings.validOperatingSystemBuildRanges);
    if (ranges.length > 0) {
      check(
        'validOperatingSystemBuildRanges',
        device.osVersion,
        reportedVersion &&
          ranges.some(
            (range) =>
              compareVersions(reportedVersion, range.lowest) >= 0 &&
              compareVersions(reportedVersion, range.highest) <= 0,
          ),
      );
    }
  }

  return {
    policyId: policy.id,
    version: policy.version,
    state: worstOf(settings.map((setting) => setting.state)),
    settings,
  };
}

function worstOf(states: readonly PolicyComplianceStatus[]): PolicyComplianceStatus {
  if (states.includes('nonCompliant')) return 'nonCompliant';
  if (states.includes('unknown')) return 'unknown';
  return 'compliant';
}

/** One source of a device's complianceState: a policy, or the compliant-app lists. */
export type CompliancePart = 'compliant' | 'noncompliant' | 'unknown';

export const partOfPolicy = (state: PolicyComplianceStatus): CompliancePart =>
  state === 'nonCompliant' ? 'noncompliant' : state;

/**
 * A device's complianceState from everything that applies to it: noncompliant when any part says
 * so, unknown when any part could not be evaluated, compliant when every part is; null when
 * nothing applies (the caller keeps its behaviour for that case).
 */
export function combineCompliance(parts: readonly CompliancePart[]): CompliancePart | null {
  if (parts.length === 0) return null;
  if (parts.includes('noncompliant')) return 'noncompliant';
  if (parts.includes('unknown')) return 'unknown';
  return 'compliant';
}

/**
 * What a device row keeps of its compliance evaluation (the device's compliance_policy_states
 * column): the security state it last reported — so that a changed policy is evaluated at the next
 * check-in even when the device reports nothing new — and one result per applying policy.
 */
export interface StoredComplianceEvaluation {
  /** When a result last changed (epoch ms). */
  evaluatedAt: number;
  security: ReportedSecurityState | null;
  policies: PolicyEvaluation[];
}
