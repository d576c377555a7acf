import fc from 'fast-check';

/** The admin/query lists that take OData options. */
export const QUERY_ROUTES = [
  '/v1.0/deviceManagement/managedDevices',
  '/beta/deviceManagement/managedDevices',
  '/v1.0/deviceManagement/detectedApps',
  '/v1.0/deviceAppManagement/mobileApps',
  '/v1.0/deviceManagement/auditEvents',
  '/v1.0/deviceManagement/importedDeviceIdentities',
  '/v1.0/deviceManagement/deviceConfigurations',
  '/v1.0/admin/admins',
  '/v1.0/admin/enrollmentTokens',
  // CSV, not JSON: the same options, answered as a streamed file.
  '/v1.0/admin/managedDevices/export',
] as const;

/** SQL and OData injection attempts, and other text no query should choke on. */
const INJECTIONS = [
  "' or 1=1 --",
  "x' or '1'='1",
  "'; DROP TABLE device; --",
  "a') or ('1'='1",
  "' UNION SELECT token_hash FROM admin_token --",
  "'' or ''=''",
  "\\' or 1=1 --",
  '" or ""="',
  '%27%20or%201%3D1',
  '1; DELETE FROM device',
  '/* comment */',
  '*/ or /*',
  '|| pg_sleep(10) --',
  "' || (SELECT credential_hash FROM device LIMIT 1) || '",
  '$filter=id ne null',
  'tenant_id ne null',
  '\u0000',
  '\u202e',
  '\ud800',
  '%',
  '_',
  '%00',
  '(((((((((((((((((((((((((((((((((',
  ')',
  "'",
  '\\',
  '${jndi:ldap://x}',
  '{{7*7}}',
];

const PROPERTIES = [
  'id',
  'deviceName',
  'operatingSystem',
  'complianceState',
  'managedDeviceOwnerType',
  'lastSyncDateTime',
  'enrolledDateTime',
  'serialNumber',
  'imei',
  'userPrincipalName',
  'displayName',
  'activityDateTime',
  'category',
  'deviceCount',
  'version',
  'importedDeviceIdentifier',
  // Columns and tables behind the API, never properties of it.
  'tenant_id',
  'credential_hash',
  'token_hash',
  'device.tenant_id',
  'd.id',
  'rowid',
  'oid',
  '*',
];

const LITERALS = [
  "'iOS'",
  "'O''Brien'",
  "''",
  '123',
  '-1e309',
  '1e400',
  '9999999999999999999999',
  '2024-01-01T00:00:00Z',
  '1900-01-01T00:00:00Z',
  '3000-01-01T00:00:00Z',
  'null',
  'true',
  '00000000-0000-0000-0000-000000000000',
  "'\u0000'",
];

const OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not', 'in', 'has', 'add', '-'];
const FUNCTIONS = [
  'startswith(',
  'endswith(',
  'contains(',
  'tolower(',
  'substringof(',
  'any(',
  ')',
];

const token = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PROPERTIES) },
  { weight: 3, arbitrary: fc.constantFrom(...OPERATORS) },
  { weight: 3, arbitrary: fc.constantFrom(...LITERALS) },
  { weight: 1, arbitrary: fc.constantFrom(...FUNCTIONS) },
  { weight: 2, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 1, arbitrary: fc.constantFrom(...INJECTIONS).map((s) => `'${s}'`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

const expression = fc.array(token, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(' '));

/** A valid-looking filter with an injection inside a string literal (escaped or not). */
const literalInjection = fc
  .tuple(
    fc.constantFrom('deviceName', 'userPrincipalName', 'serialNumber', 'displayName'),
    fc.constantFrom('eq', 'ne', 'startswith', 'contains'),
    fc.constantFrom(...INJECTIONS),
    fc.boolean(),
  )
  .map(([property, operator, injection, escape]) => {
    const literal = `'${escape ? injection.replace(/'/g, "''") : injection}'`;
    return operator === 'eq' || operator === 'ne'
      ? `${property} ${operator} ${literal}`
      : `${operator}(${property}, ${literal})`;
  });

const base64 = (text: string) => Buffer.from(text).toString('base64url');

/** An option and a value, encoded; repeated and unknown options too. */
function option(skipTokens: string[]): fc.Arbitrary<string> {
  const enc = percentEncode;
  const number = fc.oneof(
    fc.integer({ min: -5, max: 2000 }).map(String),
    fc.constantFrom(
      '1e3',
      '1.5',
      '-0',
      '99999999999999999999',
      'NaN',
      'Infinity',
      '0x10',
      ' 5',
      '',
    ),
  );
  return fc.oneof(
    fc.oneof(expression, literalInjection).map((v) => `$filter=${enc(v)}`),
    fc
      .array(
        fc.tuple(
          fc.oneof(fc.constantFrom(...PROPERTIES), fc.constantFrom(...INJECTIONS)),
          fc.constantFrom('', ' asc', ' desc', ' sideways', ';'),
        ),
        { minLength: 1, maxLength: 4 },
      )
      .map((keys) => `$orderby=${enc(keys.map(([k, d]) => k + d).join(','))}`),
    fc
      .array(fc.oneof(fc.constantFrom(...PROPERTIES), fc.constantFrom(...INJECTIONS)), {
        minLength: 1,
        maxLength: 5,
      })
      .map((names) => `$select=${enc(names.join(','))}`),
    fc
      .tuple(fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ maxLength: 20 })), fc.boolean())
      .map(([v, quoted]) => `$search=${enc(quoted ? `"${v}"` : v)}`),
    number.map((v) => `$top=${enc(v)}`),
    number.map((v) => `$skip=${enc(v)}`),
    fc.constantFrom('true', 'false', 'TRUE', '1', "' or 1=1").map((v) => `$count=${enc(v)}`),
    fc
      .oneof(
        fc.constantFrom(...skipTokens),
        fc.string({ maxLength: 40 }),
        fc.constantFrom(...INJECTIONS).map(base64),
        fc
          .tuple(fc.constantFrom(...INJECTIONS), fc.integer())
          .map(([s, n]) => base64(JSON.stringify({ k: [s, n], o: s, v: [s] }))),
        fc.constantFrom(base64('[]'), base64('null'), base64('{"__proto__":{}}'), '%%%'),
      )
      .map((v) => `$skiptoken=${enc(v)}`),
    fc.constantFrom(
      '$expand=*',
      '$apply=groupby',
      '$format=xml',
      '$levels=max',
      'foo=bar',
      '$FILTER=x',
      '$',
    ),
  );
}

/**
 * encodeURIComponent, except that an unpaired surrogate (which it refuses) is sent as the bytes a
 * careless encoder would send (ED A0 80: not UTF-8), one more thing the server must refuse cleanly.
 */
function percentEncode(value: string): string {
  return value
    .split(/([\uD800-\uDFFF])/)
    .map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');
}

/** A query string of one to four options. */
export function odataQuery(skipTokens: string[]): fc.Arbitrary<string> {
  return fc
    .array(option(skipTokens), { minLength: 1, maxLength: 4 })
    .map((options) => options.join('&'));
}
