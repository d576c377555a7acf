import type { FastifyRequest } from 'fastify';

/**
 * `http(s)://host/v1.0` or `/beta`: the service root as the client called it, so that
 * `@odata.context` and `@odata.nextLink` are absolute URLs a Graph client can follow.
 */
export function serviceRoot(request: FastifyRequest): string {
  const version = request.url.startsWith('/beta/') ? 'beta' : 'v1.0';
  return `${request.protocol}://${request.host}/${version}`;
}

/** `@odata.context` of a collection (`deviceManagement/auditEvents`) or an entity (`…/$entity`). */
export function odataContext(request: FastifyRequest, fragment: string): string {
  return `${serviceRoot(request)}/$metadata#${fragment}`;
}
