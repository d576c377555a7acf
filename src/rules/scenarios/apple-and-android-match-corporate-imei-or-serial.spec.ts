import { corporateIdentifierCandidates } from '..';

const IMEI = '490154203237518';
const IMEI2 = '352099001761481';
const SERIAL = 'F2LXK0ABHG7F';

describe('iOS, Android and macOS devices match a corporate IMEI or serial number', () => {
  it.each(['ios', 'android', 'macos'] as const)(
    '%s offers each IMEI and the serial number',
    (platform) => {
      expect(
        corporateIdentifierCandidates(platform, {
          imei: IMEI,
          imei2: IMEI2,
          serialNumber: SERIAL,
          manufacturer: 'Apple',
          model: 'iPhone 15',
          osVersion: '17.4',
        }),
      ).toEqual([
        { kind: 'imei', value: IMEI },
        { kind: 'imei', value: IMEI2 },
        { kind: 'serialNumber', value: SERIAL },
      ]);
    },
  );

  it.each(['ios', 'android', 'macos'] as const)(
    '%s never offers a manufacturer+model+serial key (that is Windows only)',
    (platform) => {
      const keys = corporateIdentifierCandidates(platform, {
        serialNumber: SERIAL,
        manufacturer: 'Samsung',
        model: 'SM-S911B',
      });
      expect(keys.map((key) => key.kind)).not.toContain('manufacturerModelSerial');
    },
  );

  it('offers only the serial number when the device has no IMEI', () => {
    expect(
      corporateIdentifierCandidates('macos', {
        serialNumber: SERIAL,
        imei: null,
        osVersion: '14.4',
      }),
    ).toEqual([{ kind: 'serialNumber', value: SERIAL }]);
  });

  it('offers only the IMEI when the serial number is absent', () => {
    expect(
      corporateIdentifierCandidates('android', { imei: IMEI, serialNumber: null, osVersion: '11' }),
    ).toEqual([{ kind: 'imei', value: IMEI }]);
  });

  // Whether Android may report an IMEI or serial at all depends on its version: without one, a
  // personally-owned phone could claim a corporate identifier (issue 14, case 3).
  it.each(['ios', 'android', 'macos'] as const)(
    '%s offers nothing to match when it reports no OS version',
    (platform) => {
      expect(corporateIdentifierCandidates(platform, { imei: IMEI, serialNumber: SERIAL })).toEqual(
        [],
      );
    },
  );

  it.each([
    ['nothing but its OS version', { osVersion: '17.4' }],
    ['null parts', { imei: null, imei2: null, serialNumber: null, osVersion: '17.4' }],
    ['empty strings', { imei: '', imei2: '', serialNumber: '', osVersion: '17.4' }],
    ['blank strings', { imei: '  ', imei2: '\t', serialNumber: '   ', osVersion: '17.4' }],
  ])('offers nothing to match when the device reports %s', (_what, hardware) => {
    expect(corporateIdentifierCandidates('ios', hardware)).toEqual([]);
  });
});
