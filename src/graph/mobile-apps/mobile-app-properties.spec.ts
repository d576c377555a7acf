import {
  answerAppProperties,
  isPropertyProblem,
  readAppProperties,
  StoredAppProperties,
} from './mobile-app-properties';

const IOS = '#microsoft.graph.iosStoreApp';

describe('documented mobileApp properties', () => {
  it('keeps what the type documents, drops read-only properties, and keeps the icon apart', () => {
    const read = readAppProperties(
      'ios',
      IOS,
      {
        id: 'a04adbe2-dbe2-a04a-e2db-4aa0e2db4aa0',
        createdDateTime: '2017-01-01T00:02:43Z',
        publishingState: 'processing',
        appStoreUrl: 'https://apps.apple.com/app/id1',
        applicableDeviceType: { '@odata.type': 'microsoft.graph.iosDeviceType', iPad: true },
        largeIcon: {
          '@odata.type': 'microsoft.graph.mimeContent',
          type: 'image/png',
          value: 'AA==',
        },
        notes: '',
      },
      'bundleId',
    ) as StoredAppProperties;
    expect(read).toEqual({
      largeIcon: { type: 'image/png', value: 'AA==' },
      properties: {
        appStoreUrl: 'https://apps.apple.com/app/id1',
        applicableDeviceType: { '@odata.type': 'microsoft.graph.iosDeviceType', iPad: true },
        notes: '',
      },
    });
  });

  it.each([
    ['installCommandLine', 'setup.exe', 'is not a property of #microsoft.graph.iosStoreApp'],
    ['informationUrl', 'javascript:alert(1)', 'must be an http or https URL'],
    ['isFeatured', 'true', 'must be true or false'],
    ['largeIcon', { type: 'image/png', value: 'not base64!' }, 'must be a mimeContent'],
    ['minimumSupportedOperatingSystem', { v15_0: 'yes' }, 'must be an object of true/false'],
    ['roleScopeTagIds', ['0', 7], 'must be a list of at most 100 strings'],
  ])('refuses %s = %j, naming it', (property, value, message) => {
    const read = readAppProperties('ios', IOS, { [property]: value }, 'bundleId');
    expect(isPropertyProblem(read) && read).toEqual({
      property,
      message: expect.stringContaining(message),
    });
  });

  it('takes the type’s app id property as its column, not as a documented property', () => {
    const read = readAppProperties(
      'windows',
      '#microsoft.graph.win32LobApp',
      { fileName: 'setup.exe', size: 4 },
      'fileName',
    );
    expect(read).toEqual({ properties: { size: 4 } });
  });

  it('answers Graph’s empty values for what was never set, and beta-only properties on beta only', () => {
    const empty = { largeIcon: undefined, properties: {}, assigned: false };
    const v1 = answerAppProperties('android', false, empty);
    expect(v1).toMatchObject({
      largeIcon: null,
      isFeatured: false,
      informationUrl: null,
      owner: '',
      usedLicenseCount: 0,
      appStoreUrl: null,
    });
    expect(v1).not.toHaveProperty('roleScopeTagIds');
    expect(v1).not.toHaveProperty('isAssigned');
    expect(answerAppProperties('android', true, { ...empty, assigned: true })).toMatchObject({
      roleScopeTagIds: ['0'],
      isAssigned: true,
      uploadState: 0,
    });
    expect(
      answerAppProperties('ios', false, {
        largeIcon: { type: 'image/png', value: 'AA==' },
        properties: { notes: 'Approved' },
        assigned: false,
      }),
    ).toMatchObject({
      largeIcon: { '@odata.type': 'microsoft.graph.mimeContent', type: 'image/png', value: 'AA==' },
      notes: 'Approved',
    });
  });
});
