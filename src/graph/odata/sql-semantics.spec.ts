/**
 * Runs the generated SQL on real databases through TypeORM's query builder, to prove the
 * semantics (null handling, case, LIKE escaping, keyset paging) rather than the SQL text.
 * PostgreSQL is used when the test run found it reachable (test/support/global-setup.ts).
 */
import fc from 'fast-check';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DeviceRow, devices } from '../../../test/support/odata-devices';
import {
  RawQuery,
  applyListFilter,
  applyListPage,
  nextLinkQuery,
  parseListQuery,
  takePage,
} from './list-query';

const POSTGRES_URL = process.env.TEST_POSTGRES_AVAILABLE ?? '';

const DAY = 86_400_000;
const JAN_1 = Date.UTC(2024, 0, 1);

/** Rows with NULLs, mixed case, LIKE wildcards and quotes in the data. `notes` is the label. */
const seedRows: Omit<DeviceRow, 'id'>[] = [
  row('a', {
    device_name: 'Alpha',
    serial_number: 'SN-100',
    imei: '490154203237518',
    user_principal_name: 'jane@contoso.com',
    operating_system: 'iOS',
    ownership: 'corporate',
    last_sync_ms: JAN_1,
    storage_bytes: 64,
    battery_percent: 50.5,
    is_encrypted: 1,
  }),
  row('b', {
    device_name: 'alpha',
    serial_number: 'sn-101',
    operating_system: 'ios',
    ownership: 'personal',
    storage_bytes: 128,
    battery_percent: 12,
    is_encrypted: 0,
  }),
  row('c', {
    serial_number: 'SN-102',
    operating_system: 'Android',
    last_sync_ms: JAN_1 + DAY,
    storage_bytes: 128,
    is_encrypted: null,
  }),
  row('d', {
    device_name: "O'Brien's iPad",
    user_principal_name: "o'brien@contoso.com",
    operating_system: 'iPadOS',
    ownership: 'corporate',
    last_sync_ms: JAN_1 - 1,
    storage_bytes: -1,
    is_encrypted: 1,
  }),
  row('e', {
    device_name: '100% Pro_Max!',
    operating_system: 'Android',
    ownership: 'unknown',
    last_sync_ms: JAN_1 + 1,
    storage_bytes: 0,
    battery_percent: 99.9,
    is_encrypted: 0,
  }),
  row('f', {
    device_name: '100 Pro Max',
    imei: '352099001761481',
    operating_system: 'Android',
    ownership: 'personal',
    last_sync_ms: JAN_1,
    is_encrypted: 1,
  }),
  row('g', {
    device_name: 'MAC-01',
    serial_number: 'C02X',
    operating_system: 'macOS',
    ownership: 'corporate',
    last_sync_ms: JAN_1 + 2 * DAY,
    storage_bytes: 512,
    battery_percent: 100,
    is_encrypted: 1,
  }),
  row('h', {
    device_name: 'mac_01',
    serial_number: 'c02y',
    operating_system: 'macOS',
    ownership: 'personal',
    storage_bytes: 512,
    is_encrypted: 0,
  }),
  row('i', {
    device_name: '',
    serial_number: '',
    operating_system: '',
    ownership: 'unknown',
    last_sync_ms: JAN_1 + DAY,
    storage_bytes: 64,
  }),
  row('j', {
    device_name: 'Zed!',
    user_principal_name: 'ZED@contoso.com',
    operating_system: 'Windows',
    ownership: 'corporate',
    last_sync_ms: JAN_1 + DAY,
    storage_bytes: 256,
    battery_percent: 0,
    is_encrypted: 1,
  }),
  row('k', {
    device_name: 'a',
    operating_system: 'windows',
    last_sync_ms: JAN_1 + 2 * DAY,
    storage_bytes: 128,
    is_encrypted: 0,
  }),
  row('l', {}),
];

function row(label: string, fields: Partial<DeviceRow>): Omit<DeviceRow, 'id'> {
  return {
    device_name: null,
    serial_number: null,
    imei: null,
    user_principal_name: null,
    operating_system: null,
    ownership: null,
    last_sync_ms: null,
    enrolled_ms: JAN_1 - 100 * DAY + label.charCodeAt(0),
    storage_bytes: null,
    battery_percent: null,
    is_encrypted: null,
    ...fields,
    notes: label,
  };
}

const COLUMNS = [
  'id',
  'device_name',
  'serial_number',
  'imei',
  'user_principal_name',
  'operating_system',
  'ownership',
  'last_sync_ms',
  'enrolled_ms',
  'storage_bytes',
  'battery_percent',
  'is_encrypted',
  'notes',
] as const;

const CREATE_TABLE = `CREATE TEMPORARY TABLE odata_device (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  device_name VARCHAR(100), serial_number VARCHAR(50), imei VARCHAR(20),
  user_principal_name VARCHAR(100), operating_system VARCHAR(20), ownership VARCHAR(20),
  last_sync_ms BIGINT, enrolled_ms BIGINT NOT NULL, storage_bytes BIGINT,
  battery_percent DOUBLE PRECISION, is_encrypted SMALLINT, notes VARCHAR(100))`;

let nextId = 0;
const newId = () => `00000000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`;

async function insert(dataSource: DataSource, rows: DeviceRow[]): Promise<void> {
  const placeholders = COLUMNS.map((_, i) =>
    dataSource.options.type === 'postgres' ? `$${i + 1}` : '?',
  );
  for (const value of rows) {
    await dataSource.query(
      `INSERT INTO odata_device (${COLUMNS.join(', ')}) VALUES (${placeholders.join(', ')})`,
      COLUMNS.map((column) => value[column]),
    );
  }
}

/** Runs a list request the way a controller would; returns the rows and the next link query. */
async function list(
  dataSource: DataSource,
  raw: RawQuery,
): Promise<{ rows: DeviceRow[]; next?: RawQuery }> {
  const query = parseListQuery(raw, devices);
  const builder = dataSource
    .createQueryBuilder()
    .select(COLUMNS.map((column) => `d.${column} AS ${column}`))
    .from('odata_device', 'd');
  applyListPage(applyListFilter(builder, query), query);
  const page = takePage(await builder.getRawMany<DeviceRow>(), query);
  if (!page.skipToken) return { rows: page.rows };
  const link = nextLinkQuery(raw, page.skipToken);
  return { rows: page.rows, next: Object.fromEntries(new URLSearchParams(link)) };
}

async function labels(dataSource: DataSource, filter: string): Promise<string> {
  const { rows } = await list(dataSource, { $filter: filter, $top: '1000' });
  return rows
    .map((r) => r.notes)
    .sort()
    .join('');
}

const databases: { name: string; options: DataSourceOptions; available: () => boolean }[] = [
  {
    name: 'SQLite',
    options: { type: 'better-sqlite3', database: ':memory:' },
    available: () => true,
  },
  {
    name: 'PostgreSQL',
    // One connection that never idles out, so the TEMPORARY table stays visible to every query.
    options: { type: 'postgres', url: POSTGRES_URL, extra: { max: 1, idleTimeoutMillis: 0 } },
    available: () => POSTGRES_URL !== '',
  },
];

for (const database of databases) {
  const available = database.available();
  (available ? describe : describe.skip)(`OData queries on ${database.name}`, () => {
    let dataSource: DataSource;

    const reseed = async () => {
      await dataSource.query('DELETE FROM odata_device');
      await insert(
        dataSource,
        seedRows.map((r) => ({ ...r, id: newId() })),
      );
    };

    beforeAll(async () => {
      dataSource = await new DataSource(database.options).initialize();
      await dataSource.query(CREATE_TABLE);
      await reseed();
    });

    afterAll(async () => {
      await dataSource?.query('DROP TABLE odata_device');
      await dataSource?.destroy();
    });

    describe('null semantics', () => {
      it('keeps rows whose value is null for ne, and matches case-insensitively', async () => {
        expect(await labels(dataSource, "deviceName ne 'ALPHA'")).toBe('cdefghijkl');
        expect(await labels(dataSource, "deviceName eq 'ALPHA'")).toBe('ab');
      });

      it('makes not (x eq v) select exactly the rows of x ne v', async () => {
        for (const [eq, ne] of [
          ["deviceName eq 'alpha'", "deviceName ne 'alpha'"],
          ['totalStorageSpaceInBytes eq 128', 'totalStorageSpaceInBytes ne 128'],
          ["managedDeviceOwnerType eq 'company'", "managedDeviceOwnerType ne 'company'"],
          ['isEncrypted eq true', 'isEncrypted ne true'],
        ]) {
          expect(await labels(dataSource, `not (${eq})`)).toBe(await labels(dataSource, ne));
        }
      });

      it('never lets gt or lt match a null, and keeps not of them two-valued', async () => {
        expect(await labels(dataSource, 'totalStorageSpaceInBytes gt 0')).toBe('abcghijk');
        expect(await labels(dataSource, 'not (totalStorageSpaceInBytes gt 0)')).toBe('defl');
        expect(await labels(dataSource, 'totalStorageSpaceInBytes le 0')).toBe('de');
      });

      it('compares with null literals by IS [NOT] NULL', async () => {
        expect(await labels(dataSource, 'deviceName eq null')).toBe('cl');
        expect(await labels(dataSource, 'deviceName ne null')).toBe('abdefghijk');
        expect(await labels(dataSource, 'lastSyncDateTime gt null')).toBe('');
        expect(await labels(dataSource, 'not isEncrypted')).toBe(
          'behikcl'.split('').sort().join(''),
        );
      });
    });

    describe('operators', () => {
      it('matches in lists case-insensitively, null included', async () => {
        expect(await labels(dataSource, "operatingSystem in ('IOS', 'android')")).toBe('abcef');
        expect(await labels(dataSource, "operatingSystem in ('windows', null)")).toBe('jkl');
        expect(await labels(dataSource, 'totalStorageSpaceInBytes in (64, 512)')).toBe(
          'agih'.split('').sort().join(''),
        );
      });

      it('treats % _ and ! in patterns as plain characters', async () => {
        expect(await labels(dataSource, "contains(deviceName,'0% p')")).toBe('e');
        expect(await labels(dataSource, "contains(deviceName,'o_m')")).toBe('e');
        expect(await labels(dataSource, "startswith(deviceName,'MAC_')")).toBe('h');
        expect(await labels(dataSource, "endswith(deviceName,'!')")).toBe('ej');
        expect(await labels(dataSource, "contains(deviceName,'%')")).toBe('e');
        expect(await labels(dataSource, "contains(deviceName,'')")).toBe('abdefghijk');
      });

      it("finds 'O''Brien' through a doubled quote, in $filter and $search", async () => {
        expect(await labels(dataSource, "deviceName eq 'o''brien''s ipad'")).toBe('d');
        const { rows } = await list(dataSource, { $search: "o'brien" });
        expect(rows.map((r) => r.notes)).toEqual(['d']);
      });

      it('searches name, serial, IMEI and UPN', async () => {
        const found = async (search: string) =>
          (await list(dataSource, { $search: search })).rows
            .map((r) => r.notes)
            .sort()
            .join('');
        expect(await found('c02')).toBe('gh');
        expect(await found('3237518')).toBe('a');
        expect(await found('zed@')).toBe('j');
        expect(await found('"pro_max"')).toBe('e');
      });

      it('maps enums, dates and booleans to their stored form', async () => {
        expect(await labels(dataSource, "managedDeviceOwnerType eq 'company'")).toBe('adgj');
        expect(await labels(dataSource, 'lastSyncDateTime ge 2024-01-02')).toBe('cgijk');
        expect(await labels(dataSource, 'lastSyncDateTime lt 2024-01-01T01:00:00+01:00')).toBe('d');
        expect(await labels(dataSource, 'lastSyncDateTime le 2024-01-01T00:00:00.0009Z')).toBe(
          'adf',
        );
        expect(await labels(dataSource, 'lastSyncDateTime gt 2024-01-01T00:00:00.0009Z')).toBe(
          'cegijk',
        );
        expect(await labels(dataSource, 'lastSyncDateTime ge 2024-01-01T00:00:00.0009Z')).toBe(
          'cegijk',
        );
        expect(await labels(dataSource, 'lastSyncDateTime eq 2024-01-01T00:00:00.0009Z')).toBe('');
        expect(await labels(dataSource, 'isEncrypted eq false')).toBe('behk');
        expect(await labels(dataSource, 'batteryLevelPercentage gt 50')).toBe('aeg');
      });

      it('keeps SQL in literals as data', async () => {
        const hostile =
          "deviceName eq '''; DROP TABLE odata_device; --' or deviceName eq 'x'' OR 1=1 --'";
        expect(await labels(dataSource, hostile)).toBe('');
        expect(await labels(dataSource, 'deviceName ne null')).toHaveLength(10);
      });
    });

    it("stays inside its parentheses next to the caller's own conditions", async () => {
      // TypeORM joins andWhere conditions without parentheses; an unwrapped OR would leak row j.
      for (const [raw, expected] of [
        [{ $filter: "deviceName eq 'alpha' or deviceName eq 'zed!'" }, ['a', 'b']],
        [{ $search: 'zed' }, []],
      ] as const) {
        const builder = dataSource
          .createQueryBuilder()
          .select('d.notes', 'notes')
          .from('odata_device', 'd')
          .where("d.notes <> 'j'");
        applyListFilter(builder, parseListQuery(raw, devices));
        const rows = await builder.getRawMany<{ notes: string }>();
        expect(rows.map((r) => r.notes).sort()).toEqual(expected);
      }
    });

    describe('random filters agree with an OData reference evaluator', () => {
      it('for and, or, not, comparisons, in and functions over every property type', async () => {
        const { rows: all } = await list(dataSource, { $top: '1000' });
        await fc.assert(
          fc.asyncProperty(filterArbitrary, async (filter) => {
            const expected = all
              .filter((r) => filter.test(r))
              .map((r) => r.notes)
              .sort()
              .join('');
            expect(await labels(dataSource, filter.text)).toBe(expected);
          }),
          { numRuns: 150, seed: 20240101 },
        );
      });
    });

    describe('keyset paging', () => {
      beforeEach(reseed);

      it.each([
        'deviceName',
        'deviceName desc',
        'lastSyncDateTime desc,deviceName',
        'isEncrypted,totalStorageSpaceInBytes desc',
        'managedDeviceOwnerType desc,batteryLevelPercentage',
        'operatingSystem,lastSyncDateTime',
        'id desc',
      ])(
        'returns every row once ordered by %s, even with devices enrolling between pages',
        async (orderBy) => {
          const random = seededRandom(orderBy.length);
          const raw: RawQuery = { $orderby: orderBy, $top: '3', $filter: "deviceName ne 'zzz'" };
          const before = await list(dataSource, { ...raw, $top: '1000' });
          const seen: string[] = [];
          let page = await list(dataSource, raw);
          for (let pages = 1; ; pages++) {
            seen.push(...page.rows.map((r) => r.id));
            if (!page.next) break;
            expect(page.next).toMatchObject({ $orderby: orderBy, $top: '3', $filter: raw.$filter });
            if (pages <= 6) await insert(dataSource, [randomDevice(random), randomDevice(random)]);
            page = await list(dataSource, page.next);
          }
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen).toEqual(expect.arrayContaining(before.rows.map((r) => r.id)));
          const after = await list(dataSource, { ...raw, $top: '1000' });
          const finalOrder = after.rows.map((r) => r.id).filter((id) => seen.includes(id));
          expect(seen).toEqual(finalOrder);
        },
      );

      it('starts at $skip and does not skip again on the next page', async () => {
        const all = (await list(dataSource, { $orderby: 'enrolledDateTime', $top: '1000' })).rows;
        const first = await list(dataSource, {
          $orderby: 'enrolledDateTime',
          $top: '2',
          $skip: '3',
        });
        expect(first.rows.map((r) => r.id)).toEqual(all.slice(3, 5).map((r) => r.id));
        const second = await list(dataSource, first.next ?? {});
        expect(second.rows.map((r) => r.id)).toEqual(all.slice(5, 7).map((r) => r.id));
      });
    });
  });
}

/** A filter as text, with the row test an OData service must apply for it. */
interface Filter {
  text: string;
  test: (row: DeviceRow) => boolean;
  /** Whether the text needs parentheses inside `and`. */
  isOr?: boolean;
}

type Operator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
const ALL_OPERATORS: Operator[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];

/** OData comparison with two-valued null rules (null eq null; nothing is gt or lt null). */
function holds(operator: Operator, a: number | string | null, b: number | string | null): boolean {
  if (a === null || b === null) {
    const both = a === null && b === null;
    if (operator === 'ne') return !both;
    return operator === 'gt' || operator === 'lt' ? false : both;
  }
  const order = a < b ? -1 : a > b ? 1 : 0;
  return {
    eq: order === 0,
    ne: order !== 0,
    gt: order > 0,
    ge: order >= 0,
    lt: order < 0,
    le: order <= 0,
  }[operator];
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const lower = (value: string | null) => (value === null ? null : value.toLowerCase());
const asNumber = (value: unknown) => (value === null ? null : Number(value));

function comparison<T>(
  property: string,
  operators: Operator[],
  literals: { text: string; value: T | null }[],
  read: (row: DeviceRow) => T | null,
  normalise: (value: T | null) => number | string | null,
): fc.Arbitrary<Filter> {
  return fc
    .tuple(fc.constantFrom(...operators), fc.constantFrom(...literals))
    .map(([operator, literal]) => ({
      text: `${property} ${operator} ${literal.text}`,
      test: (r: DeviceRow) => holds(operator, normalise(read(r)), normalise(literal.value)),
    }));
}

const strings = (values: (string | null)[]) =>
  values.map((value) => ({ text: value === null ? 'null' : quote(value), value }));

const datetimes = [
  { text: '2024-01-01T00:00:00Z', value: JAN_1 },
  { text: '2024-01-01', value: JAN_1 },
  { text: '2024-01-02T01:00:00+01:00', value: JAN_1 + DAY },
  { text: '2023-12-31T23:59:59.999Z', value: JAN_1 - 1 },
  { text: '2024-01-01T00:00:00.0005Z', value: JAN_1 + 0.5 },
  { text: 'null', value: null },
];

const leafArbitrary: fc.Arbitrary<Filter> = fc.oneof(
  comparison(
    'deviceName',
    ['eq', 'ne'],
    strings(['alpha', 'ALPHA', 'mac_01', '100% Pro_Max!', "O'Brien's iPad", '', 'zzz', null]),
    (r) => r.device_name,
    lower,
  ),
  // Ordering on strings is checked only where C and linguistic collations agree (letters only).
  comparison(
    'operatingSystem',
    ALL_OPERATORS,
    strings(['ios', 'Android', 'MACOS', 'ipados', 'windows', '', 'm', null]),
    (r) => r.operating_system,
    lower,
  ),
  comparison(
    'totalStorageSpaceInBytes',
    ALL_OPERATORS,
    [-1, 0, 64, 128, 200, 512, null].map((value) => ({ text: String(value), value })),
    (r) => r.storage_bytes,
    asNumber,
  ),
  comparison(
    'batteryLevelPercentage',
    ALL_OPERATORS,
    [0, 12, 50.5, 99.9, 100, null].map((value) => ({ text: String(value), value })),
    (r) => r.battery_percent,
    asNumber,
  ),
  comparison('lastSyncDateTime', ALL_OPERATORS, datetimes, (r) => r.last_sync_ms, asNumber),
  comparison(
    'managedDeviceOwnerType',
    ['eq', 'ne'],
    [
      { text: "'company'", value: 'corporate' },
      { text: "'Personal'", value: 'personal' },
      { text: "microsoft.graph.managedDeviceOwnerType'unknown'", value: 'unknown' },
      { text: 'null', value: null },
    ],
    (r) => r.ownership,
    (value) => value,
  ),
  comparison(
    'isEncrypted',
    ['eq', 'ne'],
    [
      { text: 'true', value: 1 },
      { text: 'false', value: 0 },
      { text: 'null', value: null },
    ],
    (r) => r.is_encrypted,
    asNumber,
  ),
  fc.constant<Filter>({ text: 'isEncrypted', test: (r) => Number(r.is_encrypted) === 1 }),
  fc
    .tuple(
      fc.constantFrom('startswith', 'endswith', 'contains'),
      fc.constantFrom('deviceName', 'serialNumber'),
      fc.constantFrom('a', 'AL', '%', '_', '0% p', 'o_m', "'", '!', '', 'mac_', '-1', 'sn'),
    )
    .map(([name, property, pattern]) => ({
      text: `${name}(${property},${quote(pattern)})`,
      test: (r: DeviceRow) => {
        const value = lower(property === 'deviceName' ? r.device_name : r.serial_number);
        const p = pattern.toLowerCase();
        if (value === null) return false;
        if (name === 'startswith') return value.startsWith(p);
        return name === 'endswith' ? value.endsWith(p) : value.includes(p);
      },
    })),
  fc.subarray(['ios', 'ANDROID', 'macos', '', 'none', null], { minLength: 1 }).map((items) => ({
    text: `operatingSystem in (${items.map((i) => (i === null ? 'null' : quote(i))).join(', ')})`,
    test: (r: DeviceRow) => items.some((i) => holds('eq', lower(r.operating_system), lower(i))),
  })),
);

const { filter: filterArbitrary } = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'filter' },
    leafArbitrary,
    tie('filter').map((f) => ({ text: `not (${f.text})`, test: (r: DeviceRow) => !f.test(r) })),
    fc.array(tie('filter'), { minLength: 2, maxLength: 3 }).map((fs) => ({
      // `and` binds tighter than `or`, so only `or` operands need parentheses here.
      text: fs.map((f) => (f.isOr ? `(${f.text})` : f.text)).join(' and '),
      test: (r: DeviceRow) => fs.every((f) => f.test(r)),
    })),
    fc.array(tie('filter'), { minLength: 2, maxLength: 3 }).map((fs) => ({
      text: fs.map((f) => f.text).join(' or '),
      test: (r: DeviceRow) => fs.some((f) => f.test(r)),
      isOr: true,
    })),
  ),
}));

/** A small deterministic generator, so that paging runs are reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed * 7919 + 1;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function randomDevice(random: () => number): DeviceRow {
  const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)];
  return {
    id: newId(),
    ...row(`new-${nextId}`, {
      device_name: pick(['alpha', 'Alpha', 'MAC-01', 'b', 'zz', null, '']),
      operating_system: pick(['iOS', 'Android', null]),
      ownership: pick(['corporate', 'personal', null]),
      last_sync_ms: pick([JAN_1, JAN_1 + DAY, null]),
      storage_bytes: pick([64, 128, null]),
      battery_percent: pick([12, 50.5, null]),
      is_encrypted: pick([0, 1, null]),
    }),
  };
}
