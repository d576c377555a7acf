import { corporateIdentifierCandidates, manufacturerModelSerialKey } from '..';

describe('a Windows device matches a corporate identifier only on manufacturer + model + serial', () => {
  it('offers one manufacturer+model+serial key', () => {
    expect(
      corporateIdentifierCandidates('windows', {
        manufacturer: 'Dell Inc.',
        model: 'Latitude 7440',
        serialNumber: '5CG1234XYZ',
      }),
    ).toEqual([{ kind: 'manufacturerModelSerial', value: 'DELL INC.|LATITUDE 7440|5CG1234XYZ' }]);
  });

  it('offers neither the IMEI nor the bare serial number, even for a cellular model', () => {
    const keys = corporateIdentifierCandidates('windows', {
      imei: '490154203237518',
      imei2: '352099001761481',
      manufacturer: 'Microsoft Corporation',
      model: 'Surface Pro 9 with 5G',
      serialNumber: '0F01234567890',
    });
    expect(keys.map((key) => key.kind)).toEqual(['manufacturerModelSerial']);
  });

  it.each([
    ['upper case', 'DELL INC.', 'LATITUDE 7440', '5CG1234XYZ'],
    ['lower case', 'dell inc.', 'latitude 7440', '5cg1234xyz'],
    ['surrounding spaces', '  Dell Inc. ', ' Latitude 7440', '5CG1234XYZ  '],
    ['doubled inner spaces and a tab', 'Dell  Inc.', 'Latitude\t7440', '5CG1234XYZ'],
  ])('builds the same key from %s', (_spelling, manufacturer, model, serial) => {
    expect(manufacturerModelSerialKey(manufacturer, model, serial)).toBe(
      manufacturerModelSerialKey('Dell Inc.', 'Latitude 7440', '5CG1234XYZ'),
    );
  });

  it('builds different keys for the same serial on different models', () => {
    expect(manufacturerModelSerialKey('Dell Inc.', 'Latitude 7440', '5CG1234XYZ')).not.toBe(
      manufacturerModelSerialKey('Dell Inc.', 'Latitude 5440', '5CG1234XYZ'),
    );
  });

  it.each([
    ['manufacturer', { model: 'Latitude 7440', serialNumber: '5CG1234XYZ' }],
    ['model', { manufacturer: 'Dell Inc.', serialNumber: '5CG1234XYZ' }],
    ['serial number', { manufacturer: 'Dell Inc.', model: 'Latitude 7440' }],
    [
      'serial number (null)',
      { manufacturer: 'Dell Inc.', model: 'Latitude 7440', serialNumber: null },
    ],
    [
      'serial number (blank)',
      { manufacturer: 'Dell Inc.', model: 'Latitude 7440', serialNumber: '  ' },
    ],
    [
      'manufacturer (blank)',
      { manufacturer: ' ', model: 'Latitude 7440', serialNumber: '5CG1234XYZ' },
    ],
  ])('offers nothing when the %s is missing', (_part, hardware) => {
    expect(corporateIdentifierCandidates('windows', hardware)).toEqual([]);
  });
});
