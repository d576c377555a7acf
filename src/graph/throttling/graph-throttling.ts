import { GraphThrottlingConfig } from '../../config/config';
import { RateLimit } from '../../rate-limits/fixed-window';

/** Methods Graph's Intune limits count as writes. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ThrottlingBucket {
  /** Counter key: one per tenant, and one per app in a tenant; writes have their own. */
  key: string;
  /** Named in the 429's message. */
  scope: string;
  limit: RateLimit;
}

/**
 * The windows one application request counts against, in the order they are checked: Intune's
 * limits per tenant (all apps) and per app per tenant, for any request and, for writes, for
 * writes (docs/graph-api.md). Pure; a limit of 0 is left out.
 */
export function throttlingBuckets(
  config: GraphThrottlingConfig,
  tenantId: string,
  clientId: string,
  method: string,
): ThrottlingBucket[] {
  const windowMs = config.windowMs;
  const buckets: ThrottlingBucket[] = [
    {
      key: `graph:tenant:${tenantId}`,
      scope: 'requests per tenant',
      limit: { limit: config.requestsPerTenant, windowMs },
    },
    {
      key: `graph:app:${tenantId}:${clientId}`,
      scope: 'requests per app per tenant',
      limit: { limit: config.requestsPerApp, windowMs },
    },
  ];
  if (WRITE_METHODS.has(method.toUpperCase())) {
    buckets.push(
      {
        key: `graph:tenant-writes:${tenantId}`,
        scope: 'writes per tenant',
        limit: { limit: config.writesPerTenant, windowMs },
      },
      {
        key: `graph:app-writes:${tenantId}:${clientId}`,
        scope: 'writes per app per tenant',
        limit: { limit: config.writesPerApp, windowMs },
      },
    );
  }
  return buckets.filter((bucket) => bucket.limit.limit > 0);
}
