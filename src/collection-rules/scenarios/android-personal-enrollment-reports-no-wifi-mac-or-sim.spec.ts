import { fieldNotOnPlatform } from '..';

const corporateOnly = ['wiFiMacAddress', 'iccid', 'eid'] as const;
const personalModes = ['androidPersonalWorkProfile', 'androidDeviceAdministrator'] as const;
const corporateModes = [
  'androidFullyManaged',
  'androidDedicated',
  'androidCorporateWorkProfile',
  'knoxMobileEnrollment',
  'zeroTouch',
  'deviceEnrollmentManager',
] as const;

describe('a personally-owned Android enrollment reports no Wi-Fi MAC, ICCID or EID', () => {
  describe.each(personalModes)('%s', (enrollmentType) => {
    it.each(corporateOnly)('refuses %s', (field) => {
      expect(fieldNotOnPlatform('android', enrollmentType, field, '14')).toEqual({
        field,
        problem: `${field} is not available on personally-owned Android enrollments`,
      });
    });

    it.each(['imei', 'phoneNumber', 'subscriberCarrier', 'androidId'] as const)(
      'accepts %s',
      (field) => {
        expect(fieldNotOnPlatform('android', enrollmentType, field, '14')).toBeNull();
      },
    );
  });

  describe.each(corporateModes)('%s (a corporate mode)', (enrollmentType) => {
    it.each(corporateOnly)('accepts %s', (field) => {
      expect(fieldNotOnPlatform('android', enrollmentType, field, '14')).toBeNull();
    });
  });
});
