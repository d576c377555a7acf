import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppleMdmDevice } from '../../../simulators/apple-mdm/apple-mdm-device';
import {
  corporateMac,
  supervisedCorporateIphone,
  userEnrollmentIphone,
} from '../../../test/support/apple-mdm-devices';
import { encodePlist } from '../contract/apple-plist';
import { AppleCommandRequest } from '../contract/apple-mdm';
import { AppOnDevice, appCommands, AppTarget, installApplication } from './commands';
import { decodeCommandReport } from './messages';
import { parsePlist } from './plist-codec';
import { checkInOf } from './to-device-report';

/** Apple's shapes (testdata/, written from mdm/commands/application.install.yaml and application.remove.yaml). */
const fixture = (name: string) => parsePlist(readFileSync(join(__dirname, 'testdata', name)));
const commandIn = (name: string) => (fixture(name) as { Command: AppleCommandRequest }).Command;

const TEAMS = 'com.microsoft.skype.teams';
const TEAMS_APP_ID = 'a3f0c2d4-0000-4000-8000-000000000001';
const deployed = new Map([[TEAMS, TEAMS_APP_ID]]);
const corporateIphone: AppTarget = { platform: 'ios', userEnrollment: false };
const userEnrolledIphone: AppTarget = { platform: 'ios', userEnrollment: true };
const userEnrolledMac: AppTarget = { platform: 'macos', userEnrollment: true };

const app = (overrides: Partial<AppOnDevice>): AppOnDevice => ({
  bundleId: TEAMS,
  required: true,
  assigned: true,
  state: null,
  last: null,
  ...overrides,
});

describe('Apple app commands', () => {
  it('installs a required app as Apple’s schema shapes it for each enrollment, and the wire keeps it unchanged', () => {
    expect(installApplication(TEAMS, corporateIphone)).toEqual(
      commandIn('InstallApplication.iPhone.command.plist'),
    );
    expect(installApplication(TEAMS, userEnrolledIphone)).toEqual(
      commandIn('InstallApplication.UserEnrollment.command.plist'),
    );
    expect(
      installApplication('com.microsoft.teams2', { platform: 'macos', userEnrollment: false }),
    ).toEqual(commandIn('InstallApplication.Mac.command.plist'));
    // User Enrollment forbids taking over the user's copy, and on a Mac the management flags too.
    expect(installApplication(TEAMS, userEnrolledMac)).toEqual({
      RequestType: 'InstallApplication',
      Identifier: TEAMS,
    });
    const removal = commandIn('RemoveApplication.command.plist');
    expect(
      appCommands(
        corporateIphone,
        [
          app({
            required: false,
            assigned: false,
            state: 'installed',
            last: { requestType: 'InstallApplication', status: 'acknowledged', queuedAt: 1 },
          }),
        ],
        0,
      ),
    ).toEqual([removal]);
    for (const command of [installApplication(TEAMS, userEnrolledIphone), removal]) {
      const wire = encodePlist({ CommandUUID: 'c-1', Command: command as never });
      expect(parsePlist(Buffer.from(wire))).toEqual({ CommandUUID: 'c-1', Command: command });
    }
  });

  it('an accepted install is pending, a rejection or an error is failed with its reason, and the app must be the one asked for', () => {
    const answered = (name: string) =>
      checkInOf(
        decodeCommandReport(fixture(name)),
        { requestType: 'InstallApplication', remoteActionId: null, appIdentifier: TEAMS },
        deployed,
      );
    expect(answered('InstallApplication.Installing.plist')).toEqual({
      installStates: [{ mobileAppId: TEAMS_APP_ID, state: 'pendingInstall' }],
    });
    expect(answered('InstallApplication.Rejected.plist')).toEqual({
      installStates: [
        { mobileAppId: TEAMS_APP_ID, state: 'failed', errorCode: 'AppAlreadyInstalled' },
      ],
    });
    expect(answered('InstallApplication.Error.plist')).toEqual({
      installStates: [
        { mobileAppId: TEAMS_APP_ID, state: 'failed', errorCode: 'MCMDMErrorDomain 12024' },
      ],
    });
    // An app the tenant does not deploy (deleted meanwhile) has no install state to keep.
    expect(
      checkInOf(
        decodeCommandReport(fixture('InstallApplication.Installing.plist')),
        { requestType: 'InstallApplication', remoteActionId: null, appIdentifier: TEAMS },
        new Map(),
      ),
    ).toEqual({});
    const otherApp = decodeCommandReport(fixture('InstallApplication.Installing.plist'));
    otherApp.body.Identifier = 'com.example.other';
    expect(() =>
      checkInOf(
        otherApp,
        { requestType: 'InstallApplication', remoteActionId: null, appIdentifier: TEAMS },
        deployed,
      ),
    ).toThrow("Invalid field 'Identifier'");
  });

  it('installs a required app the device does not hold as managed, once per inventory round, and leaves available apps alone', () => {
    const sent = { requestType: 'InstallApplication' as const, queuedAt: 200 };
    const types = (apps: AppOnDevice[], inventoryRequestedAt = 100) =>
      appCommands(corporateIphone, apps, inventoryRequestedAt).map((c) => c.RequestType);
    expect(types([app({})])).toEqual(['InstallApplication']);
    expect(types([app({ state: 'installed' })])).toEqual([]);
    expect(types([app({ state: 'pendingInstall' })])).toEqual([]);
    expect(types([app({ required: false })])).toEqual([]);
    expect(types([app({ last: { ...sent, status: 'sent' } })])).toEqual([]);
    // Failed in this round: tried again after the next inventory.
    expect(types([app({ state: 'failed', last: { ...sent, status: 'error' } })])).toEqual([]);
    expect(types([app({ state: 'failed', last: { ...sent, status: 'error' } })], 300)).toEqual([
      'InstallApplication',
    ]);
    // The user deleted the managed app (ManagedButUninstalled): installed again next round.
    expect(
      types([app({ state: 'notInstalled', last: { ...sent, status: 'acknowledged' } })], 300),
    ).toEqual(['InstallApplication']);
  });

  it('removes only what this server installed once its assignment is gone, never on a Mac under User Enrollment', () => {
    const installed = {
      requestType: 'InstallApplication' as const,
      status: 'acknowledged' as const,
      queuedAt: 1,
    };
    const unassigned = app({
      required: false,
      assigned: false,
      state: 'installed',
      last: installed,
    });
    expect(appCommands(corporateIphone, [unassigned], 0)).toEqual([
      { RequestType: 'RemoveApplication', Identifier: TEAMS },
    ]);
    expect(appCommands(userEnrolledIphone, [unassigned], 0)).toHaveLength(1);
    expect(appCommands(userEnrolledMac, [unassigned], 0)).toEqual([]);
    // Made available instead of required: left installed.
    expect(appCommands(corporateIphone, [{ ...unassigned, assigned: true }], 0)).toEqual([]);
    // Installed by the user, or already removed: not ours to remove.
    expect(appCommands(corporateIphone, [{ ...unassigned, last: null }], 0)).toEqual([]);
    expect(
      appCommands(
        corporateIphone,
        [{ ...unassigned, last: { ...installed, requestType: 'RemoveApplication' } }],
        0,
      ),
    ).toEqual([]);
  });

  it('a simulated iPhone installs the app, lists it as managed, defers while locked, and takes over a copy its user installed', () => {
    const iphone = new AppleMdmDevice({ ...supervisedCorporateIphone(3), locked: true });
    const install = installApplication(TEAMS, corporateIphone);
    expect(iphone.answer(install)).toEqual({ Status: 'NotNow' });
    iphone.facts.locked = false;
    expect(iphone.answer(install)).toEqual({
      Status: 'Acknowledged',
      Identifier: TEAMS,
      State: 'Installing',
    });
    expect(iphone.answer({ RequestType: 'ManagedApplicationList', Identifiers: [TEAMS] })).toEqual({
      Status: 'Acknowledged',
      ManagedApplicationList: { [TEAMS]: { Status: 'Managed', ManagementFlags: 1 } },
    });
    const listed = iphone.answer({
      RequestType: 'InstalledApplicationList',
      ManagedAppsOnly: true,
    });
    expect(listed.InstalledApplicationList).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Identifier: TEAMS, Name: 'Microsoft Teams' }),
      ]),
    );
    expect(iphone.answer({ RequestType: 'RemoveApplication', Identifier: TEAMS })).toEqual({
      Status: 'Acknowledged',
    });
    expect(
      iphone.answer({ RequestType: 'ManagedApplicationList', Identifiers: [TEAMS] })
        .ManagedApplicationList,
    ).toEqual({});
    // Spotify was installed by the user: a supervised device hands it to management when asked.
    expect(iphone.answer(installApplication('com.spotify.client', corporateIphone))).toMatchObject({
      State: 'Managed',
    });
    const personal = new AppleMdmDevice(userEnrollmentIphone(4));
    personal.facts.apps.push({ ...personal.facts.apps[0], identifier: TEAMS, managed: false });
    expect(personal.answer(installApplication(TEAMS, userEnrolledIphone))).toEqual({
      Status: 'Acknowledged',
      RejectionReason: 'AppAlreadyInstalled',
    });
  });

  it('a fleet’s installs fail now and then, as Failed in ManagedApplicationList, and a later attempt can succeed', () => {
    const statuses = new Map<string, number>();
    const retries: string[] = [];
    for (let n = 0; n < 200; n += 1) {
      const mac = new AppleMdmDevice({ ...corporateMac(100 + n), installFailureRate: 0.03 });
      mac.answer(
        installApplication('com.microsoft.teams2', { platform: 'macos', userEnrollment: false }),
      );
      const list = mac.answer({ RequestType: 'ManagedApplicationList' })
        .ManagedApplicationList as Record<string, { Status: string }>;
      const status = list['com.microsoft.teams2'].Status;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 'Failed') {
        mac.answer(
          installApplication('com.microsoft.teams2', { platform: 'macos', userEnrollment: false }),
        );
        const retried = mac.answer({ RequestType: 'ManagedApplicationList' })
          .ManagedApplicationList as Record<string, { Status: string }>;
        retries.push(retried['com.microsoft.teams2'].Status);
      }
    }
    expect(retries).toContain('Managed');
    expect(statuses.get('Failed')).toBeGreaterThan(0);
    expect(statuses.get('Failed')).toBeLessThan(20);
    expect(statuses.get('Managed')! + statuses.get('Failed')!).toBe(200);
  });
});
