import { isPatchLevel, Platform, versionNumbers } from '../../rules';
import { isText } from '../../platform/http/validation';
import type { GraphVersion } from '../../platform/http/graph-values';
import type {
  PolicySettingObject,
  PolicySettingValue,
} from '../../platform/database/entities/device-compliance-policy.entity';

/**
 * The documented settings of Graph's four compliance policy types, by property name, with what
 * Graph answers when one was never set. Every one is kept as given (validated, bounded) and answered
 * back; which of them the evaluator checks against what devices report is listed in
 * docs/graph-properties.md (src/rules/device-compliance.ts evaluatedSettings).
 *
 * Sources: Microsoft Graph v1.0 iosCompliancePolicy, androidCompliancePolicy, macOSCompliancePolicy
 * and windows10CompliancePolicy resource pages (api-reference/v1.0/resources/
 * intune-deviceconfig-*compliancepolicy.md); the beta pages of the same names for
 * BETA_COMPLIANCE_POLICY_SETTINGS.
 */
type Kind =
  | { type: 'boolean' }
  | { type: 'integer'; minimum: number; maximum: number }
  | { type: 'enum'; values: readonly string[] }
  /** A dotted OS version such as 17.4 or 10.0.22631 (compared number by number). */
  | { type: 'version' }
  /** A date YYYY-MM-DD (Android's security patch level). */
  | { type: 'date' }
  /** Free text (a build such as 21E236, a Defender version, an id). */
  | { type: 'text'; maxLength: number }
  /** A list of a documented complex type, each element's properties text. */
  | {
      type: 'list';
      complexType: string;
      properties: readonly string[];
      maxItems: number;
      /** Properties that are dotted OS versions (compared with what devices report). */
      versions?: readonly string[];
    }
  /** One value of a documented complex type; `binary` properties are base64. */
  | {
      type: 'object';
      complexType: string;
      properties: readonly string[];
      binary: readonly string[];
    };

interface Setting {
  kind: Kind;
  empty: boolean | number | string | null | readonly never[];
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
const text = (maxLength = 256): Setting => ({ kind: { type: 'text', maxLength }, empty: null });
const listOf = (
  complexType: string,
  properties: readonly string[],
  maxItems: number,
  versions: readonly string[] = [],
): Setting => ({
  kind: { type: 'list', complexType, properties, maxItems, versions },
  // Graph's empty collection.
  empty: [],
});

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

/** appListItem: an app by name, publisher, store URL and id (iOS and Android restrictedApps). */
const APP_LIST = listOf('appListItem', ['name', 'publisher', 'appStoreUrl', 'appId'], 100);

/**
 * Settings the beta resource pages document on top of v1.0's: accepted and answered on /beta only
 * (on v1.0 they are refused, as Graph refuses a property its v1.0 schema does not have). Only
 * Windows' validOperatingSystemBuildRanges is evaluated (against the reported build); no device
 * reports what the others need here (docs/graph-properties.md).
 */
export const BETA_COMPLIANCE_POLICY_SETTINGS: Readonly<
  Record<Platform, Readonly<Record<string, Setting>>>
> = {
  ios: {
    passcodeMinutesOfInactivityBeforeScreenTimeout: int(),
    osMinimumBuildVersion: text(64),
    osMaximumBuildVersion: text(64),
    advancedThreatProtectionRequiredSecurityLevel: oneOf(THREAT_LEVELS),
    restrictedApps: APP_LIST,
  },
  android: {
    requiredPasswordComplexity: oneOf(['none', 'low', 'medium', 'high']),
    passwordSignInFailureCountBeforeFactoryReset: int(1, 16),
    advancedThreatProtectionRequiredSecurityLevel: oneOf(THREAT_LEVELS),
    securityBlockDeviceAdministratorManagedDevices: flag,
    conditionStatementId: text(),
    restrictedApps: APP_LIST,
  },
  macos: {
    osMinimumBuildVersion: text(64),
    osMaximumBuildVersion: text(64),
    advancedThreatProtectionRequiredSecurityLevel: oneOf(THREAT_LEVELS),
    gatekeeperAllowedAppSource: oneOf([
      'notConfigured',
      'macAppStore',
      'macAppStoreAndIdentifiedDevelopers',
      'anywhere',
    ]),
  },
  windows: {
    memoryIntegrityEnabled: flag,
    kernelDmaProtectionEnabled: flag,
    virtualizationBasedSecurityEnabled: flag,
    firmwareProtectionEnabled: flag,
    activeFirewallRequired: flag,
    defenderEnabled: flag,
    defenderVersion: text(64),
    signatureOutOfDate: flag,
    rtpEnabled: flag,
    antivirusRequired: flag,
    antiSpywareRequired: flag,
    // Documented up to 10,000 ranges; a body that size is past BODY_LIMIT_BYTES anyway.
    validOperatingSystemBuildRanges: listOf(
      'operatingSystemVersionRange',
      ['description', 'lowestVersion', 'highestVersion'],
      1000,
      ['lowestVersion', 'highestVersion'],
    ),
    deviceThreatProtectionEnabled: flag,
    deviceThreatProtectionRequiredSecurityLevel: oneOf(THREAT_LEVELS),
    configurationManagerComplianceRequired: flag,
    tpmRequired: flag,
    deviceCompliancePolicyScript: {
      kind: {
        type: 'object',
        complexType: 'deviceCompliancePolicyScript',
        properties: ['deviceComplianceScriptId', 'rulesContent'],
        binary: ['rulesContent'],
      },
      empty: null,
    },
    wslDistributions: listOf(
      'wslDistributionConfiguration',
      ['distribution', 'minimumOSVersion', 'maximumOSVersion'],
      100,
    ),
  },
};

/** The settings of a type as a Graph version documents them. */
const settingsOf = (platform: Platform, version: GraphVersion) =>
  version === 'beta'
    ? { ...COMPLIANCE_POLICY_SETTINGS[platform], ...BETA_COMPLIANCE_POLICY_SETTINGS[platform] }
    : COMPLIANCE_POLICY_SETTINGS[platform];

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

/** Every setting name of any of the four types in either version (the DTOs' whitelist). */
export const COMPLIANCE_POLICY_SETTING_NAMES: readonly string[] = [
  ...new Set(
    [COMPLIANCE_POLICY_SETTINGS, BETA_COMPLIANCE_POLICY_SETTINGS].flatMap((settings) =>
      Object.values(settings).flatMap((type) => Object.keys(type)),
    ),
  ),
];

export type ReadSettings =
  | { ok: true; settings: Record<string, PolicySettingValue> }
  | { ok: false; property: string; message: string };

/**
 * The settings of a body for a policy of `platform`, as `version` documents the type, checked: a
 * setting of another type is refused naming the type, a beta setting on v1.0 naming the version, a
 * bad value naming the setting (never quoting the value). Complex values are kept in their
 * documented shape (every property, null when not given). Pure.
 */
export function readPolicySettings(
  platform: Platform,
  odataType: string,
  body: Readonly<Record<string, unknown>>,
  version: GraphVersion,
): ReadSettings {
  const documented = settingsOf(platform, version);
  const settings: Record<string, PolicySettingValue> = {};
  for (const name of COMPLIANCE_POLICY_SETTING_NAMES) {
    const value = body[name];
    if (value === undefined) continue;
    const setting = Object.hasOwn(documented, name) ? documented[name] : undefined;
    if (!setting) {
      const betaOnly =
        version !== 'beta' && Object.hasOwn(BETA_COMPLIANCE_POLICY_SETTINGS[platform], name);
      const message = betaOnly
        ? `is not a property of ${odataType} in v1.0 (it is in beta)`
        : `is not a property of ${odataType}`;
      return { ok: false, property: name, message };
    }
    if (value === null) {
      const problem = nullProblem(setting);
      if (problem) return { ok: false, property: name, message: problem };
      settings[name] = null;
      continue;
    }
    const read = readValue(setting.kind, value);
    if ('problem' in read) {
      return { ok: false, property: name + (read.at ?? ''), message: read.problem };
    }
    settings[name] = read.value;
  }
  return { ok: true, settings };
}

/** Every setting `version` documents for the type: the stored value, or Graph's empty value. */
export function answerPolicySettings(
  platform: Platform,
  stored: Readonly<Record<string, unknown>>,
  version: GraphVersion,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(settingsOf(platform, version)).map(([name, setting]) => [
      name,
      Object.hasOwn(stored, name) ? stored[name] : setting.empty,
    ]),
  );
}

function nullProblem(setting: Setting): string | null {
  return setting.kind.type === 'boolean' ||
    setting.kind.type === 'enum' ||
    setting.kind.type === 'list'
    ? 'must not be null'
    : null;
}

type ReadValue = { value: PolicySettingValue } | { problem: string; at?: string };

function readValue(kind: Kind, value: unknown): ReadValue {
  if (kind.type === 'list') {
    if (!Array.isArray(value)) return { problem: `must be a list of ${kind.complexType}` };
    if (value.length > kind.maxItems) {
      return { problem: `must have at most ${kind.maxItems} elements` };
    }
    const items: PolicySettingObject[] = [];
    for (const [index, element] of value.entries()) {
      const item = readComplex(kind.complexType, kind.properties, [], element, kind.versions);
      if ('problem' in item) return { problem: item.problem, at: `[${index}]${item.at ?? ''}` };
      items.push(item.value);
    }
    return { value: items };
  }
  if (kind.type === 'object') {
    return readComplex(kind.complexType, kind.properties, kind.binary, value);
  }
  const problem = valueProblem(kind, value);
  return problem ? { problem } : { value: value as PolicySettingValue };
}

const VERSION_PROBLEM =
  'must be an OS version such as 17.4 or 10.0.22631 (numbers separated by dots)';

/** Longest text property of a complex value; a base64 binary (a compliance script's rules) more. */
const COMPLEX_TEXT_LENGTH = 2000;
const BINARY_LENGTH = 64 * 1024;

/**
 * One value of a documented complex type: an object whose properties are the documented ones
 * (text, or null), with its `@odata.type` if given (with or without `#`, as the examples write it).
 */
function readComplex(
  complexType: string,
  properties: readonly string[],
  binary: readonly string[],
  value: unknown,
  versions: readonly string[] = [],
): { value: PolicySettingObject } | { problem: string; at?: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: `must be a ${complexType} object` };
  }
  const given = value as Record<string, unknown>;
  const odataType = given['@odata.type'];
  if (
    odataType !== undefined &&
    odataType !== `microsoft.graph.${complexType}` &&
    odataType !== `#microsoft.graph.${complexType}`
  ) {
    return { problem: `must be #microsoft.graph.${complexType}`, at: '.@odata.type' };
  }
  const unknown = Object.keys(given).find(
    (name) => name !== '@odata.type' && !properties.includes(name),
  );
  if (unknown !== undefined) {
    return { problem: `is not a property of ${complexType}`, at: `.${unknown}` };
  }
  const read: PolicySettingObject = { '@odata.type': `#microsoft.graph.${complexType}` };
  for (const name of properties) {
    const property = given[name];
    if (property === undefined || property === null) {
      read[name] = null;
      continue;
    }
    const ok = binary.includes(name)
      ? typeof property === 'string' &&
        property.length <= BINARY_LENGTH &&
        /^[A-Za-z0-9+/]*={0,2}$/.test(property) &&
        property.length % 4 === 0
      : isText(property, COMPLEX_TEXT_LENGTH);
    if (ok && versions.includes(name) && versionNumbers(property as string) === null) {
      return { problem: VERSION_PROBLEM, at: `.${name}` };
    }
    if (!ok) {
      return {
        problem: binary.includes(name)
          ? `must be base64 of at most ${BINARY_LENGTH} characters`
          : `must be text of at most ${COMPLEX_TEXT_LENGTH} characters`,
        at: `.${name}`,
      };
    }
    read[name] = property as string;
  }
  return { value: read };
}

function valueProblem(kind: Kind, value: unknown): string | null {
  switch (kind.type) {
    case 'list':
    case 'object':
      return 'must be a complex value';
    case 'text':
      return isText(value, kind.maxLength)
        ? null
        : `must be text of at most ${kind.maxLength} characters`;
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
      return isText(value, 64) && versionNumbers(value) !== null ? null : VERSION_PROBLEM;
    case 'date':
      return typeof value === 'string' && isPatchLevel(value)
        ? null
        : 'must be a date YYYY-MM-DD, as Android reports its security patch level';
  }
}
