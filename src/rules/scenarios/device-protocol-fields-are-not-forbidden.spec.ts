import { findForbiddenDataCategory, forbiddenCategoryOfField, HARDWARE_FIELDS } from '..';

/** Every field name the device channel legitimately uses (src/device-channel/contract, docs/collection-rules.md). */
const PROTOCOL_FIELDS: string[] = [
  ...HARDWARE_FIELDS,
  'userPrincipalName',
  'displayName',
  'emailAddress',
  'userId',
  'sequence',
  'hardware',
  'apps',
  'appId',
  'version',
  'publisher',
  'sizeInBytes',
  'installLocation',
  'profile',
  'appInventoryHash',
  'installStates',
  'mobileAppId',
  'state',
  'errorCode',
  'commandResults',
  'commandId',
  'status',
  'errorDetail',
  'location',
  'latitude',
  'longitude',
  'accuracyInMeters',
  'observedDateTime',
  'diagnostics',
  'type',
  'occurredDateTime',
  'durationMs',
  'enrollmentType',
  'platform',
  'user',
];

describe('the fields of the device protocol are not mistaken for never-collected data', () => {
  it.each(PROTOCOL_FIELDS)('%s is not forbidden', (field) => {
    expect(forbiddenCategoryOfField(field)).toBeNull();
  });

  it.each(PROTOCOL_FIELDS.map((field) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)))(
    '%s (snake_case) is not forbidden',
    (field) => expect(forbiddenCategoryOfField(field)).toBeNull(),
  );

  it('accepts a complete, realistic check-in', () => {
    const checkIn = {
      sequence: 42,
      platform: 'android',
      enrollmentType: 'androidCorporateWorkProfile',
      user: {
        userId: 'u-1',
        userPrincipalName: 'anna@contoso.com',
        displayName: 'Anna Svensson',
        emailAddress: 'anna@contoso.com',
      },
      hardware: {
        deviceName: 'Anna Pixel',
        manufacturer: 'Google',
        model: 'Pixel 8',
        osVersion: '14',
        serialNumber: '35201FDH2000AB',
        imei: '490154203237518',
        imei2: '352099001761481',
        iccid: '8946071234567890123',
        phoneNumber: '+46701234567',
        subscriberCarrier: 'Telia',
        ipAddress: '10.0.0.12',
        totalStorageSpaceInBytes: 128e9,
        freeStorageSpaceInBytes: 64e9,
        physicalMemoryInBytes: 8e9,
        androidId: '9774d56d682e549c',
      },
      apps: [
        {
          appId: 'com.contoso.expenses',
          version: '4.2',
          publisher: 'Contoso',
          sizeInBytes: 1234,
          installLocation: '/data/app',
          profile: 'work',
        },
      ],
      appInventoryHash: 'abc',
      installStates: [{ mobileAppId: 'm-1', state: 'installed', errorCode: null }],
      commandResults: [
        {
          commandId: 'c-1',
          status: 'done',
          errorDetail: null,
          location: {
            latitude: 59.33,
            longitude: 18.07,
            accuracyInMeters: 12,
            observedDateTime: '2024-05-01T10:00:00Z',
          },
        },
      ],
      diagnostics: [
        { type: 'checkinLatency', occurredDateTime: '2024-05-01T10:00:00Z', durationMs: 87 },
      ],
    };
    expect(findForbiddenDataCategory(checkIn)).toBeNull();
  });

  it('looks at field names, not at values that happen to name a category', () => {
    expect(
      findForbiddenDataCategory({
        hardware: { deviceName: 'contacts', model: 'callHistory' },
        apps: [{ appId: 'com.apple.mobilesms', publisher: 'photos' }, 'passwords', ['sms']],
      }),
    ).toBeNull();
  });

  it.each([null, undefined, 0, 'callHistory', true, [], {}])(
    'accepts the bare payload %p',
    (payload) => {
      expect(findForbiddenDataCategory(payload)).toBeNull();
    },
  );
});
