/**
 * PostgreSQL errors that say "not now" rather than "never": the statement ran out of time
 * (DATABASE_STATEMENT_TIMEOUT_MS), the server is shutting down or full, the database does not take
 * connections now (55000), the connection broke or none could be had. Nothing was committed; the same request may succeed shortly, on this instance
 * or another.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57014', '57P01', '57P02', '57P03', '53300', '55000']);
const UNAVAILABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** pg and pg-pool say these without a code. */
const UNAVAILABLE_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  const outer = error as { code?: unknown; message?: unknown; driverError?: unknown };
  for (const e of [outer, outer?.driverError as typeof outer | undefined]) {
    if (!e || typeof e !== 'object') continue;
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
    if (UNAVAILABLE_NETWORK_CODES.has(code)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (UNAVAILABLE_MESSAGES.some((known) => message.includes(known))) return true;
  }
  return false;
}
