import { findFieldNotOnPlatform, fieldNotOnPlatform } from '..';

describe('a personally-owned work profile on Android 12 or later has no serial number', () => {
  it.each(['12', '12.1', '13', '14', '15.0.1'])('refuses the serial on Android %s', (osVersion) => {
    expect(
      fieldNotOnPlatform('android', 'androidPersonalWorkProfile', 'serialNumber', osVersion),
    ).toEqual({
      field: 'serialNumber',
      problem:
        'serialNumber is not available in a personally-owned work profile on Android 12 or later',
    });
  });

  it.each(['11', '11.0.0', '10', '9'])('accepts the serial on Android %s', (osVersion) => {
    expect(
      fieldNotOnPlatform('android', 'androidPersonalWorkProfile', 'serialNumber', osVersion),
    ).toBeNull();
  });

  it.each([
    'androidCorporateWorkProfile',
    'androidFullyManaged',
    'androidDeviceAdministrator',
  ] as const)('accepts the serial from %s on Android 14', (enrollmentType) => {
    expect(fieldNotOnPlatform('android', enrollmentType, 'serialNumber', '14')).toBeNull();
  });

  it('refuses a whole check-in that reports it, naming the serial', () => {
    expect(
      findFieldNotOnPlatform(
        'android',
        'androidPersonalWorkProfile',
        { deviceName: 'Pixel', serialNumber: '35201FDH2000AB', imei: '490154203237518' },
        '14',
      ),
    ).toMatchObject({ field: 'serialNumber' });
  });

  it('accepts the same check-in without the serial', () => {
    expect(
      findFieldNotOnPlatform(
        'android',
        'androidPersonalWorkProfile',
        { deviceName: 'Pixel', serialNumber: null, imei: '490154203237518' },
        '14',
      ),
    ).toBeNull();
  });
});
