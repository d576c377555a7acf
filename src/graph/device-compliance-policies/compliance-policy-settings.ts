import { isPatchLevel, Platform, versionNumbers } from '../../rules';
import { isText } from '../../platform/http/validation';
import type { PolicySettingValue } from '../../platform/database/entities/device-compliance-policy.entity';

/**
 * The documented settings of Graph's four compliance policy types, by property name, with what
 * Graph answers when one was never set. Every one is kept as given (validated, bounded) and answered
 * back; which of them the evaluator checks against what devices report is listed in
 * docs/graph-properties.md (src/rules/device-compliance.ts evaluatedSettings).
 *
 * Sources: Microsoft Graph v1.0 iosCompliancePolicy, androidCompliancePolicy, macOSCompliancePolicy
 * and windows10CompliancePolicy resource pages (api-reference/v1.0/resources/
 * intune-deviceconfig-*compliancepolicy.md).
 */
type Kind =
  | { type: 'boolean' }
  | { type: 'integer'; minimum: number; maximum: number }
  | { type: 'enum'; values: readonly string[] }
  /** A dotted OS version such as 17.4 or 10.0.22631 (compared number by number). */
  | { type: 'version' }
  /** A date YYYY-MM-DD (Android's security patch level). */
  | { type: 'date' };

interface Setting {
  kind: Kind;
  empty: boolean | number | string | null;
}

const flag: Setting = { kind: { type: 'boolean' }, empty: false };
const int = (minimum = 0, maximum = 65535): Setting => ({
  kind: { type: 'integer', minimum, maximum },
  empty: null,
});
const oneOf = (values: readonly string[]): Setting => ({
  kind: { type: 'enum', values },
  empty: values[0],
});
const version: Setting = { kind: { type: 'version' }, empty: null };

const REQUIRED_PASSWORD_TYPES = ['deviceDefault', 'alphanumeric', 'numeric'];
const THREAT_LEVELS = ['unavailable', 'secured', 'low', 'medium', 'high', 'notSet'];

export const COMPLIANCE_POLICY_SETTINGS: Readonly<
  Record<Platform, Readonly<Record<string, Setting>>>
> = {
  ios: {
    passcodeBlockSimple: flag,
    passcodeExpirationDays: int(1, 65535),
    passcodeMinimumLength: int(4, 14),
    passcodeMinutesOfInactivityBeforeLock: int(),
    passcodePreviousPasscodeBlockCount: int(1, 24),
    passcodeMinimumCharacterSetCount: int(0, 4),
    passcodeRequiredType: oneOf(REQUIRED_PASSWORD_TYPES),
    passcodeRequired: flag,
    osMinimumVersion: version,
    osMaximumVersion: version,
    securityBlockJailbrokenDevices: flag,
    deviceThreatProtectionEnabled: flag,
    deviceThreatProtectionRequiredSecurityLevel: oneOf(THREAT_LEVELS),
    managedEmailProfileRequired: flag,
  },
  android: {
    passwordRequired: flag,
    passwordMinimumLength: int(4, 16),
    passwordRequiredType: oneOf([
      'deviceDefault',
      'alphabetic',
      'alphanumeric',
      'alphanumericWithSymbols',
      'lowSecurityBiometric',
      'numeric',
      'numericComplex',
      'any',
    ]),
    passwordMinutesOfInactivityBeforeLock: int(),
    passwordExpirationDays: int(1, 65535),
    passwordPreviousPasswordBlockCount: int(0, 24),
    securityPreventInstallAppsFromUnknownSources: flag,
    securityDisableUsbDebugging: flag,
    securityRequireVerifyApps: flag,
    deviceThreatProtectionEnabled: flag,
    deviceThreatProtectionRequiredSecurityLevel: oneOf(THREAT_LEVELS),
    securityBlockJailbrokenDevices: flag,
    osMinimumVersion: version,
    osMaximumVersion: version,
    minAndroidSecurityPatchLevel: { kind: { type: 'date' }, empty: null },
    storageRequireEncryption: flag,
    securityRequireSafetyNetAttestationBasicIntegrity: flag,
    securityRequireSafetyNetAttestationCertifiedDevice: flag,
    securityRequireGooglePlayServices: flag,
    securityRequireUpToDateSecurityProviders: flag,
    securityRequireCompanyPortalAppIntegrity: flag,
  },
  macos: {
    passwordRequired: flag,
    passwordBlockSimple: flag,
    passwordExpirationDays: int(1, 65535),
    passwordMinimumLength: int(4, 14),
    passwordMinutesOfInactivityBeforeLock: int(),
    passwordPreviousPasswordBlockCount: int(1, 24),
    passwordMinimumCharacterSetCount: int(0, 4),
    passwordRequiredType: oneOf(REQUIRED_PASSWORD_TYPES),
    osMinimumVersion: version,
    osMaximumVersion: version,
    systemIntegrityProtectionEnabled: flag,
    deviceThreatProtectionEnabled: flag,
    deviceThreatProtectionRequiredSecurityLevel: oneOf(THREAT_LEVELS),
    storageRequireEncryption: flag,
    firewallEnabled: flag,
    firewallBlockAllIncoming: flag,
    firewallEnableStealthMode: flag,
  },
  windows: {
    passwordRequired: flag,
    passwordBlockSimple: flag,
    passwordRequiredToUnlockFromIdle: flag,
    passwordMinutesOfInactivityBeforeLock: int(),
    passwordExpirationDays: int(0, 730),
    passwordMinimumLength: int(4, 16),
    passwordMinimumCharacterSetCount: int(0, 4),
    passwordRequiredType: oneOf(REQUIRED_PASSWORD_TYPES),
    passwordPreviousPasswordBlockCount: int(0, 50),
    requireHealthyDeviceReport: flag,
    osMinimumVersion: version,
    osMaximumVersion: version,
    mobileOsMinimumVersion: version,
    mobileOsMaximumVersion: version,
    earlyLaunchAntiMalwareDriverEnabled: flag,
    bitLockerEnabled: flag,
    secureBootEnabled: flag,
    codeIntegrityEnabled: flag,
    storageRequireEncryption: flag,
  },
};

/** Read-only in Graph: accepted in a body and ignored (an object read and sent back is accepted). */
export const COMPLIANCE_POLICY_READ_ONLY: readonly string[] = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'version',
];

/**
 * Documented, writable, and without effect here: accepted and ignored. scheduledActionsForRule
 * (Intune's actions for noncompliance: block, notify, retire after N days) — devices here are
 * marked noncompliant at once and no action is scheduled; roleScopeTagIds (beta) — one role model
 * per tenant.
 */
export const COMPLIANCE_POLICY_IGNORED: readonly string[] = [
  'scheduledActionsForRule',
  'roleScopeTagIds',
];

/** Every setting name of any of the four types (the DTOs' whitelist). */
export const COMPLIANCE_POLICY_SETTING_NAMES: readonly string[] = [
  ...new Set(Object.values(COMPLIANCE_POLICY_SETTINGS).flatMap((type) => Object.keys(type))),
];

export type ReadSettings =
  | { ok: true; settings: Record<string, PolicySettingValue> }
  | { ok: false; property: string; message: string };

/**
 * The settings of a body for a policy of `platform`, checked: a setting of another type is refused
 * naming the type, a bad value is refused naming the setting (never quoting the value). Pure.
 */
export function readPolicySettings(
  platform: Platform,
  odataType: string,
  body: Readonly<Record<string, unknown>>,
): ReadSettings {
  const documented = COMPLIANCE_POLICY_SETTINGS[platform];
  const settings: Record<string, PolicySettingValue> = {};
  for (const name of COMPLIANCE_POLICY_SETTING_NAMES) {
    const value = body[name];
    if (value === undefined) continue;
    const setting = Object.hasOwn(documented, name) ? documented[name] : undefined;
    if (!setting) {
      return { ok: false, property: name, message: `is not a property of ${odataType}` };
    }
    const problem = value === null ? nullProblem(setting) : valueProblem(setting.kind, value);
    if (problem) return { ok: false, property: name, message: problem };
    settings[name] = value as PolicySettingValue;
  }
  return { ok: true, settings };
}

/** Every documented setting of the type: the stored value, or Graph's empty value. */
export function answerPolicySettings(
  platform: Platform,
  stored: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(COMPLIANCE_POLICY_SETTINGS[platform]).map(([name, setting]) => [
      name,
      Object.hasOwn(stored, name) ? stored[name] : setting.empty,
    ]),
  );
}

function nullProblem(setting: Setting): string | null {
  return setting.kind.type === 'boolean' || setting.kind.type === 'enum'
    ? 'must not be null'
    : null;
}

function valueProblem(kind: Kind, value: unknown): string | null {
  switch (kind.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'integer':
      return Number.isInteger(value) &&
        (value as number) >= kind.minimum &&
        (value as number) <= kind.maximum
        ? null
        : `must be a whole number from ${kind.minimum} to ${kind.maximum}`;
    case 'enum':
      return typeof value === 'string' && kind.values.includes(value)
        ? null
        : `must be one of ${kind.values.join(', ')}`;
    case 'version':
      return isText(value, 64) && versionNumbers(value) !== null
        ? null
        : 'must be an OS version such as 17.4 or 10.0.22631 (numbers separated by dots)';
    case 'date':
      return typeof value === 'string' && isPatchLevel(value)
        ? null
        : 'must be a date YYYY-MM-DD, as Android reports its security patch level';
  }
}
