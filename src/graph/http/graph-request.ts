import type { FastifyRequest } from 'fastify';
import { invalidRequest } from '../../platform/http/graph-error';
import { GraphVersion } from '../../platform/http/graph-values';
import {
  ListQuery,
  ODataQueryError,
  parseListQuery,
  parseSelect,
  RawQuery,
  ResourceDefinition,
} from '../odata';

/** What a Graph-shaped response needs to know about its request. */
export interface GraphRequest {
  version: GraphVersion;
  /** `https://host:port`, from the request's own scheme and Host header. */
  origin: string;
  /** The path without the query string, e.g. `/v1.0/deviceManagement/managedDevices`. */
  path: string;
  query: RawQuery;
}

export function graphRequestOf(request: FastifyRequest): GraphRequest {
  const path = request.url.split('?')[0];
  return {
    version: path.startsWith('/beta/') ? 'beta' : 'v1.0',
    origin: `${request.protocol}://${request.host}`,
    path,
    query: (request.query ?? {}) as RawQuery,
  };
}

/** The OData options of a list request, or a 400 naming the option and what is wrong with it. */
export function parseListOptions<TRow>(
  request: GraphRequest,
  resource: ResourceDefinition<TRow>,
): ListQuery<TRow> {
  return asBadRequest(() => parseListQuery(request.query, resource));
}

/** A single-entity GET takes `$select` only; any other `$` option is a 400 naming it. */
export function parseEntityOptions(
  request: GraphRequest,
  resource: ResourceDefinition<never>,
): string[] | undefined {
  return asBadRequest(() => {
    let select: string[] | undefined;
    for (const [name, value] of Object.entries(request.query)) {
      if (!name.startsWith('$')) continue;
      if (name.toLowerCase() !== '$select') {
        throw new ODataQueryError(
          `Query option '${name.slice(0, 40)}' is not supported on a single ${resource.name} item`,
          name.slice(0, 40),
        );
      }
      if (typeof value !== 'string') {
        throw new ODataQueryError(`Query option '$select' must be a single text value`, '$select');
      }
      select = parseSelect(value, resource);
    }
    return select;
  });
}

function asBadRequest<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ODataQueryError) throw invalidRequest(error.option, error.message);
    throw error;
  }
}
