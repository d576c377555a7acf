import type { FastifyRequest } from 'fastify';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { invalidRequest } from './graph-error';
import { odataContext } from './odata-context';

/**
 * The whitelist of one list: Graph property → trusted column expression. Shaped like the OData
 * module's ResourceDefinition, which replaces it when that module lands.
 */
export interface ListProperty<TRow> {
  column: string;
  type: 'string' | 'int' | 'number' | 'boolean' | 'datetime' | 'enum' | 'guid';
  nullable?: boolean;
  /** Enums: Graph member name → stored word. */
  values?: Readonly<Record<string, string>>;
  value?: (row: TRow) => unknown;
}

export interface ListResource<TRow> {
  name: string;
  key: string;
  properties: Readonly<Record<string, ListProperty<TRow>>>;
}

export interface GraphCollection<T> {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: T[];
}

export interface ListRequest<TRow, T> {
  request: FastifyRequest;
  resource: ListResource<TRow>;
  /** `deviceManagement/auditEvents`: the `@odata.context` fragment. */
  contextFragment: string;
  /** Used when the request has no `$orderby`, e.g. `activityDateTime desc`. */
  defaultOrderBy?: string;
  /** Selects the raw rows of the admin's tenant (FROM, tenant condition, columns). */
  builder: SelectQueryBuilder<ObjectLiteral>;
  map: (row: TRow) => T;
}

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

/**
 * The one place where a list request's OData options are read and applied. For now: `$top` and
 * `$count`; any other `$` option is refused (400), never silently ignored.
 */
export async function graphList<TRow, T>(list: ListRequest<TRow, T>): Promise<GraphCollection<T>> {
  const raw = (list.request.query ?? {}) as Record<string, unknown>;
  let top = DEFAULT_PAGE_SIZE;
  let count = false;
  for (const [name, value] of Object.entries(raw)) {
    if (!name.startsWith('$')) continue;
    const text = typeof value === 'string' ? value : '';
    if (name === '$top' && /^\d{1,4}$/.test(text) && Number(text) <= MAX_PAGE_SIZE) {
      top = Number(text);
    } else if (name === '$count' && (text === 'true' || text === 'false')) {
      count = text === 'true';
    } else {
      throw invalidRequest(
        name,
        `Query option '${name}' is not supported on ${list.resource.name}.`,
      );
    }
  }
  const key = list.resource.properties[list.resource.key].column;
  const total = count ? await countOf(list.builder) : undefined;
  const [sortProperty, direction = 'asc'] = (list.defaultOrderBy ?? list.resource.key).split(' ');
  const rows = await list.builder
    .orderBy(list.resource.properties[sortProperty].column, direction === 'desc' ? 'DESC' : 'ASC')
    .addOrderBy(key, 'ASC')
    .limit(top)
    .getRawMany<TRow>();
  return {
    '@odata.context': odataContext(list.request, list.contextFragment),
    ...(total !== undefined ? { '@odata.count': total } : {}),
    value: rows.map(list.map),
  };
}

async function countOf(builder: SelectQueryBuilder<ObjectLiteral>): Promise<number> {
  const row = await builder
    .clone()
    .select('COUNT(*)', 'count')
    .orderBy()
    .getRawOne<{ count: number | string }>();
  return Number(row?.count ?? 0);
}
