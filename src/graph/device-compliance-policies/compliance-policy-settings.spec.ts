import { answerPolicySettings, readPolicySettings } from './compliance-policy-settings';

const MACOS = '#microsoft.graph.macOSCompliancePolicy';

describe('compliance policy settings by Graph version', () => {
  it('accepts a beta-only setting on beta and refuses it on v1.0, saying so', () => {
    const body = { gatekeeperAllowedAppSource: 'macAppStore', osMinimumBuildVersion: '23E224' };
    expect(readPolicySettings('macos', MACOS, body, 'beta')).toEqual({
      ok: true,
      settings: body,
    });
    expect(
      readPolicySettings('macos', MACOS, { gatekeeperAllowedAppSource: 'macAppStore' }, 'v1.0'),
    ).toEqual({
      ok: false,
      property: 'gatekeeperAllowedAppSource',
      message: `is not a property of ${MACOS} in v1.0 (it is in beta)`,
    });
  });

  it("keeps a complex list in its documented shape and names a bad element's property", () => {
    const windows = '#microsoft.graph.windows10CompliancePolicy';
    const ranges = [{ lowestVersion: '10.0.22621.0', highestVersion: '10.0.22631.9999' }];
    expect(
      readPolicySettings('windows', windows, { validOperatingSystemBuildRanges: ranges }, 'beta'),
    ).toEqual({
      ok: true,
      settings: {
        validOperatingSystemBuildRanges: [
          {
            '@odata.type': '#microsoft.graph.operatingSystemVersionRange',
            description: null,
            ...ranges[0],
          },
        ],
      },
    });
    expect(
      readPolicySettings(
        'windows',
        windows,
        { deviceCompliancePolicyScript: { rulesContent: 'not base64!' } },
        'beta',
      ),
    ).toMatchObject({ ok: false, property: 'deviceCompliancePolicyScript.rulesContent' });
    expect(
      readPolicySettings('windows', windows, { wslDistributions: null }, 'beta'),
    ).toMatchObject({ ok: false, property: 'wslDistributions', message: 'must not be null' });
  });

  it('answers the beta settings on beta only, with Graph empty values when never set', () => {
    const stored = { restrictedApps: [], osMinimumVersion: '17.0' };
    const beta = answerPolicySettings('ios', stored, 'beta');
    expect(beta).toMatchObject({
      osMinimumVersion: '17.0',
      restrictedApps: [],
      osMinimumBuildVersion: null,
      advancedThreatProtectionRequiredSecurityLevel: 'unavailable',
    });
    const v1 = answerPolicySettings('ios', stored, 'v1.0');
    expect(v1).toHaveProperty('osMinimumVersion', '17.0');
    expect(v1).not.toHaveProperty('restrictedApps');
    expect(v1).not.toHaveProperty('osMinimumBuildVersion');
  });
});
