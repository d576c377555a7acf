import type { FastifyRequest } from 'fastify';
import { nextLinkQuery } from '../odata';
import { GraphRequest, graphRequestOf } from './graph-request';

export interface CollectionResponse<T> {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: T[];
}

/**
 * `@odata.context` as Graph writes it: the service root of the request's version, `$metadata#`,
 * the entity set path, the `$select`ed properties in parentheses, and `/$entity` for one item.
 * E.g. `https://localhost:3443/v1.0/$metadata#deviceManagement/managedDevices(id,deviceName)`.
 */
export function contextUrl(
  request: GraphRequest,
  entitySet: string,
  options: { select?: readonly string[]; entity?: boolean } = {},
): string {
  const select = options.select ? `(${options.select.join(',')})` : '';
  const entity = options.entity ? '/$entity' : '';
  return `${request.origin}/${request.version}/$metadata#${entitySet}${select}${entity}`;
}

/** The navigation path of a related collection, e.g. `deviceManagement/managedDevices('…')/detectedApps`. */
export function navigationPath(entitySet: string, key: string, property: string): string {
  return `${entitySet}('${key}')/${property}`;
}

/**
 * A page of a collection. `@odata.nextLink` is absolute, on the request's own scheme and host (the
 * Graph SDK follows it only there), and carries the original options plus the `$skiptoken`.
 */
export function collectionResponse<T>(
  request: GraphRequest,
  entitySet: string,
  page: { value: T[]; count?: number; skipToken?: string; select?: readonly string[] },
): CollectionResponse<T> {
  const nextLink =
    page.skipToken === undefined
      ? undefined
      : `${request.origin}${request.path}?${nextLinkQuery(request.query, page.skipToken)}`;
  return {
    '@odata.context': contextUrl(request, entitySet, { select: page.select }),
    ...(page.count === undefined ? {} : { '@odata.count': page.count }),
    ...(nextLink === undefined ? {} : { '@odata.nextLink': nextLink }),
    value: page.value,
  };
}

export function entityResponse<T extends object>(
  request: GraphRequest,
  entitySet: string,
  entity: T,
  select?: readonly string[],
): { '@odata.context': string } & T {
  return { '@odata.context': contextUrl(request, entitySet, { select, entity: true }), ...entity };
}

/** `@odata.context` of one entity of `entitySet`, for controllers that build the body themselves. */
export function entityContext(request: FastifyRequest, entitySet: string): string {
  return contextUrl(graphRequestOf(request), entitySet, { entity: true });
}
