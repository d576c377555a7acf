import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCheckIn, decodeCommandReport } from './messages';
import { parsePlist } from './plist-codec';
import { checkInOf, enrollmentOf } from './to-device-report';

/** Apple's messages (testdata/, written from Apple's device-management schema) as the device channel stores them. */
const fixture = (name: string) => parsePlist(readFileSync(join(__dirname, 'testdata', name)));
const report = (name: string) => decodeCommandReport(fixture(name));
const noApps = new Map<string, string>();

describe('Apple MDM messages become enrollments and check-ins', () => {
  it('an iPhone’s Authenticate enrolls it with its product name standing in for the name it has not sent', () => {
    const message = decodeCheckIn(fixture('Authenticate.iPhone.plist'));
    expect(message.MessageType).toBe('Authenticate');
    expect(enrollmentOf(message as never, 'device')).toEqual({
      platform: 'ios',
      enrollmentType: 'automatedDeviceEnrollment',
      hardware: {
        deviceName: 'iPhone15,2',
        manufacturer: 'Apple',
        model: 'iPhone15,2',
        osVersion: '18.1',
        serialNumber: 'F2LXQ0ABCD12',
        udid: '00008120-001A2B3C4D5E6F70',
        imei: '35 395211 050716 2',
        meid: '35395211050716',
      },
    });
  });

  it('a Mac’s Authenticate carries its name', () => {
    const message = decodeCheckIn(fixture('Authenticate.Mac.plist'));
    expect(enrollmentOf(message as never, 'device')).toMatchObject({
      platform: 'macos',
      hardware: { deviceName: 'Finance MacBook', model: 'Mac14,2', osVersion: '15.1' },
    });
  });

  it('User Enrollment identifies the device by EnrollmentID and enrolls it as appleUserEnrollment without identifiers', () => {
    const message = decodeCheckIn(fixture('Authenticate.UserEnrollment.plist'));
    expect(message).toMatchObject({ EnrollmentID: 'B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0' });
    expect(message.UDID).toBeUndefined();
    expect(enrollmentOf(message as never, 'user')).toEqual({
      platform: 'ios',
      enrollmentType: 'appleUserEnrollment',
      hardware: {
        deviceName: 'iPhone16,1',
        manufacturer: 'Apple',
        model: 'iPhone16,1',
        osVersion: '18.1',
      },
    });
  });

  it('TokenUpdate and CheckOut decode with their data and identity', () => {
    const update = decodeCheckIn(fixture('TokenUpdate.iPhone.plist'));
    expect(update).toMatchObject({ MessageType: 'TokenUpdate', AwaitingConfiguration: false });
    expect(update.MessageType === 'TokenUpdate' && update.Token.length).toBe(32);
    expect(decodeCheckIn(fixture('CheckOut.UserEnrollment.plist'))).toMatchObject({
      MessageType: 'CheckOut',
      EnrollmentID: 'B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0',
    });
  });

  it('DeviceInformation on a dual-SIM iPhone takes slot one, then slot two’s IMEI as the second, in decimal gigabytes', () => {
    const checkIn = checkInOf(
      report('DeviceInformation.dualSim.plist'),
      { requestType: 'DeviceInformation', remoteActionId: null },
      noApps,
    );
    expect(checkIn).toEqual({
      hardware: {
        deviceName: 'Sales iPhone',
        model: 'iPhone15,2',
        osVersion: '18.1',
        serialNumber: 'F2LXQ0ABCD12',
        udid: '00008120-001A2B3C4D5E6F70',
        imei: '35 395211 050716 2',
        imei2: '35 395211 050717 0',
        meid: '35395211050716',
        iccid: '8946 0100 0000 0000 426',
        eid: '89049032000000000000000000004237',
        phoneNumber: '+46700000042',
        subscriberCarrier: 'Telia',
        wiFiMacAddress: 'a4:83:e7:00:00:2a',
        totalStorageSpaceInBytes: 128_000_000_000,
        freeStorageSpaceInBytes: 61_500_000_000,
      },
    });
  });

  it('an iPhone without ServiceSubscriptions (iOS 11) falls back to the deprecated top-level keys', () => {
    const { hardware } = checkInOf(
      report('DeviceInformation.legacySim.plist'),
      { requestType: 'DeviceInformation', remoteActionId: null },
      noApps,
    );
    expect(hardware).toMatchObject({
      imei: '35 395211 050716 2',
      iccid: '8946 0100 0000 0000 426',
      phoneNumber: '+15550100199',
      subscriberCarrier: 'Verizon',
      totalStorageSpaceInBytes: 64_000_000_000,
    });
    expect(hardware).not.toHaveProperty('imei2');
    expect(hardware).not.toHaveProperty('eid');
  });

  it('InstalledApplicationList keeps installed apps with the version users see; an app still installing without an id is skipped', () => {
    expect(
      checkInOf(
        report('InstalledApplicationList.plist'),
        { requestType: 'InstalledApplicationList', remoteActionId: null },
        noApps,
      ),
    ).toEqual({
      apps: [
        {
          appId: 'com.microsoft.Office.Outlook',
          displayName: 'Outlook',
          version: '4.2451.0',
          sizeInBytes: 362_000_000,
        },
        {
          appId: 'com.example.noversion',
          displayName: 'com.example.noversion',
          version: 'unknown',
        },
      ],
    });
  });

  it('ManagedApplicationList becomes install states of the tenant’s deployed apps only', () => {
    const deployed = new Map([
      ['com.microsoft.Office.Outlook', 'outlook-id'],
      ['com.microsoft.skype.teams', 'teams-id'],
    ]);
    expect(
      checkInOf(
        report('ManagedApplicationList.plist'),
        { requestType: 'ManagedApplicationList', remoteActionId: null },
        deployed,
      ),
    ).toEqual({
      installStates: [
        { mobileAppId: 'outlook-id', state: 'installed' },
        { mobileAppId: 'teams-id', state: 'pendingInstall' },
      ],
    });
  });

  it('a located device’s answer is the locateDevice result with its location', () => {
    expect(
      checkInOf(
        report('DeviceLocation.plist'),
        { requestType: 'DeviceLocation', remoteActionId: 'locate-1' },
        noApps,
      ),
    ).toEqual({
      commandResults: [
        {
          commandId: 'locate-1',
          status: 'done',
          location: {
            latitude: 59.3293,
            longitude: 18.0686,
            accuracyInMeters: 12,
            observedDateTime: '2026-12-07T09:00:00Z',
          },
        },
      ],
    });
  });

  it('an Error result fails the remote action with the English description from its ErrorChain', () => {
    expect(
      checkInOf(
        report('RestartDevice.Error.plist'),
        { requestType: 'RestartDevice', remoteActionId: 'reboot-1' },
        noApps,
      ),
    ).toEqual({
      commandResults: [
        {
          commandId: 'reboot-1',
          status: 'failed',
          errorDetail: 'MCMDMErrorDomain 12081: The command is not supported.',
        },
      ],
    });
  });

  it('Idle and NotNow report nothing', () => {
    expect(checkInOf(report('Idle.plist'), null, noApps)).toEqual({});
    expect(
      checkInOf(
        report('NotNow.plist'),
        { requestType: 'DeviceInformation', remoteActionId: null },
        noApps,
      ),
    ).toEqual({});
  });

  it('a key of the wrong type is refused by name', () => {
    const wrong = report('DeviceInformation.dualSim.plist');
    (wrong.body.QueryResponses as Record<string, unknown>).DeviceCapacity = '128 GB';
    expect(() =>
      checkInOf(wrong, { requestType: 'DeviceInformation', remoteActionId: null }, noApps),
    ).toThrow("Invalid field 'QueryResponses.DeviceCapacity': must be a number.");
  });
});
