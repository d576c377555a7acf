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

describe('a cellular Windows PC reports its cellular identifiers', () => {
  describe.each(['windowsAutopilot', 'windowsAddWorkAccount', 'entraJoined'] as const)(
    'enrolled by %s',
    (enrollmentType) => {
      it.each(cellular)('accepts %s', (field) => {
        expect(fieldNotOnPlatform('windows', enrollmentType, field)).toBeNull();
      });
    },
  );

  it.each(['udid', 'appleId', 'androidId'] as const)('refuses %s', (field) => {
    expect(fieldNotOnPlatform('windows', 'windowsAutopilot', field)).toMatchObject({ field });
  });
});
