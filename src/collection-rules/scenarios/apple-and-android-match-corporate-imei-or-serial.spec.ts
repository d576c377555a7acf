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
    expect(corporateIdentifierCandidates('macos', { serialNumber: SERIAL, imei: null })).toEqual([
      { kind: 'serialNumber', value: SERIAL },
    ]);
  });

  it('offers only the IMEI when the serial number is absent (Android 12+ personal work profile)', () => {
    expect(corporateIdentifierCandidates('android', { imei: IMEI, serialNumber: null })).toEqual([
      { kind: 'imei', value: IMEI },
    ]);
  });

  it.each([
    ['nothing reported', {}],
    ['null parts', { imei: null, imei2: null, serialNumber: null }],
    ['empty strings', { imei: '', imei2: '', serialNumber: '' }],
    ['blank strings', { imei: '  ', imei2: '\t', serialNumber: '   ' }],
  ])('offers nothing to match when the device reports %s', (_what, hardware) => {
    expect(corporateIdentifierCandidates('ios', hardware)).toEqual([]);
  });
});
