import {
  combineCompliance,
  CompliancePolicyRule,
  evaluateCompliancePolicy,
  EvaluatedDevice,
  evaluatedSettings,
  Platform,
  ReportedSecurityState,
  securityFieldNotOnPlatform,
} from '..';

const policy = (platform: Platform, settings: Record<string, unknown>): CompliancePolicyRule => ({
  id: 'p1',
  version: 3,
  platform,
  settings,
});

const healthy: Record<Platform, { osVersion: string; security: ReportedSecurityState }> = {
  ios: {
    osVersion: '17.5.1',
    security: { passcodePresent: true, storageEncrypted: true, jailBroken: false },
  },
  android: {
    osVersion: '14',
    security: {
      passcodePresent: true,
      passcodeMinimumLength: 6,
      storageEncrypted: true,
      jailBroken: false,
      securityPatchLevel: '2024-06-05',
    },
  },
  macos: {
    osVersion: '14.5',
    security: {
      passcodePresent: true,
      storageEncrypted: true,
      systemIntegrityProtectionEnabled: true,
      firewallEnabled: true,
    },
  },
  windows: {
    osVersion: '10.0.22631.3880',
    security: {
      passcodePresent: true,
      passcodeMinimumLength: 8,
      storageEncrypted: true,
      bitLockerEnabled: true,
      secureBootEnabled: true,
      codeIntegrityEnabled: true,
    },
  },
};

interface Case {
  platform: Platform;
  setting: string;
  value: unknown;
  broken: Partial<EvaluatedDevice> | { security: ReportedSecurityState };
}

const cases: Case[] = [
  { platform: 'ios', setting: 'osMinimumVersion', value: '17.4', broken: { osVersion: '16.7.8' } },
  { platform: 'ios', setting: 'osMaximumVersion', value: '17.99', broken: { osVersion: '18.0' } },
  {
    platform: 'ios',
    setting: 'passcodeRequired',
    value: true,
    broken: { security: { passcodePresent: false } },
  },
  {
    platform: 'ios',
    setting: 'securityBlockJailbrokenDevices',
    value: true,
    broken: { security: { jailBroken: true } },
  },
  { platform: 'android', setting: 'osMinimumVersion', value: '13', broken: { osVersion: '12' } },
  { platform: 'android', setting: 'osMaximumVersion', value: '14', broken: { osVersion: '15' } },
  {
    platform: 'android',
    setting: 'passwordRequired',
    value: true,
    broken: { security: { passcodePresent: false } },
  },
  {
    platform: 'android',
    setting: 'passwordMinimumLength',
    value: 6,
    broken: { security: { passcodePresent: true, passcodeMinimumLength: 4 } },
  },
  {
    platform: 'android',
    setting: 'storageRequireEncryption',
    value: true,
    broken: { security: { storageEncrypted: false } },
  },
  {
    platform: 'android',
    setting: 'securityBlockJailbrokenDevices',
    value: true,
    broken: { security: { jailBroken: true } },
  },
  {
    platform: 'android',
    setting: 'minAndroidSecurityPatchLevel',
    value: '2024-03-01',
    broken: { security: { securityPatchLevel: '2023-11-05' } },
  },
  {
    platform: 'macos',
    setting: 'osMinimumVersion',
    value: '14.0',
    broken: { osVersion: '13.6.7' },
  },
  { platform: 'macos', setting: 'osMaximumVersion', value: '14.9', broken: { osVersion: '15.0' } },
  {
    platform: 'macos',
    setting: 'passwordRequired',
    value: true,
    broken: { security: { passcodePresent: false } },
  },
  {
    platform: 'macos',
    setting: 'storageRequireEncryption',
    value: true,
    broken: { security: { storageEncrypted: false } },
  },
  {
    platform: 'macos',
    setting: 'systemIntegrityProtectionEnabled',
    value: true,
    broken: { security: { systemIntegrityProtectionEnabled: false } },
  },
  {
    platform: 'macos',
    setting: 'firewallEnabled',
    value: true,
    broken: { security: { firewallEnabled: false } },
  },
  {
    platform: 'windows',
    setting: 'osMinimumVersion',
    value: '10.0.22621',
    broken: { osVersion: '10.0.19045.4529' },
  },
  {
    platform: 'windows',
    setting: 'osMaximumVersion',
    value: '10.0.22631.9999',
    broken: { osVersion: '10.0.26100.1' },
  },
  {
    platform: 'windows',
    setting: 'passwordRequired',
    value: true,
    broken: { security: { passcodePresent: false } },
  },
  {
    platform: 'windows',
    setting: 'passwordMinimumLength',
    value: 8,
    broken: { security: { passcodePresent: true, passcodeMinimumLength: 6 } },
  },
  {
    platform: 'windows',
    setting: 'storageRequireEncryption',
    value: true,
    broken: { security: { storageEncrypted: false } },
  },
  {
    platform: 'windows',
    setting: 'bitLockerEnabled',
    value: true,
    broken: { security: { bitLockerEnabled: false } },
  },
  {
    platform: 'windows',
    setting: 'secureBootEnabled',
    value: true,
    broken: { security: { secureBootEnabled: false } },
  },
  {
    platform: 'windows',
    setting: 'codeIntegrityEnabled',
    value: true,
    broken: { security: { codeIntegrityEnabled: false } },
  },
  {
    // beta: the build must fall in one of the ranges (bounds included).
    platform: 'windows',
    setting: 'validOperatingSystemBuildRanges',
    value: [
      { description: '23H2', lowestVersion: '10.0.22631.3000', highestVersion: '10.0.22631.3880' },
      { description: null, lowestVersion: '10.0.26100.1', highestVersion: '10.0.26100.9999' },
    ],
    broken: { osVersion: '10.0.22621.3880' },
  },
];

describe('each compliance setting makes a device noncompliant when broken and compliant when fixed', () => {
  it('covers every setting the evaluator checks', () => {
    for (const platform of ['ios', 'android', 'macos', 'windows'] as const) {
      expect(
        cases
          .filter((c) => c.platform === platform)
          .map((c) => c.setting)
          .sort(),
      ).toEqual(evaluatedSettings(platform).sort());
    }
  });

  it.each(cases)('$platform $setting', ({ platform, setting, value, broken }) => {
    const rule = policy(platform, { [setting]: value });
    const fixed: EvaluatedDevice = { platform, ...healthy[platform] };
    const breaking: EvaluatedDevice = {
      ...fixed,
      ...broken,
      security: { ...fixed.security, ...('security' in broken ? broken.security : {}) },
    };

    const bad = evaluateCompliancePolicy(rule, breaking);
    expect(bad.state).toBe('nonCompliant');
    expect(bad.settings).toEqual([expect.objectContaining({ setting, state: 'nonCompliant' })]);

    const good = evaluateCompliancePolicy(rule, fixed);
    expect(good).toEqual({
      policyId: 'p1',
      version: 3,
      state: 'compliant',
      settings: [expect.objectContaining({ setting, state: 'compliant' })],
    });
  });

  it('is unknown, not compliant, while the device has not reported the state a setting needs', () => {
    const result = evaluateCompliancePolicy(policy('ios', { passcodeRequired: true }), {
      platform: 'ios',
      osVersion: '17.5',
      security: null,
    });
    expect(result.state).toBe('unknown');
    expect(result.settings).toEqual([
      { setting: 'passcodeRequired', state: 'unknown', currentValue: null },
    ]);
  });

  it('names the reported values, and leaves out settings that are not configured', () => {
    const result = evaluateCompliancePolicy(
      policy('android', {
        passwordRequired: false,
        osMinimumVersion: null,
        minAndroidSecurityPatchLevel: '2024-03-01',
        passwordExpirationDays: 90,
      }),
      { platform: 'android', ...healthy.android },
    );
    expect(result.settings).toEqual([
      { setting: 'minAndroidSecurityPatchLevel', state: 'compliant', currentValue: '2024-06-05' },
    ]);
  });

  it('combines several policies and the app lists: any noncompliant wins, then unknown', () => {
    expect(combineCompliance(['compliant', 'noncompliant', 'unknown'])).toBe('noncompliant');
    expect(combineCompliance(['compliant', 'unknown'])).toBe('unknown');
    expect(combineCompliance(['compliant', 'compliant'])).toBe('compliant');
    expect(combineCompliance([])).toBeNull();
  });

  it('names a reported state its platform cannot report', () => {
    expect(
      securityFieldNotOnPlatform('ios', { passcodePresent: true, bitLockerEnabled: true }),
    ).toBe('bitLockerEnabled');
    expect(securityFieldNotOnPlatform('windows', healthy.windows.security)).toBeNull();
  });
});
