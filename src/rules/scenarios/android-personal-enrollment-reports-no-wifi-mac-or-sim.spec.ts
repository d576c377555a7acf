import { fieldNotOnPlatform } from '..';

const corporateOnly = ['iccid', 'eid'] as const;
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

    it('refuses the Wi-Fi MAC from Android 9', () => {
      expect(fieldNotOnPlatform('android', enrollmentType, 'wiFiMacAddress', '9')).toEqual({
        field: 'wiFiMacAddress',
        problem:
          'wiFiMacAddress is not available on personally-owned Android enrollments from Android 9',
      });
    });

    it('accepts the Wi-Fi MAC on Android 8', () => {
      expect(fieldNotOnPlatform('android', enrollmentType, 'wiFiMacAddress', '8.1')).toBeNull();
    });

    it.each(['phoneNumber', 'subscriberCarrier', 'androidId'] as const)('accepts %s', (field) => {
      expect(fieldNotOnPlatform('android', enrollmentType, field, '14')).toBeNull();
    });
  });

  describe.each(corporateModes)('%s (a corporate mode)', (enrollmentType) => {
    it.each([...corporateOnly, 'wiFiMacAddress', 'imei'] as const)('accepts %s', (field) => {
      expect(fieldNotOnPlatform('android', enrollmentType, field, '14')).toBeNull();
    });
  });
});
