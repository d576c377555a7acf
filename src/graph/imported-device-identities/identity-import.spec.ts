import { luhnCheckDigit } from '../../rules/identifiers';
import { parseCsv } from './csv';
import { checkImportEntries, csvImportEntries, identifierFromGraph } from './identity-import';

const imeiFor = (n: number) => {
  const payload = `35${String(n).padStart(12, '0')}`;
  return payload + luhnCheckDigit(payload);
};
const imei = imeiFor(42);
const wrongCheckDigit = `${imei.slice(0, 14)}${(Number(imei[14]) + 1) % 10}`;

describe('a CSV import of corporate identifiers', () => {
  it('accepts good IMEI lines with an optional description, in canonical form', () => {
    const entries = csvImportEntries(parseCsv(`${imei},Warehouse 3\n${imeiFor(43)}\n`), 'imei');
    expect(checkImportEntries(entries)).toEqual({
      accepted: [
        { position: 'line 1', kind: 'imei', value: imei, description: 'Warehouse 3' },
        { position: 'line 2', kind: 'imei', value: imeiFor(43), description: null },
      ],
      problems: [],
    });
  });

  it('reports every malformed and repeated line, without echoing the values', () => {
    const csv = [
      imei, // 1 good
      wrongCheckDigit, // 2 bad check digit
      `${imei},dup`, // 3 repeat of line 1
      'a,b,c', // 4 too many columns
      '"unterminated', // 5 unreadable
    ].join('\n');
    const { accepted, problems } = checkImportEntries(csvImportEntries(parseCsv(csv), 'imei'));
    expect(accepted.map((entry) => entry.position)).toEqual(['line 1']);
    expect(problems.map((p) => p.position)).toEqual(['line 2', 'line 3', 'line 4', 'line 5']);
    expect(problems[1].problem).toBe('repeats the identifier of line 1');
    for (const { problem } of problems) expect(problem).not.toContain(wrongCheckDigit);
  });

  it('treats serial numbers case-insensitively when finding repeats', () => {
    const entries = csvImportEntries(parseCsv('c02abc123\nC02ABC123'), 'serialNumber');
    expect(checkImportEntries(entries).problems).toEqual([
      { position: 'line 2', problem: 'repeats the identifier of line 1' },
    ]);
  });

  it('reads Windows lines as manufacturer,model,serialNumber and nothing else', () => {
    const csv = 'Dell Inc.,Latitude 7440,D1234567\nDell Inc.,D1234568\n';
    const { accepted, problems } = checkImportEntries(
      csvImportEntries(parseCsv(csv), 'manufacturerModelSerial'),
    );
    expect(accepted).toEqual([
      {
        position: 'line 1',
        kind: 'manufacturerModelSerial',
        value: 'DELL INC.|LATITUDE 7440|D1234567',
        description: null,
      },
    ]);
    expect(problems).toEqual([
      { position: 'line 2', problem: 'has 2 columns; expected manufacturer,model,serialNumber' },
    ]);
  });
});

describe("Graph's importedDeviceIdentifier", () => {
  it('splits a manufacturerModelSerial identifier into its three parts', () => {
    expect(identifierFromGraph('manufacturerModelSerial', 'Dell Inc.,Latitude,D1', null)).toEqual({
      kind: 'manufacturerModelSerial',
      manufacturer: 'Dell Inc.',
      model: 'Latitude',
      serialNumber: 'D1',
      description: null,
    });
    expect(identifierFromGraph('manufacturerModelSerial', 'Dell Inc.,D1', null)).toEqual({
      problem: 'must be manufacturer,model,serialNumber',
    });
  });
});
