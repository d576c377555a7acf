import type { FastifyRequest } from 'fastify';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  applyListFilter,
  applyListPage,
  nextLinkQuery,
  ODataQueryError,
  parseListQuery,
  RawQuery,
  ResourceDefinition,
  takePage,
} from '../odata';
import { pickSelected } from '../graph/graph-values';
import { invalidRequest } from './graph-error';
import { odataContext } from './odata-context';

export interface GraphCollection<T> {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: T[];
}

export interface ListRequest<TRow, T> {
  request: FastifyRequest;
  /** The whitelist: the only properties and columns the query options can touch. */
  resource: ResourceDefinition<TRow>;
  /** `deviceManagement/auditEvents`: the `@odata.context` fragment. */
  contextFragment: string;
  /** Used when the request has no `$orderby`, e.g. `activityDateTime desc`. */
  defaultOrderBy?: string;
  /** Selects the raw rows of the admin's tenant (FROM, tenant condition, columns). */
  builder: SelectQueryBuilder<ObjectLiteral>;
  map: (row: TRow) => T;
}

/**
 * The one place where a list request's OData options are read and applied ($filter, $orderby,
 * $select, $top, $skip, $skiptoken, $count; see src/odata). An unknown property or option is a 400
 * naming it, never silently ignored.
 */
export async function graphList<TRow, T extends object>(
  list: ListRequest<TRow, T>,
): Promise<GraphCollection<Partial<T>>> {
  const raw = (list.request.query ?? {}) as RawQuery;
  const query = readQuery(raw, list);
  applyListFilter(list.builder, query);
  const count = query.count ? await countOf(list.builder) : undefined;
  const rows = await applyListPage(list.builder, query).getRawMany<TRow>();
  const page = takePage(rows, query);
  const path = list.request.url.split('?')[0];
  return {
    '@odata.context': odataContext(list.request, list.contextFragment),
    ...(count !== undefined ? { '@odata.count': count } : {}),
    ...(page.skipToken
      ? {
          '@odata.nextLink': `${list.request.protocol}://${list.request.host}${path}?${nextLinkQuery(raw, page.skipToken)}`,
        }
      : {}),
    value: page.rows.map((row) => pickSelected(list.map(row), query.select)),
  };
}

function readQuery<TRow>(raw: RawQuery, list: ListRequest<TRow, unknown>) {
  const hasOrderBy = Object.keys(raw).some((name) => name.toLowerCase() === '$orderby');
  const effective =
    list.defaultOrderBy && !hasOrderBy ? { ...raw, $orderby: list.defaultOrderBy } : raw;
  try {
    return parseListQuery(effective, list.resource);
  } catch (error) {
    if (error instanceof ODataQueryError) throw invalidRequest(error.option, `${error.message}.`);
    throw error;
  }
}

async function countOf(builder: SelectQueryBuilder<ObjectLiteral>): Promise<number> {
  const row = await builder
    .clone()
    .select('COUNT(*)', 'count')
    .orderBy()
    .getRawOne<{ count: number | string }>();
  return Number(row?.count ?? 0);
}
