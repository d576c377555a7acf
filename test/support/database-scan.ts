import { createHash } from 'node:crypto';
import { ExportJobsService } from '../../src/graph/reports/export-jobs.service';
import { TestServer } from './test-server';

/**
 * Rate-limit counters (src/rate-limits) count every request of a token, refused ones included — that
 * is their point — so they are left out when a test proves that a request changed nothing. They hold
 * numbers only, never anything a request carried.
 */
const REQUEST_COUNTERS = new Set(['rate_window_start', 'rate_window_count']);

/** Names of every table of ours. */
export async function tableNames(server: TestServer): Promise<string[]> {
  const postgres = server.database.kind === 'postgres';
  const tables = await server.query<{ name: string }>(
    postgres
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  return tables.map((table) => table.name);
}

function withoutCounters(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).filter(([column]) => !REQUEST_COUNTERS.has(column)),
  );
}

/**
 * Every row of every table of ours, as JSON text: to prove a value is stored nowhere. Rows are
 * sorted (PostgreSQL moves an updated row, so physical order says nothing).
 */
export async function dumpEveryTable(server: TestServer): Promise<string> {
  // A report export accepted earlier is written in the background: let it finish first.
  await server.service(ExportJobsService).idle();
  const parts: string[] = [];
  for (const name of await tableNames(server)) {
    const rows = await server.query<Record<string, unknown>>(`SELECT * FROM ${name}`);
    const lines = rows.map((row) => JSON.stringify(withoutCounters(row))).sort();
    parts.push(`${name}: [${lines.join(',')}]`);
  }
  return parts.join('\n');
}

/**
 * A checksum of every table's content, independent of row order: equal before and after a request
 * exactly when the request changed no stored value (request counters aside).
 */
export async function tableChecksum(server: TestServer): Promise<string> {
  return createHash('sha256')
    .update(await dumpEveryTable(server))
    .digest('hex');
}
