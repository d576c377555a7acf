import type { FastifyRequest } from 'fastify';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { pickSelected } from '../../platform/http/graph-values';
import { ResourceDefinition } from '../odata';
import { graphRequestOf, parseListOptions } from './graph-request';
import { readPage } from './list-reader';
import { collectionResponse, CollectionResponse } from './odata-response';

export type GraphCollection<T> = CollectionResponse<T>;

export interface ListRequest<TRow, T> {
  request: FastifyRequest;
  /** The whitelist: the only properties and columns the query options can touch. */
  resource: ResourceDefinition<TRow>;
  /** The entity set, e.g. `deviceManagement/auditEvents` (for `@odata.context`). */
  entitySet: string;
  /** Used when the request has no `$orderby`, e.g. `activityDateTime desc`. */
  defaultOrderBy?: string;
  /** Selects the raw rows of the admin's tenant (FROM, tenant condition, columns). */
  builder: SelectQueryBuilder<ObjectLiteral>;
  map: (row: TRow) => T;
}

/**
 * A whole list request in one call: its OData options read and applied ($filter, $orderby, $select,
 * $top, $skip, $skiptoken, $count; see src/odata), the page read, and Graph's envelope around it.
 * An unknown property or option is a 400 naming it, never silently ignored.
 */
export async function graphList<TRow, T extends object>(
  list: ListRequest<TRow, T>,
): Promise<GraphCollection<Partial<T>>> {
  const request = graphRequestOf(list.request);
  const hasOrderBy = Object.keys(request.query).some((name) => name.toLowerCase() === '$orderby');
  const options =
    list.defaultOrderBy && !hasOrderBy
      ? { ...request, query: { ...request.query, $orderby: list.defaultOrderBy } }
      : request;
  const query = parseListOptions(options, list.resource);
  const page = await readPage(list.builder, query);
  return collectionResponse(request, list.entitySet, {
    value: page.rows.map((row) => pickSelected(list.map(row), query.select)),
    count: page.count,
    skipToken: page.skipToken,
    select: query.select,
  });
}
