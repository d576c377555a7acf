import { WORK_PROFILE_ENROLLMENTS } from '../../src/rules';
import { SimulatedDevice } from '../../simulators/fleet/device-profile';
import { generateFleet } from '../../simulators/fleet/fleet';
import { checkedIdentifiers } from './spec-support';
import { deployedAppEntry, wipedDevice } from '../../simulators/fleet/wipe';

describe('a device after a factory reset', () => {
  const { plan, devices } = generateFleet({ seed: 5, size: 120, longTailAppsPerPlatform: 300 });
  const byPlatform = (platform: SimulatedDevice['platform']) =>
    devices.filter((device) => device.platform === platform);

  it('is the generated device at generation 0', () => {
    for (const device of devices.slice(0, 20))
      expect(wipedDevice(plan, device.index, 0)).toEqual(device);
  });

  it('keeps its hardware identifiers and its user', () => {
    for (const device of devices) {
      const wiped = wipedDevice(plan, device.index, 1);
      const kept = ['serialNumber', 'imei', 'imei2', 'meid', 'iccid', 'eid', 'udid'] as const;
      for (const field of kept) expect(wiped.hardware[field]).toBe(device.hardware[field]);
      expect(wiped.hardware.wiFiMacAddress).toBe(device.hardware.wiFiMacAddress);
      expect(wiped.hardware.phoneNumber).toBe(device.hardware.phoneNumber);
      expect(wiped.user).toEqual(device.user);
      expect(wiped.enrollmentType).toBe(device.enrollmentType);
      expect(wiped.index).toBe(device.index);
    }
  });

  it('gets a new Android id and Windows device id, still valid', () => {
    for (const device of [...byPlatform('android'), ...byPlatform('windows')]) {
      const wiped = wipedDevice(plan, device.index, 1);
      if (device.platform === 'android')
        expect(wiped.hardware.androidId).not.toBe(device.hardware.androidId);
      else expect(wiped.hardware.windowsDeviceId).not.toBe(device.hardware.windowsDeviceId);
      for (const { field, check } of checkedIdentifiers(wiped)) {
        if (field === 'serialNumber' && wiped.hardware.serialNumber === '') continue;
        expect({ field, ok: check.ok }).toEqual({ field, ok: true });
      }
    }
  });

  it('reinstalls a different app inventory at each generation, the same one every time', () => {
    const device = devices.find((d) => d.apps.length >= 20)!;
    const first = wipedDevice(plan, device.index, 1);
    const second = wipedDevice(plan, device.index, 2);
    expect(first.apps).not.toEqual(device.apps);
    expect(second.apps).not.toEqual(first.apps);
    expect(wipedDevice(plan, device.index, 1)).toEqual(first);
  });

  it('has free storage within its disk', () => {
    for (const device of devices) {
      const { hardware } = wipedDevice(plan, device.index, 3);
      if (hardware.totalStorageSpaceInBytes === undefined) continue;
      expect(hardware.freeStorageSpaceInBytes).toBeGreaterThan(0);
      expect(hardware.freeStorageSpaceInBytes).toBeLessThan(hardware.totalStorageSpaceInBytes);
    }
  });

  it('refuses a negative or fractional generation', () => {
    expect(() => wipedDevice(plan, 0, -1)).toThrow(RangeError);
    expect(() => wipedDevice(plan, 0, 1.5)).toThrow(RangeError);
  });
});

describe('an installed deployed app', () => {
  const { plan, devices } = generateFleet({ seed: 8, size: 150, longTailAppsPerPlatform: 100 });

  it('is the catalogue’s current release when the fleet knows the app', () => {
    const ios = devices.find((device) => device.platform === 'ios')!;
    const entry = deployedAppEntry(plan, ios, {
      appId: 'com.microsoft.Office.Outlook',
      displayName: 'Outlook (tenant name)',
    });
    expect(entry).toMatchObject({
      appId: 'com.microsoft.Office.Outlook',
      displayName: 'Microsoft Outlook',
      version: plan.apps('ios').byId.get('com.microsoft.Office.Outlook')!.version,
    });
    expect(entry.profile).toBeUndefined();
  });

  it('is a first release under the tenant’s name when the fleet does not know it', () => {
    const mac = devices.find((device) => device.platform === 'macos')!;
    expect(
      deployedAppEntry(plan, mac, { appId: 'com.contoso.expenses', displayName: 'Expenses' }),
    ).toEqual({ appId: 'com.contoso.expenses', displayName: 'Expenses', version: '1.0.0' });
  });

  it('lands in the work profile of an Android work-profile device, and only there', () => {
    const android = devices.filter((device) => device.platform === 'android');
    const workProfile = android.find((d) => WORK_PROFILE_ENROLLMENTS.has(d.enrollmentType))!;
    const fullyManaged = android.find((d) => !WORK_PROFILE_ENROLLMENTS.has(d.enrollmentType))!;
    const app = { appId: 'com.contoso.expenses', displayName: 'Expenses' };
    expect(deployedAppEntry(plan, workProfile, app).profile).toBe('work');
    expect(deployedAppEntry(plan, fullyManaged, app).profile).toBeUndefined();
    expect(
      deployedAppEntry(plan, workProfile, {
        appId: 'com.microsoft.office.outlook',
        displayName: 'Outlook',
      }).profile,
    ).toBe('work');
  });
});
