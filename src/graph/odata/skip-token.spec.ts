import { DeviceRow, devices } from '../../../test/support/odata-devices';
import { ODataQueryError } from './odata-query-error';
import { parseOrderBy } from './order-by';
import { ResourceDefinition } from './resource-definition';
import { createSkipToken, keysetCondition, parseSkipToken } from './skip-token';

const row: DeviceRow = {
  id: '00000000-0000-4000-8000-000000000001',
  device_name: 'Mac-01',
  serial_number: null,
  imei: null,
  user_principal_name: null,
  operating_system: 'macOS',
  ownership: 'corporate',
  last_sync_ms: null,
  enrolled_ms: 1_700_000_000_000,
  storage_bytes: 512,
  battery_percent: null,
  is_encrypted: 1,
  notes: null,
};

function errorOf(action: () => unknown): ODataQueryError {
  try {
    action();
  } catch (error) {
    if (error instanceof ODataQueryError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
const decode = (token: string) => JSON.parse(Buffer.from(token, 'base64url').toString());

describe('$skiptoken', () => {
  const orderBy = parseOrderBy('deviceName desc,lastSyncDateTime', devices);

  it('round-trips the stored sort-key values of the last row, key last', () => {
    const token = createSkipToken(devices, orderBy, row);
    expect(token).toMatch(/^[\w-]+$/);
    expect(parseSkipToken(token, devices, orderBy)).toEqual({
      values: ['Mac-01', null, row.id],
    });
  });

  it('normalises what drivers hand back: Date, bigint strings, bigint, booleans', () => {
    const loose: ResourceDefinition<Record<string, unknown>> = {
      name: 'things',
      key: 'id',
      properties: {
        id: { column: 't.id', type: 'int', nullable: false },
        seen: { column: 't.seen', type: 'datetime' },
        size: { column: 't.size', type: 'int' },
        on: { column: 't.on', type: 'boolean' },
      },
    };
    const keys = parseOrderBy('seen,size,on', loose);
    const token = createSkipToken(loose, keys, {
      id: BigInt(7),
      seen: new Date(1_000),
      size: '1700000000000',
      on: true,
    });
    expect(parseSkipToken(token, loose, keys)).toEqual({
      values: [1_000, 1_700_000_000_000, 1, 7],
    });
  });

  it('is a server error, not a client one, when the row lacks a sort value', () => {
    const broken = {
      ...devices,
      properties: {
        ...devices.properties,
        deviceName: { column: 'd.device_name', type: 'string' as const },
      },
    };
    expect(() => createSkipToken(broken, parseOrderBy('deviceName', broken), row)).toThrow(
      /Cannot build a \$skiptoken: property 'deviceName' of the last row is undefined/,
    );
  });

  it('refuses a token replayed with another $orderby', () => {
    const token = createSkipToken(devices, orderBy, row);
    for (const other of [
      'deviceName asc,lastSyncDateTime',
      'lastSyncDateTime,deviceName desc',
      'deviceName desc',
    ]) {
      expect(
        errorOf(() => parseSkipToken(token, devices, parseOrderBy(other, devices))).message,
      ).toBe('The $skiptoken belongs to a different $orderby; request the first page again');
    }
  });

  it('refuses a token from another resource', () => {
    const token = createSkipToken(devices, orderBy, row);
    const apps = { ...devices, name: 'detectedApps' };
    expect(
      errorOf(() =>
        parseSkipToken(token, apps, parseOrderBy('deviceName desc,lastSyncDateTime', apps)),
      ).option,
    ).toBe('$skiptoken');
  });

  it.each([
    ['garbage', 'not base64url JSON'],
    ['a'.repeat(5000), 'too long'],
    ['abc def', 'not base64url'],
    [encode([1, 2]), 'not an object'],
    [encode(null), 'null'],
  ])('refuses %j (%s)', (token) => {
    expect(errorOf(() => parseSkipToken(token, devices, orderBy)).message).toBe(
      'The $skiptoken is not valid',
    );
  });

  it('refuses forged values that do not fit the sort keys, so no database error can follow', () => {
    const good = decode(createSkipToken(devices, orderBy, row));
    const forgeries = [
      { ...good, v: 2 },
      { ...good, k: good.k.slice(1) },
      { ...good, k: [5, null, row.id] },
      { ...good, k: ['Mac', 'yesterday', row.id] },
      { ...good, k: ['Mac', null, null] },
      { ...good, k: ['Mac', null, { $gt: '' }] },
      { ...good, k: ['Mac', '1000', row.id] },
      { ...good, k: ['Mac', true, row.id] },
      { o: good.o, k: good.k },
    ];
    for (const forged of forgeries) {
      expect(errorOf(() => parseSkipToken(encode(forged), devices, orderBy)).message).toBe(
        'The $skiptoken is not valid',
      );
    }
  });

  describe('keyset condition', () => {
    it('expands to "after this row" for several keys, directions and nulls', () => {
      const keys = parseOrderBy('deviceName,lastSyncDateTime desc', devices);
      expect(keysetCondition(keys, { values: ['Mac', 1_000, 'id-1'] })).toEqual({
        sql:
          '(LOWER(d.device_name) >= LOWER(:after0) AND ((LOWER(d.device_name) > LOWER(:after0)) OR ' +
          '(LOWER(d.device_name) = LOWER(:after0) AND (d.last_sync_ms < :after1 OR d.last_sync_ms IS NULL)) OR ' +
          '(LOWER(d.device_name) = LOWER(:after0) AND d.last_sync_ms = :after1 AND d.id > :after2)))',
        params: { after0: 'Mac', after1: 1_000, after2: 'id-1' },
      });
    });

    it('treats a null position as the smallest value', () => {
      const keys = parseOrderBy('deviceName,lastSyncDateTime desc', devices);
      expect(keysetCondition(keys, { values: [null, null, 'id-1'] }).sql).toBe(
        '((d.device_name IS NOT NULL) OR ' +
          // lastSyncDateTime desc after null: nothing, so that alternative is absent.
          '(d.device_name IS NULL AND d.last_sync_ms IS NULL AND d.id > :after0))',
      );
    });

    it('skips null handling for columns that cannot be null', () => {
      const keys = parseOrderBy('enrolledDateTime desc', devices);
      expect(keysetCondition(keys, { values: [5, 'id-1'] }).sql).toBe(
        '(d.enrolled_ms <= :after0 AND ((d.enrolled_ms < :after0) OR (d.enrolled_ms = :after0 AND d.id > :after1)))',
      );
    });
  });
});
