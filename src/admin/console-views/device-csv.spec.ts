import { csvField, csvLine } from './device-csv';

describe('device CSV fields', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses values a spreadsheet would run as formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+46701234567')).toBe("'+46701234567");
    expect(csvField('@cmd')).toBe("'@cmd");
  });

  it('writes empty fields for missing values and ends lines with CRLF', () => {
    expect(csvLine(['a', null, undefined, 0])).toBe('a,,,0\r\n');
  });
});
