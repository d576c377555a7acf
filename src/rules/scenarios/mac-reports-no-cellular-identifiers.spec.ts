import { fieldNotOnPlatform } from '..';

const cellular = [
  'imei',
  'imei2',
  'meid',
  'iccid',
  'eid',
  'phoneNumber',
  'subscriberCarrier',
] as const;

describe('a Mac reports no cellular identifiers', () => {
  describe.each(['automatedDeviceEnrollment', 'companyPortal', 'appleUserEnrollment'] as const)(
    'enrolled by %s',
    (enrollmentType) => {
      it.each(cellular)('refuses %s, saying it does not exist on macOS', (field) => {
        expect(fieldNotOnPlatform('macos', enrollmentType, field)).toEqual({
          field,
          problem: `${field} does not exist on macOS`,
        });
      });
    },
  );

  it.each(['ethernetMacAddress', 'wiFiMacAddress', 'udid', 'serialNumber'] as const)(
    'accepts %s from a Mac enrolled by ADE',
    (field) => expect(fieldNotOnPlatform('macos', 'automatedDeviceEnrollment', field)).toBeNull(),
  );
});
