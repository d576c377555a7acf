import { findFieldNotOnPlatform, fieldNotOnPlatform } from '..';

describe('a personally-owned work profile on Android 12 or later has no serial number, IMEI or MEID', () => {
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

  it.each(['imei', 'imei2', 'meid'] as const)('refuses the %s on Android 12', (field) => {
    expect(fieldNotOnPlatform('android', 'androidPersonalWorkProfile', field, '12')).toEqual({
      field,
      problem: `${field} is not available in a personally-owned work profile on Android 12 or later`,
    });
  });

  it.each(['imei', 'meid'] as const)('accepts the %s on Android 11', (field) => {
    expect(fieldNotOnPlatform('android', 'androidPersonalWorkProfile', field, '11')).toBeNull();
  });

  it('refuses them from a device that reports no OS version', () => {
    expect(fieldNotOnPlatform('android', 'androidPersonalWorkProfile', 'imei', null)).toMatchObject(
      { field: 'imei' },
    );
  });

  it.each(['androidCorporateWorkProfile', 'androidFullyManaged'] as const)(
    'accepts the serial and IMEI from %s on Android 14',
    (enrollmentType) => {
      expect(fieldNotOnPlatform('android', enrollmentType, 'serialNumber', '14')).toBeNull();
      expect(fieldNotOnPlatform('android', enrollmentType, 'imei', '14')).toBeNull();
    },
  );

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

  it('accepts the same check-in without the serial and IMEI', () => {
    expect(
      findFieldNotOnPlatform(
        'android',
        'androidPersonalWorkProfile',
        { deviceName: 'Pixel', serialNumber: null, imei: null },
        '14',
      ),
    ).toBeNull();
  });
});
