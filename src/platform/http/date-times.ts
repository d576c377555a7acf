import { graphDateTime } from './graph-values';
import { invalidRequest } from './graph-error';

/** For our own (non-Graph) resources, where "never" is `null` rather than Intune's 0001-01-01. */
export const dateTimeOrNull = (epochMs: number | null): string | null =>
  epochMs === null ? null : graphDateTime(epochMs);

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
