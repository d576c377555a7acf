import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppleMdmDevice } from '../../../simulators/apple-mdm/apple-mdm-device';
import {
  corporateMac,
  personalMac,
  supervisedCorporateIphone,
  userEnrollmentIphone,
} from '../../../test/support/apple-mdm-devices';
import { decodeCommandReport } from './messages';
import { parsePlist } from './plist-codec';
import { checkInOf } from './to-device-report';

/** Apple's shapes (testdata/, written from mdm/commands/information.security.yaml). */
const fixture = (name: string) =>
  parsePlist(readFileSync(join(__dirname, 'testdata', name))) as Record<string, unknown>;
const securityOf = (answer: unknown) =>
  checkInOf(
    decodeCommandReport(answer),
    { requestType: 'SecurityInfo', remoteActionId: null },
    new Map(),
  );
const keysOf = (dict: unknown): unknown =>
  Object.fromEntries(
    Object.entries(dict as Record<string, unknown>)
      .map(([key, value]) => [
        key,
        typeof value === 'object' && value !== null && !Array.isArray(value) ? keysOf(value) : true,
      ])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );

describe('SecurityInfo', () => {
  it('an iPhone without a passcode has no data protection; one under User Enrollment reports neither', () => {
    expect(securityOf(fixture('SecurityInfo.iPhone.plist'))).toEqual({
      security: { passcodePresent: false, storageEncrypted: false },
    });
    // Apple withholds PasscodePresent under User Enrollment: nothing is guessed from the rest.
    expect(securityOf(fixture('SecurityInfo.UserEnrollment.plist'))).toEqual({ security: {} });
  });

  it('a Mac reports FileVault, System Integrity Protection and its firewall, and no passcode', () => {
    expect(securityOf(fixture('SecurityInfo.Mac.plist'))).toEqual({
      security: {
        storageEncrypted: true,
        systemIntegrityProtectionEnabled: true,
        firewallEnabled: false,
      },
    });
  });

  it('a wrongly typed key is refused by its Apple name', () => {
    const answer = fixture('SecurityInfo.iPhone.plist');
    (answer.SecurityInfo as Record<string, unknown>).PasscodePresent = 'no';
    expect(() => securityOf(answer)).toThrow("Invalid field 'SecurityInfo.PasscodePresent'");
  });

  it('each simulated device answers exactly the keys Apple lists for its platform, OS and enrollment', () => {
    const answered = (device: AppleMdmDevice) =>
      device.answer({ RequestType: 'SecurityInfo' }).SecurityInfo;
    const iphone = new AppleMdmDevice({
      ...supervisedCorporateIphone(1),
      security: { passcodePresent: false },
    });
    expect(keysOf(answered(iphone))).toEqual(
      keysOf(fixture('SecurityInfo.iPhone.plist').SecurityInfo),
    );
    expect(
      securityOf({
        ...iphone.answer({ RequestType: 'SecurityInfo' }),
        ...iphone.ids(),
        CommandUUID: 'c',
      }),
    ).toEqual(securityOf(fixture('SecurityInfo.iPhone.plist')));
    expect(keysOf(answered(new AppleMdmDevice(userEnrollmentIphone(2))))).toEqual(
      keysOf(fixture('SecurityInfo.UserEnrollment.plist').SecurityInfo),
    );
    expect(keysOf(answered(new AppleMdmDevice(corporateMac(3))))).toEqual(
      keysOf(fixture('SecurityInfo.Mac.plist').SecurityInfo),
    );
    // A Mac under User Enrollment: no recovery keys, no firewall app list, no remote-desktop state.
    const personal = answered(new AppleMdmDevice(personalMac(4))) as Record<string, unknown>;
    for (const withheld of [
      'FDE_HasPersonalRecoveryKey',
      'FDE_HasInstitutionalRecoveryKey',
      'RemoteDesktopEnabled',
      'BootstrapTokenAllowedForAuthentication',
      'IsRecoveryLockEnabled',
    ]) {
      expect(personal).not.toHaveProperty(withheld);
    }
    expect(personal.FirewallSettings).not.toHaveProperty('Applications');
    expect(personal).toMatchObject({ FDE_Enabled: true, SystemIntegrityProtectionEnabled: true });
    // An iOS release before AutoLockTime (17.0) does not have it.
    const older = answered(
      new AppleMdmDevice({ ...supervisedCorporateIphone(5), osVersion: '16.7.8' }),
    ) as Record<string, unknown>;
    expect(older).not.toHaveProperty('AutoLockTime');
    expect(older).toHaveProperty('PasscodeLockGracePeriod');
  });
});
