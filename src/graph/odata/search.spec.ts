import { ODataQueryError } from './odata-query-error';
import { parseSearch, searchCondition } from './search';

function errorOf(text: string): string {
  try {
    parseSearch(text);
  } catch (error) {
    if (error instanceof ODataQueryError) return error.message;
    throw error;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('$search', () => {
  it.each([
    ['iPhone', 'iPhone'],
    ['  C02X  ', 'C02X'],
    ['"Jane Doe"', 'Jane Doe'],
    ['"say \\"hi\\""', 'say "hi"'],
    ['"back\\\\slash"', 'back\\slash'],
    ['"C:\\temp"', 'C:\\temp'],
    ["O'Brien", "O'Brien"],
  ])('reads %j as the phrase %j', (text, phrase) => {
    expect(parseSearch(text)).toBe(phrase);
  });

  it.each([
    ['', '$search is empty'],
    ['""', '$search is empty'],
    ['"abc', '$search has an unbalanced double quote'],
    ['"abc\\"', '$search has an unbalanced double quote'],
    ['ab"c', '$search has an unbalanced double quote'],
    ['"a" "b"', '$search has text after its closing double quote (at character 4)'],
    ['x'.repeat(201), '$search is longer than 200 characters'],
  ])('refuses %j', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('looks in every column, case-insensitively, with LIKE wildcards in the phrase escaped', () => {
    expect(searchCondition('50%_off!', ['d.device_name', 'd.imei'])).toEqual({
      sql:
        "((d.device_name IS NOT NULL AND LOWER(d.device_name) LIKE LOWER(:search0) ESCAPE '!') OR " +
        "(d.imei IS NOT NULL AND LOWER(d.imei) LIKE LOWER(:search0) ESCAPE '!'))",
      params: { search0: '%50!%!_off!!%' },
    });
  });
});
