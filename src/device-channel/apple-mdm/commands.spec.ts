import { REMOTE_ACTIONS } from '../../platform/database/entities/device-command.entity';
import { AppleMdmDevice } from '../../../simulators/apple-mdm/apple-mdm-device';
import { corporateMac, supervisedCorporateIphone } from '../../../test/support/apple-mdm-devices';
import { AppleCommandRequest } from '../contract/apple-mdm';
import { encodePlist, real } from '../contract/apple-plist';
import {
  commandsForRemoteAction,
  installApplication,
  inventoryCommands,
  InventoryTarget,
} from './commands';
import { decodeCommandReport } from './messages';
import { parsePlist } from './plist-codec';
import { checkInOf } from './to-device-report';

const corporateIphone: InventoryTarget = {
  platform: 'ios',
  userEnrollment: false,
  appInventory: 'all',
  securityState: 'off',
};

/** Every command the server can send, for every kind of target. */
function everyCommand(): AppleCommandRequest[] {
  const targets: InventoryTarget[] = [
    corporateIphone,
    { platform: 'ios', userEnrollment: true, appInventory: 'managedOnly', securityState: 'on' },
    { platform: 'macos', userEnrollment: false, appInventory: 'managedOnly', securityState: 'on' },
    { platform: 'macos', userEnrollment: true, appInventory: 'managedOnly', securityState: 'on' },
  ];
  return targets.flatMap((target) => [
    ...inventoryCommands(target),
    ...REMOTE_ACTIONS.flatMap((action) =>
      commandsForRemoteAction(
        action,
        action === 'wipe' ? { macOsUnlockCode: '123456' } : null,
        target,
      ),
    ),
    installApplication('com.microsoft.skype.teams', target),
    { RequestType: 'RemoveApplication', Identifier: 'com.microsoft.skype.teams' },
  ]);
}

describe('Apple commands', () => {
  it('every command the server sends survives the wire unchanged and is answered in a form the server reads', () => {
    const commands = everyCommand();
    expect(new Set(commands.map((command) => command.RequestType))).toEqual(
      new Set([
        'DeviceInformation',
        'InstalledApplicationList',
        'ManagedApplicationList',
        'DeviceLock',
        'RestartDevice',
        'ShutDownDevice',
        'EraseDevice',
        'RemoveProfile',
        'DeviceLocation',
        'InstallApplication',
        'RemoveApplication',
        'SecurityInfo',
      ]),
    );
    const iphone = new AppleMdmDevice({ ...supervisedCorporateIphone(7), lostMode: true });
    const mac = new AppleMdmDevice(corporateMac(8));
    for (const command of commands) {
      const wire = encodePlist({ CommandUUID: 'c-1', Command: command as never });
      expect(parsePlist(Buffer.from(wire))).toEqual({ CommandUUID: 'c-1', Command: command });
      for (const device of [iphone, mac]) {
        const answer = encodePlist({
          ...device.answer(command),
          CommandUUID: 'c-1',
          ...device.ids(),
        });
        const report = decodeCommandReport(parsePlist(Buffer.from(answer)));
        expect(['Acknowledged', 'Error']).toContain(report.status);
        expect(() =>
          checkInOf(
            report,
            {
              requestType: command.RequestType,
              remoteActionId: 'action-1',
              appIdentifier:
                command.RequestType === 'InstallApplication' ||
                command.RequestType === 'RemoveApplication'
                  ? command.Identifier
                  : null,
            },
            new Map(),
          ),
        ).not.toThrow();
      }
    }
  });

  it('asks personal devices for managed apps only, and a Mac under User Enrollment for no app list at all', () => {
    const types = (target: InventoryTarget) =>
      inventoryCommands(target).map((command) =>
        command.RequestType === 'InstalledApplicationList' && command.ManagedAppsOnly
          ? 'InstalledApplicationList(managed only)'
          : command.RequestType,
      );
    expect(types(corporateIphone)).toEqual([
      'DeviceInformation',
      'InstalledApplicationList',
      'ManagedApplicationList',
    ]);
    expect(
      types({
        platform: 'ios',
        userEnrollment: false,
        appInventory: 'managedOnly',
        securityState: 'off',
      }),
    ).toEqual([
      'DeviceInformation',
      'InstalledApplicationList(managed only)',
      'ManagedApplicationList',
    ]);
    // While a compliance policy applies, the security state too.
    expect(
      types({ platform: 'macos', userEnrollment: true, appInventory: 'all', securityState: 'on' }),
    ).toEqual(['DeviceInformation', 'SecurityInfo', 'ManagedApplicationList']);
  });

  it('a macOS wipe carries the unlock PIN; retire removes the MDM payload of the enrollment profile', () => {
    expect(commandsForRemoteAction('wipe', { macOsUnlockCode: '123456' }, corporateIphone)).toEqual(
      [{ RequestType: 'EraseDevice', PIN: '123456' }],
    );
    expect(commandsForRemoteAction('retire', null, corporateIphone)).toEqual([
      { RequestType: 'RemoveProfile', Identifier: 'com.deviceinventorycollector.mdm' },
    ]);
  });

  it('writes a whole-number real as <real>, as Apple’s devices do', () => {
    const wire = encodePlist({ DeviceCapacity: real(64), BatteryLevel: real(0.5), Count: 3 });
    expect(wire).toContain('<key>DeviceCapacity</key><real>64.0</real>');
    expect(wire).toContain('<real>0.5</real>');
    expect(wire).toContain('<integer>3</integer>');
  });
});
