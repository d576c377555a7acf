import { invalidRequest } from './graph-error';

/** Epoch milliseconds → Graph's DateTimeOffset text (UTC, `Z`). */
export const isoDateTime = (epochMs: number): string => new Date(epochMs).toISOString();

export const isoDateTimeOrNull = (epochMs: number | null): string | null =>
  epochMs === null ? null : isoDateTime(epochMs);

/** An expiry given as ISO 8601 text: must lie in the future. Absent or null = never expires. */
export function futureExpiry(field: string, text: string | null | undefined, now = Date.now()) {
  if (text === undefined || text === null) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) {
    throw invalidRequest(field, `Invalid field '${field}': must be an ISO 8601 date and time.`);
  }
  if (at <= now) throw invalidRequest(field, `Invalid field '${field}': must lie in the future.`);
  return at;
}
