import { compileFilter } from './filter-sql';
import { parseFilter } from './filter-parser';
import { ODataQueryError, abbreviate } from './odata-query-error';
import { SortKey, orderByTerms, parseOrderBy } from './order-by';
import { ResourceDefinition } from './resource-definition';
import { parseSearch, searchCondition } from './search';
import { parseSelect } from './select';
import { KeysetPosition, createSkipToken, keysetCondition, parseSkipToken } from './skip-token';
import { SqlFragment } from './sql-fragment';

export const DEFAULT_PAGE_SIZE = 100;
/** Like Graph on most collections, a larger `$top` is refused (400) rather than clamped. */
export const MAX_PAGE_SIZE = 1000;

/** A validated list request, ready to be applied to a query builder. */
export interface ListQuery<TRow = Record<string, unknown>> {
  resource: ResourceDefinition<TRow>;
  /** The compiled `$filter`, absent when there is none. */
  filter?: SqlFragment;
  /** The `$search` phrase. */
  search?: string;
  /** Properties named in `$select`, absent when all default properties are wanted. */
  select?: string[];
  /** `$orderby` keys, always ending with the resource key. */
  orderBy: SortKey<TRow>[];
  top: number;
  skip: number;
  count: boolean;
  /** Where the previous page ended, from `$skiptoken`. */
  after?: KeysetPosition;
}

/** The query string as the HTTP framework parsed it (repeated keys arrive as arrays). */
export type RawQuery = Readonly<Record<string, unknown>>;

const SUPPORTED_OPTIONS = new Set([
  '$filter',
  '$select',
  '$orderby',
  '$top',
  '$skip',
  '$count',
  '$search',
  '$skiptoken',
]);

/**
 * Validates every OData system query option of a list request against `resource`. Parameters
 * not starting with `$` are left to the caller; an unknown `$` option is an error, never ignored.
 * Option names are matched case-insensitively.
 *
 * @throws ODataQueryError naming the offending option, property, operator or literal.
 */
export function parseListQuery<TRow>(
  raw: RawQuery,
  resource: ResourceDefinition<TRow>,
): ListQuery<TRow> {
  const options = systemQueryOptions(raw, resource);
  const orderBy = parseOrderBy(options.get('$orderby'), resource);
  const query: ListQuery<TRow> = {
    resource,
    orderBy,
    top: readCount(options, '$top', DEFAULT_PAGE_SIZE),
    skip: readCount(options, '$skip', 0),
    count: readBoolean(options, '$count'),
  };
  if (query.top > MAX_PAGE_SIZE) {
    throw new ODataQueryError(`$top must not be greater than ${MAX_PAGE_SIZE}`, '$top');
  }
  const filter = options.get('$filter');
  if (filter !== undefined) query.filter = compileFilter(parseFilter(filter), resource);
  const search = options.get('$search');
  if (search !== undefined) {
    if (!resource.searchColumns?.length) {
      throw new ODataQueryError(`$search is not supported on ${resource.name}`, '$search');
    }
    query.search = parseSearch(search);
  }
  const select = options.get('$select');
  if (select !== undefined) query.select = parseSelect(select, resource);
  const skipToken = options.get('$skiptoken');
  if (skipToken !== undefined) {
    if (options.has('$skip')) {
      throw new ODataQueryError('$skip cannot be combined with $skiptoken', '$skiptoken');
    }
    query.after = parseSkipToken(skipToken, resource, orderBy);
  }
  return query;
}

function systemQueryOptions(
  raw: RawQuery,
  resource: ResourceDefinition<never>,
): Map<string, string> {
  const options = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith('$')) continue;
    const name = key.toLowerCase();
    if (!SUPPORTED_OPTIONS.has(name)) {
      throw new ODataQueryError(
        `Query option '${abbreviate(key)}' is not supported on ${resource.name}`,
        key,
      );
    }
    if (options.has(name) || Array.isArray(value)) {
      throw new ODataQueryError(`Query option '${name}' is given more than once`, name);
    }
    if (typeof value !== 'string') {
      throw new ODataQueryError(`Query option '${name}' must be a single text value`, name);
    }
    // PostgreSQL refuses NUL in text parameters (a 500 there); it is never meaningful in a query.
    if (value.includes('\u0000')) {
      throw new ODataQueryError(`Query option '${name}' must not contain a NUL character`, name);
    }
    options.set(name, value);
  }
  return options;
}

function readCount(options: Map<string, string>, name: string, fallback: number): number {
  const text = options.get(name);
  if (text === undefined) return fallback;
  if (!/^\d{1,15}$/.test(text)) {
    throw new ODataQueryError(
      `${name} must be a non-negative integer, not '${abbreviate(text)}'`,
      name,
    );
  }
  return Number(text);
}

function readBoolean(options: Map<string, string>, name: string): boolean {
  const text = options.get(name);
  if (text === undefined) return false;
  const lower = text.toLowerCase();
  if (lower !== 'true' && lower !== 'false') {
    throw new ODataQueryError(`${name} must be true or false, not '${abbreviate(text)}'`, name);
  }
  return lower === 'true';
}

/** The part of TypeORM's SelectQueryBuilder these helpers use. */
export interface ListQueryBuilder {
  andWhere(where: string, parameters?: Record<string, unknown>): this;
  addOrderBy(sort: string, order?: 'ASC' | 'DESC'): this;
  offset(offset?: number): this;
  limit(limit?: number): this;
}

/** Restricts `builder` to the rows the request matches: `$filter` and `$search`. */
export function applyListFilter<B extends ListQueryBuilder>(
  builder: B,
  query: ListQuery<never>,
): B {
  if (query.filter) builder.andWhere(query.filter.sql, query.filter.params);
  if (query.search !== undefined && query.resource.searchColumns) {
    const search = searchCondition(query.search, query.resource.searchColumns);
    builder.andWhere(search.sql, search.params);
  }
  return builder;
}

/**
 * Selects the requested page: rows after the `$skiptoken`, in `$orderby` order, after `$skip`,
 * and one row more than `$top` so that `takePage` can tell whether another page exists.
 * Uses LIMIT/OFFSET (not TypeORM's take/skip, whose subquery cannot order by expressions).
 */
export function applyListPage<B extends ListQueryBuilder>(builder: B, query: ListQuery<never>): B {
  if (query.after) {
    const after = keysetCondition(query.orderBy, query.after);
    builder.andWhere(after.sql, after.params);
  }
  for (const term of orderByTerms(query.orderBy))
    builder.addOrderBy(term.expression, term.direction);
  return builder.offset(query.skip).limit(query.top + 1);
}

/**
 * Cuts the rows fetched with `applyListPage` to `$top` and, when more rows exist, returns the
 * `$skiptoken` for the next page.
 */
export function takePage<TRow>(
  rows: readonly TRow[],
  query: ListQuery<TRow>,
): { rows: TRow[]; skipToken?: string } {
  if (rows.length <= query.top || query.top === 0) return { rows: rows.slice(0, query.top) };
  const page = rows.slice(0, query.top);
  const skipToken = createSkipToken(query.resource, query.orderBy, page[page.length - 1]);
  return { rows: page, skipToken };
}

/**
 * The query string of `@odata.nextLink`: the request's own options, minus `$skip` (already
 * consumed) and any previous `$skiptoken`, plus the new `$skiptoken`.
 */
export function nextLinkQuery(raw: RawQuery, skipToken: string): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const name = key.toLowerCase();
    if (name === '$skip' || name === '$skiptoken' || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      parts.push(`${encodeQueryKey(key)}=${encodeURIComponent(String(item))}`);
    }
  }
  parts.push(`$skiptoken=${skipToken}`);
  return parts.join('&');
}

/** Keeps the leading `$` readable, as Graph's own links do. */
function encodeQueryKey(key: string): string {
  return encodeURIComponent(key).replace(/^%24/, '$');
}
