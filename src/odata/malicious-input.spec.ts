import fc from 'fast-check';
import { DeviceRow, devices } from '../../test/support/odata-devices';
import { RawQuery, parseListQuery, takePage } from './list-query';
import { ODataQueryError } from './odata-query-error';
import { keysetCondition } from './skip-token';

/** What a hostile query must produce: a client error, quickly, never anything else. */
function refusal(raw: RawQuery): { error: ODataQueryError; ms: number } {
  const started = performance.now();
  try {
    parseListQuery(raw, devices);
  } catch (error) {
    const ms = performance.now() - started;
    if (error instanceof ODataQueryError) return { error, ms };
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(raw).slice(0, 80)} to be refused`);
}

/** All SQL text of a parsed query; literals may only ever appear in parameters. */
function sqlOf(raw: RawQuery): string {
  return parseListQuery(raw, devices).filter?.sql ?? '';
}

function device(name: string): DeviceRow {
  return {
    id: name,
    device_name: name,
    serial_number: null,
    imei: null,
    user_principal_name: null,
    operating_system: null,
    ownership: null,
    last_sync_ms: null,
    enrolled_ms: 0,
    storage_bytes: null,
    battery_percent: null,
    is_encrypted: null,
    notes: null,
  };
}

const INJECTIONS = [
  "'; DROP TABLE managed_device; --",
  "' OR '1'='1",
  '1; DELETE FROM d',
  '/* comment */ UNION SELECT * FROM users',
  "\\'; SELECT pg_sleep(10); --",
  '%',
  ':filter0',
  ':...filter0',
  '$1',
  '?',
];

describe('hostile queries', () => {
  it('refuses a NUL character in any option, naming the option (PostgreSQL cannot take it)', () => {
    for (const raw of [
      { $filter: "contains(deviceName, '\u0000')" },
      { $search: '\u0000' },
      { $orderby: 'deviceName\u0000' },
    ]) {
      const [option] = Object.keys(raw);
      expect(refusal(raw).error.option).toBe(option);
    }
  });

  describe('SQL in literals', () => {
    it.each(INJECTIONS)('keeps %j out of the SQL text', (text) => {
      const literal = `'${text.replace(/'/g, "''")}'`;
      for (const filter of [
        (value: string) => `deviceName eq ${value}`,
        (value: string) => `contains(deviceName,${value})`,
        (value: string) => `operatingSystem in (${value}, 'x')`,
      ]) {
        const query = parseListQuery({ $filter: filter(literal) }, devices);
        // The SQL is exactly what a harmless literal gives; the text only travels as a parameter.
        expect(query.filter?.sql).toBe(sqlOf({ $filter: filter("'harmless'") }));
        const params = Object.values(query.filter?.params ?? {})
          .flat()
          .map(String);
        // LIKE patterns carry the text with %, _ and ! escaped by '!'.
        expect(params.map((p) => p.replace(/!(.)/g, '$1'))).toContainEqual(
          expect.stringContaining(text),
        );
      }
      const search = parseListQuery({ $search: `"${text.replace(/"/g, '\\"')}"` }, devices);
      expect(search.search).toBe(text);
    });

    it.each([
      [
        { $filter: "deviceName eq 'a' or 1 eq 1" },
        'The comparison at character 24 of $filter does not involve a property',
      ],
      [
        { $filter: 'deviceName; DROP TABLE d' },
        "Syntax error in $filter at character 1: 'deviceName;' is neither a property nor a literal",
      ],
      [
        { $filter: "deviceName eq 'a'; DROP TABLE d" },
        "Syntax error in $filter at character 18: expected 'and', 'or' or the end of $filter but found ';'",
      ],
      [
        { $filter: "deviceName eq 'a' --" },
        "expected 'and', 'or' or the end of $filter but found '--'",
      ],
      [
        { $filter: "deviceName/**/eq 'a'" },
        "'deviceName/**/eq' is neither a property nor a literal",
      ],
      [
        { $orderby: 'deviceName;DROP TABLE d' },
        "'deviceName;DROP TABLE d' in $orderby is not a property followed by asc or desc",
      ],
      [
        { $orderby: '(SELECT 1)' },
        "'(SELECT 1)' in $orderby is not a property followed by asc or desc",
      ],
      [
        { $orderby: 'deviceName;--' },
        "Property 'deviceName;--' is not supported in $orderby on managedDevices",
      ],
      [
        { $orderby: 'CASE WHEN 1=1 THEN deviceName END' },
        "'CASE WHEN 1=1 THEN deviceName END' in $orderby is not a property followed by asc or desc",
      ],
      [
        { $select: 'deviceName, (SELECT password FROM users)' },
        "Property '(SELECT password FROM users)' is not supported in $select",
      ],
      [{ $top: '1; DROP TABLE d' }, "$top must be a non-negative integer, not '1; DROP TABLE d'"],
      [{ $skip: '0 OR 1=1' }, "$skip must be a non-negative integer, not '0 OR 1=1'"],
      [{ $skiptoken: "'; DROP TABLE d; --" }, 'The $skiptoken is not valid'],
    ])('refuses %j', (raw, message) => {
      expect(refusal(raw).error.message).toContain(message);
    });

    it('passes a forged $skiptoken value as a parameter, never as SQL', () => {
      const { orderBy } = parseListQuery({ $orderby: 'deviceName' }, devices);
      const issued = parseListQuery({ $orderby: 'deviceName', $top: '1' }, devices);
      const page = takePage([device('a'), device('b')], issued);
      const payload = JSON.parse(Buffer.from(page.skipToken ?? '', 'base64url').toString());
      const forged = Buffer.from(
        JSON.stringify({ ...payload, k: ["') OR 1=1; --", 'y'] }),
      ).toString('base64url');
      const query = parseListQuery({ $orderby: 'deviceName', $skiptoken: forged }, devices);
      expect(query.after).toEqual({ values: ["') OR 1=1; --", 'y'] });
      expect(keysetCondition(orderBy, query.after ?? { values: [] }).sql).not.toContain('1=1');
    });
  });

  describe('size and depth', () => {
    const terms = (n: number, joiner = ' or ') =>
      Array.from({ length: n }, (_, i) => `totalStorageSpaceInBytes eq ${i}`).join(joiner);

    it.each([
      ['10,000 or-ed terms', terms(10_000), '$filter is longer than 4096 characters'],
      ['10,000 and-ed terms', terms(10_000, ' and '), '$filter is longer than 4096 characters'],
      ['10,000 short terms', Array(10_000).fill('a eq 1').join(' or '), '$filter is longer'],
      [
        '150 terms within the length limit',
        Array(150).fill('a eq 1').join(' or '),
        '$filter has more than 100 conditions',
      ],
      [
        '10,000 nested parentheses',
        `${'('.repeat(10_000)}a eq 1${')'.repeat(10_000)}`,
        '$filter is longer',
      ],
      [
        '2,000 nested parentheses',
        `${'('.repeat(2000)}a eq 1${')'.repeat(2000)}`,
        'nested more than 32 levels',
      ],
      ['2,000 unclosed parentheses', '('.repeat(2000), 'nested more than 32 levels'],
      ['1,000 nots', `${'not '.repeat(1000)}isEncrypted`, 'nested more than 32 levels'],
      [
        '400 nested calls',
        `${'contains('.repeat(400)}deviceName,'a')`,
        'nested more than 32 levels',
      ],
      [
        'a 2,000-item in list',
        `a in (${Array(2000).fill('1').join(',')})`,
        "An 'in' list in $filter has more than 100 items",
      ],
      [
        'an unclosed string',
        `deviceName eq '${"x''".repeat(1000)}`,
        'the string literal is not closed',
      ],
      [
        'a 100,000-character literal',
        `deviceName eq '${'x'.repeat(100_000)}'`,
        '$filter is longer',
      ],
    ])('refuses %s in well under 200 ms', (_, filter, message) => {
      const { error, ms } = refusal({ $filter: filter });
      expect(error.message).toContain(message);
      expect(ms).toBeLessThan(200);
    });

    it('refuses long values of the other options quickly', () => {
      for (const raw of [
        { $orderby: Array(10_000).fill('deviceName').join(',') },
        { $select: Array(10_000).fill('deviceName').join(',') },
        { $search: 'x'.repeat(100_000) },
        { $skiptoken: 'x'.repeat(100_000) },
        { $top: '9'.repeat(100_000) },
      ]) {
        expect(refusal(raw).ms).toBeLessThan(200);
      }
    });

    it('accepts the largest allowed expression quickly', () => {
      const started = performance.now();
      const filter = Array.from({ length: 100 }, (_, i) => `(d eq ${i})`)
        .join(' or ')
        .replace(/\bd\b/g, 'totalStorageSpaceInBytes')
        .slice(0, 4096);
      expect(() => sqlOf({ $filter: filter.slice(0, filter.lastIndexOf(' or ')) })).not.toThrow();
      expect(performance.now() - started).toBeLessThan(200);
    });
  });

  describe('fuzzing', () => {
    const vocabulary = [
      'deviceName',
      'isEncrypted',
      'totalStorageSpaceInBytes',
      'lastSyncDateTime',
      'managedDeviceOwnerType',
      'id',
      'foo',
      'eq',
      'ne',
      'gt',
      'in',
      'has',
      'and',
      'or',
      'not',
      'startswith',
      'contains',
      'tolower',
      '(',
      ')',
      ',',
      "'",
      "''",
      "'a'",
      "'O''Brien'",
      '1',
      '-1',
      '1.5',
      'null',
      'true',
      '2024-01-01T00:00:00Z',
      '2024-02-30',
      '6f9619ff-8b86-d011-b42d-00cf4fc964ff',
      "microsoft.graph.managedDeviceOwnerType'company'",
      '%',
      '_',
      ';',
      '--',
      '/',
      '$it',
      '\u0000',
      '😀',
    ];
    const tokenSoup = fc.array(fc.constantFrom(...vocabulary), { maxLength: 30 }).chain((tokens) =>
      fc
        .array(fc.constantFrom(' ', '', '  '), {
          minLength: tokens.length,
          maxLength: tokens.length,
        })
        .map((spaces) => tokens.map((t, i) => t + spaces[i]).join('')),
    );

    it('answers any $filter with a result or an ODataQueryError, never anything else', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            tokenSoup,
            fc.string({ maxLength: 200 }),
            fc.string({ unit: 'grapheme', maxLength: 100 }),
          ),
          (filter) => {
            try {
              const sql = sqlOf({ $filter: filter });
              // Whatever was accepted, its literals are parameters, not SQL text.
              expect(sql.replace(/ESCAPE '!'/g, '')).not.toMatch(/'|;|--/);
            } catch (error) {
              expect(error).toBeInstanceOf(ODataQueryError);
            }
          },
        ),
        { numRuns: 3000, seed: 42 },
      );
    });

    it('answers any combination of options with a result or an ODataQueryError', () => {
      const option = fc.constantFrom(
        '$filter',
        '$select',
        '$orderby',
        '$top',
        '$skip',
        '$count',
        '$search',
        '$skiptoken',
        '$expand',
        'x',
      );
      fc.assert(
        fc.property(
          fc.dictionary(option, fc.oneof(fc.string({ maxLength: 50 }), tokenSoup)),
          (raw) => {
            try {
              parseListQuery(raw, devices);
            } catch (error) {
              expect(error).toBeInstanceOf(ODataQueryError);
            }
          },
        ),
        { numRuns: 2000, seed: 7 },
      );
    });
  });
});
