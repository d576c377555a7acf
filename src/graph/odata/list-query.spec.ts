import { DeviceRow, devices } from '../../../test/support/odata-devices';
import {
  ListQueryBuilder,
  RawQuery,
  applyListFilter,
  applyListPage,
  nextLinkQuery,
  parseListQuery,
  takePage,
} from './list-query';
import { ODataQueryError } from './odata-query-error';
import { createSkipToken } from './skip-token';

function errorOf(raw: RawQuery): ODataQueryError {
  try {
    parseListQuery(raw, devices);
  } catch (error) {
    if (error instanceof ODataQueryError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
}

function device(n: number): DeviceRow {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    device_name: `Device ${n}`,
    serial_number: null,
    imei: null,
    user_principal_name: null,
    operating_system: null,
    ownership: null,
    last_sync_ms: null,
    enrolled_ms: n,
    storage_bytes: null,
    battery_percent: null,
    is_encrypted: null,
    notes: null,
  };
}

/** Records what the helpers ask of a query builder. */
class RecordingBuilder implements ListQueryBuilder {
  readonly calls: unknown[][] = [];
  andWhere(where: string, parameters?: Record<string, unknown>): this {
    this.calls.push(['andWhere', where, parameters]);
    return this;
  }
  addOrderBy(sort: string, order?: 'ASC' | 'DESC'): this {
    this.calls.push(['addOrderBy', sort, order]);
    return this;
  }
  offset(offset?: number): this {
    this.calls.push(['offset', offset]);
    return this;
  }
  limit(limit?: number): this {
    this.calls.push(['limit', limit]);
    return this;
  }
}

describe('list query options', () => {
  it('defaults to 100 rows from the start, ordered by key, without count', () => {
    const query = parseListQuery({}, devices);
    expect(query).toMatchObject({ top: 100, skip: 0, count: false });
    expect(query.orderBy.map((key) => key.property)).toEqual(['id']);
    expect(query.filter).toBeUndefined();
    expect(query.search).toBeUndefined();
    expect(query.select).toBeUndefined();
    expect(query.after).toBeUndefined();
  });

  it('reads every supported option', () => {
    const query = parseListQuery(
      {
        $filter: "deviceName eq 'a'",
        $select: 'deviceName',
        $orderby: 'deviceName desc',
        $top: '1000',
        $skip: '20',
        $count: 'true',
        $search: '"iPhone"',
      },
      devices,
    );
    expect(query).toMatchObject({
      filter: { params: { filter0: 'a' } },
      select: ['deviceName'],
      top: 1000,
      skip: 20,
      count: true,
      search: 'iPhone',
    });
    expect(query.orderBy.map((key) => `${key.property} ${key.direction}`)).toEqual([
      'deviceName desc',
      'id asc',
    ]);
  });

  it('matches option names case-insensitively and leaves non-$ parameters to the caller', () => {
    const query = parseListQuery({ $TOP: '5', $Count: 'FALSE', 'api-version': 'x' }, devices);
    expect(query).toMatchObject({ top: 5, count: false });
  });

  it('accepts $top=0', () => {
    expect(parseListQuery({ $top: '0' }, devices).top).toBe(0);
  });

  it.each<[RawQuery, string, string]>([
    [
      { $expand: 'detectedApps' },
      '$expand',
      "Query option '$expand' is not supported on managedDevices",
    ],
    [{ $format: 'json' }, '$format', "Query option '$format' is not supported on managedDevices"],
    [{ $apply: 'x' }, '$apply', "Query option '$apply' is not supported on managedDevices"],
    [{ $filtr: 'x' }, '$filtr', "Query option '$filtr' is not supported on managedDevices"],
    [
      { $filter: ['a eq 1', 'b eq 2'] },
      '$filter',
      "Query option '$filter' is given more than once",
    ],
    [{ $top: '1', $TOP: '2' }, '$top', "Query option '$top' is given more than once"],
    [{ $filter: { a: '1' } }, '$filter', "Query option '$filter' must be a single text value"],
    [{ $top: '1001' }, '$top', '$top must not be greater than 1000'],
    [{ $top: '-1' }, '$top', "$top must be a non-negative integer, not '-1'"],
    [{ $top: '1.5' }, '$top', "$top must be a non-negative integer, not '1.5'"],
    [{ $top: '' }, '$top', "$top must be a non-negative integer, not ''"],
    [{ $top: '10 ' }, '$top', "$top must be a non-negative integer, not '10 '"],
    [
      { $top: '9'.repeat(20) },
      '$top',
      `$top must be a non-negative integer, not '${'9'.repeat(20)}'`,
    ],
    [{ $skip: 'abc' }, '$skip', "$skip must be a non-negative integer, not 'abc'"],
    [{ $count: 'yes' }, '$count', "$count must be true or false, not 'yes'"],
    [
      { $filter: 'foo eq 1' },
      '$filter',
      "Property 'foo' is not supported in $filter on managedDevices",
    ],
    [
      { $orderby: 'foo' },
      '$orderby',
      "Property 'foo' is not supported in $orderby on managedDevices",
    ],
    [{ $select: 'foo' }, '$select', "Property 'foo' is not supported in $select on managedDevices"],
    [{ $skiptoken: 'x', $skip: '1' }, '$skiptoken', '$skip cannot be combined with $skiptoken'],
    [{ $skiptoken: 'x' }, '$skiptoken', 'The $skiptoken is not valid'],
  ])('refuses %j', (raw, option, message) => {
    const error = errorOf(raw);
    expect(error.message).toBe(message);
    expect(error.option).toBe(option);
  });

  it('refuses $search on a resource without search columns', () => {
    const unsearchable = { ...devices, searchColumns: undefined };
    expect(() => parseListQuery({ $search: 'x' }, unsearchable)).toThrow(
      '$search is not supported on managedDevices',
    );
  });

  it('decodes a $skiptoken issued for the same $orderby', () => {
    const first = parseListQuery({ $orderby: 'enrolledDateTime desc' }, devices);
    const token = createSkipToken(devices, first.orderBy, device(7));
    const next = parseListQuery({ $orderby: 'enrolledDateTime desc', $skiptoken: token }, devices);
    expect(next.after).toEqual({ values: [7, device(7).id] });
  });
});

describe('applying a list query to a query builder', () => {
  it('adds $filter and $search as separate conditions with distinct parameter names', () => {
    const query = parseListQuery({ $filter: "deviceName eq 'a'", $search: 'b' }, devices);
    const builder = applyListFilter(new RecordingBuilder(), query);
    expect(builder.calls).toEqual([
      ['andWhere', query.filter?.sql, { filter0: 'a' }],
      ['andWhere', expect.stringContaining('d.user_principal_name'), { search0: '%b%' }],
    ]);
  });

  it('adds nothing when there is neither', () => {
    expect(applyListFilter(new RecordingBuilder(), parseListQuery({}, devices)).calls).toEqual([]);
  });

  it('pages with keyset, order, offset and one extra row', () => {
    const first = parseListQuery({ $orderby: 'enrolledDateTime', $top: '10' }, devices);
    const token = createSkipToken(devices, first.orderBy, device(3));
    const query = parseListQuery(
      { $orderby: 'enrolledDateTime', $top: '10', $skiptoken: token },
      devices,
    );
    expect(applyListPage(new RecordingBuilder(), query).calls).toEqual([
      [
        'andWhere',
        '(d.enrolled_ms >= :after0 AND ((d.enrolled_ms > :after0) OR (d.enrolled_ms = :after0 AND d.id > :after1)))',
        { after0: 3, after1: device(3).id },
      ],
      ['addOrderBy', 'd.enrolled_ms', 'ASC'],
      ['addOrderBy', 'd.id', 'ASC'],
      ['offset', 0],
      ['limit', 11],
    ]);
  });
});

describe('taking a page', () => {
  const query = parseListQuery({ $top: '2', $orderby: 'enrolledDateTime' }, devices);

  it('returns no token when the extra row is missing', () => {
    expect(takePage([device(1), device(2)], query)).toEqual({ rows: [device(1), device(2)] });
  });

  it('cuts the extra row and returns a token after the last row kept', () => {
    const page = takePage([device(1), device(2), device(3)], query);
    expect(page.rows).toEqual([device(1), device(2)]);
    const next = parseListQuery(
      { $top: '2', $orderby: 'enrolledDateTime', $skiptoken: page.skipToken },
      devices,
    );
    expect(next.after).toEqual({ values: [2, device(2).id] });
  });

  it('returns nothing and no token for $top=0', () => {
    expect(takePage([device(1)], parseListQuery({ $top: '0' }, devices))).toEqual({ rows: [] });
  });
});

describe('next link query', () => {
  it('keeps the original options, drops $skip and the old token, adds the new token', () => {
    const raw = {
      $filter: "deviceName eq 'O''Brien & co'",
      $top: '5',
      $skip: '10',
      $skiptoken: 'old',
      $count: 'true',
      'api-version': '1',
    };
    const query = nextLinkQuery(raw, 'new-token');
    expect(query).toBe(
      "$filter=deviceName%20eq%20'O''Brien%20%26%20co'&$top=5&$count=true&api-version=1&$skiptoken=new-token",
    );
    const params = new URLSearchParams(query);
    expect(params.get('$filter')).toBe(raw.$filter);
    expect(params.has('$skip')).toBe(false);
    expect(params.getAll('$skiptoken')).toEqual(['new-token']);
  });
});
