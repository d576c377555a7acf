import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads comma-separated lines with LF or CRLF ends and skips blank lines', () => {
    expect(parseCsv('a,b\r\n\nc\n  \nd,e,f')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['c'] },
      { line: 5, fields: ['d', 'e', 'f'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks inside', () => {
    expect(parseCsv('"Dell, Inc.","Latitude ""7440""",D1\n"two\nlines",x\nnext')).toEqual([
      { line: 1, fields: ['Dell, Inc.', 'Latitude "7440"', 'D1'] },
      { line: 2, fields: ['two\nlines', 'x'] },
      { line: 4, fields: ['next'] },
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,b,\n')).toEqual([{ line: 1, fields: ['a', '', 'b', ''] }]);
  });

  it('reports a record with text after a closing quote and goes on with the next line', () => {
    expect(parseCsv('"a"b,c\nd')).toEqual([
      { line: 1, problem: 'text follows a closing quote' },
      { line: 2, fields: ['d'] },
    ]);
  });

  it('reports an unterminated quote instead of swallowing the rest silently', () => {
    expect(parseCsv('ok\n"never closed,\nmore')).toEqual([
      { line: 1, fields: ['ok'] },
      { line: 2, problem: 'a quoted field is not closed' },
    ]);
  });

  it('ignores a byte-order mark, as spreadsheet programs write one', () => {
    expect(parseCsv('\uFEFF354321000000017')).toEqual([{ line: 1, fields: ['354321000000017'] }]);
  });

  it('returns nothing for empty text', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\n\r\n')).toEqual([]);
  });
});
