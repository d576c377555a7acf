import { findFieldNotOnPlatform, HardwareField } from '..';

const common = {
  deviceName: 'Device',
  manufacturer: 'Maker',
  model: 'Model',
  osVersion: '17',
  ipAddress: '10.0.0.2',
  totalStorageSpaceInBytes: 256e9,
  freeStorageSpaceInBytes: 100e9,
  physicalMemoryInBytes: 8e9,
};

/** A complete, truthful hardware inventory of each platform under a corporate enrollment. */
const truthful = {
  ios: {
    enrollmentType: 'automatedDeviceEnrollment',
    hardware: {
      ...common,
      serialNumber: 'F2LXK0ABHG7F',
      imei: '490154203237518',
      iccid: '8946071234567890123',
      udid: '00008110-000A1B2C3D4E5F60',
      wiFiMacAddress: 'a4:83:e7:12:34:56',
      phoneNumber: '+46701234567',
      subscriberCarrier: 'Telia',
      appleId: 'apple-user-1',
    },
  },
  android: {
    enrollmentType: 'androidFullyManaged',
    hardware: {
      ...common,
      serialNumber: '35201FDH2000AB',
      imei: '490154203237518',
      imei2: '352099001761481',
      iccid: '8946071234567890123',
      wiFiMacAddress: 'a4:83:e7:12:34:56',
      phoneNumber: '+46701234567',
      subscriberCarrier: 'Telia',
      androidId: '9774d56d682e549c',
    },
  },
  macos: {
    enrollmentType: 'automatedDeviceEnrollment',
    hardware: {
      ...common,
      serialNumber: 'C02XK0ABHG7F',
      udid: '6F9619FF-8B86-D011-B42D-00C04FC964FF',
      wiFiMacAddress: 'a4:83:e7:12:34:56',
      ethernetMacAddress: 'a4:83:e7:12:34:57',
    },
  },
  windows: {
    enrollmentType: 'windowsAutopilot',
    hardware: {
      ...common,
      serialNumber: '5CG1234XYZ',
      imei: '490154203237518',
      iccid: '8946071234567890123',
      wiFiMacAddress: 'a4:83:e7:12:34:56',
      ethernetMacAddress: 'a4:83:e7:12:34:57',
      phoneNumber: '+46701234567',
      windowsDeviceId: '2f5e8d1a-1c2b-4d3e-9f8a-7b6c5d4e3f21',
    },
  },
} as const;

describe('a field the platform cannot have is refused by name', () => {
  it.each(Object.entries(truthful))('accepts a truthful %s inventory', (platform, device) => {
    expect(
      findFieldNotOnPlatform(
        platform as keyof typeof truthful,
        device.enrollmentType,
        device.hardware,
        '17',
      ),
    ).toBeNull();
  });

  it.each<[keyof typeof truthful, HardwareField, string]>([
    ['macos', 'imei', 'imei does not exist on macOS'],
    ['android', 'udid', 'udid exists only on Apple devices'],
    ['ios', 'ethernetMacAddress', 'ethernetMacAddress does not exist on iOS/iPadOS'],
    ['ios', 'windowsDeviceId', 'windowsDeviceId exists only on Windows'],
    ['windows', 'androidId', 'androidId exists only on Android'],
    ['macos', 'appleId', 'appleId is reported only by iOS/iPadOS'],
  ])('refuses a %s inventory carrying %s: "%s"', (platform, field, problem) => {
    const device = truthful[platform];
    expect(
      findFieldNotOnPlatform(platform, device.enrollmentType, {
        ...device.hardware,
        [field]: 'x',
      }),
    ).toEqual({ field, problem });
  });

  it('ignores a field the device reports as null or leaves out', () => {
    expect(
      findFieldNotOnPlatform('macos', 'automatedDeviceEnrollment', {
        deviceName: 'Mac',
        imei: null,
        phoneNumber: undefined,
      }),
    ).toBeNull();
  });

  it('refuses an empty string or zero, which is still a reported value', () => {
    expect(
      findFieldNotOnPlatform('macos', 'automatedDeviceEnrollment', { imei: '' }),
    ).toMatchObject({ field: 'imei' });
    expect(
      findFieldNotOnPlatform('android', 'androidFullyManaged', { ethernetMacAddress: 0 }),
    ).toMatchObject({ field: 'ethernetMacAddress' });
  });

  it('names one field when several are wrong', () => {
    const finding = findFieldNotOnPlatform('macos', 'automatedDeviceEnrollment', {
      phoneNumber: '+46701234567',
      imei: '490154203237518',
    });
    expect(['imei', 'phoneNumber']).toContain(finding?.field);
  });
});
