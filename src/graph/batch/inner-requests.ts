import type { FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';

/**
 * A batch's inner requests are dispatched in process (Fastify's inject), so they run the real
 * route with its guards, throttling and filters. Inject's socket is not encrypted; these headers,
 * carrying a secret that never leaves the process, tell the server the batch came over HTTPS, so
 * that links in inner answers name the batch's own origin. Anyone else's copy is removed.
 */
export const INNER_REQUEST_HEADER = 'x-dic-inner-batch-request';
const SECRET = randomBytes(32).toString('base64url');

export const innerRequestHeaderValue = (encrypted: boolean): string =>
  `${SECRET};${encrypted ? 'https' : 'http'}`;

export async function markInnerRequest(request: FastifyRequest): Promise<void> {
  const value = request.headers[INNER_REQUEST_HEADER];
  if (value === undefined) return;
  delete request.headers[INNER_REQUEST_HEADER];
  delete request.raw.headers[INNER_REQUEST_HEADER];
  if (value === innerRequestHeaderValue(true)) {
    (request.raw.socket as { encrypted?: boolean }).encrypted = true;
  }
}
