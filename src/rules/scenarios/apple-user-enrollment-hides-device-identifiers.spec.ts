import { fieldNotOnPlatform, privacyView } from '..';

/** Keys Apple's DeviceInformation schema marks `userenrollment: forbidden` on iOS. */
const hidden = [
  'serialNumber',
  'imei',
  'imei2',
  'meid',
  'udid',
  'iccid',
  'eid',
  'phoneNumber',
  'subscriberCarrier',
  'wiFiMacAddress',
] as const;

describe('Apple User Enrollment hides the device identifiers', () => {
  it.each(['ios', 'macos'] as const)(
    'a User-Enrolled %s device reports no serial number or UDID',
    (platform) => {
      for (const field of ['serialNumber', 'udid'] as const) {
        expect(fieldNotOnPlatform(platform, 'appleUserEnrollment', field)).toEqual({
          field,
          problem: `${field} is not available under Apple User Enrollment`,
        });
      }
    },
  );

  it.each(hidden)('a User-Enrolled iPhone reports no %s', (field) => {
    expect(fieldNotOnPlatform('ios', 'appleUserEnrollment', field)).toEqual({
      field,
      problem: `${field} is not available under Apple User Enrollment`,
    });
  });

  it.each(hidden)('the same iPhone enrolled by ADE reports its %s', (field) => {
    expect(fieldNotOnPlatform('ios', 'automatedDeviceEnrollment', field)).toBeNull();
  });

  it.each(hidden)('the same iPhone enrolled by Company Portal reports its %s', (field) => {
    expect(fieldNotOnPlatform('ios', 'companyPortal', field)).toBeNull();
  });

  it.each(['wiFiMacAddress', 'ethernetMacAddress'] as const)(
    'a User-Enrolled Mac reports no %s',
    (field) => {
      expect(fieldNotOnPlatform('macos', 'appleUserEnrollment', field)).toEqual({
        field,
        problem: `${field} is not available under Apple User Enrollment`,
      });
    },
  );

  it.each(['appleId', 'osVersion', 'model', 'totalStorageSpaceInBytes'] as const)(
    'a User-Enrolled iPhone still reports %s',
    (field) => expect(fieldNotOnPlatform('ios', 'appleUserEnrollment', field)).toBeNull(),
  );

  it.each(hidden)(
    'the privacy view says the %s is not available under User Enrollment',
    (field) => {
      const entry = privacyView({
        platform: 'ios',
        enrollmentType: 'appleUserEnrollment',
        ownership: 'personal',
        osVersion: '17.4',
        compliantAppListOn: false,
        diagnosticsEnabled: false,
        compliancePoliciesOn: false,
      }).find((e) => e.category === field);
      expect(entry).toEqual({
        category: field,
        collected: false,
        form: 'notCollected',
        reasons: ['notAvailableUnderUserEnrollment'],
      });
    },
  );
});
