import { Client } from 'pg';

/**
 * Counts what our server sends PostgreSQL, in the server's own process (bench/run.ts sets
 * BENCH_COUNT_PG=1 for its PostgreSQL runs). pg_stat_statements would need
 * `shared_preload_libraries` and a restart of a server other work shares, so the count is taken
 * at the client instead: every `Client.query` call of the `pg` driver — TypeORM's and any direct
 * use — is one round trip (pg sends a query's parse/bind/execute/sync in one flight and waits for
 * its answer; it never pipelines two queries). Statements: one per parameterised query (the
 * extended protocol carries exactly one); a query without parameters may carry several,
 * separated by `;` (counted naively: `;` inside string literals would be over-counted — our SQL
 * has none).
 */
export interface PgCounts {
  roundTrips: number;
  statements: number;
  /** Statements by their first keyword (SELECT, INSERT, WITH, BEGIN, COMMIT, SAVEPOINT …). */
  byKind: Record<string, number>;
  /** Round trips by their text (whitespace collapsed, cut at 120 characters). */
  byText: Record<string, number>;
}

let counts: PgCounts = { roundTrips: 0, statements: 0, byKind: {}, byText: {} };

export function countPgRoundTrips(): void {
  const prototype = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = prototype.query;
  prototype.query = function countedQuery(this: unknown, ...args: unknown[]) {
    note(args[0], args[1]);
    return query.apply(this, args);
  };
}

/** The counts since the last call, and a fresh start. */
export function takePgCounts(): PgCounts {
  const taken = counts;
  counts = { roundTrips: 0, statements: 0, byKind: {}, byText: {} };
  return taken;
}

function note(config: unknown, values: unknown): void {
  const object =
    typeof config === 'object' && config !== null ? (config as Record<string, unknown>) : {};
  const text =
    typeof config === 'string' ? config : typeof object.text === 'string' ? object.text : '';
  const parameterised =
    (Array.isArray(values) && values.length > 0) ||
    (Array.isArray(object.values) && object.values.length > 0) ||
    typeof object.name === 'string';
  const statements = parameterised ? [text] : text.split(';').filter((part) => part.trim() !== '');
  counts.roundTrips++;
  const shortText = text.replace(/\s+/g, ' ').trim().slice(0, 120);
  counts.byText[shortText] = (counts.byText[shortText] ?? 0) + 1;
  for (const statement of statements) {
    counts.statements++;
    const kind = /^\s*(?:\/\*.*?\*\/\s*)?([A-Za-z]+)/s.exec(statement)?.[1]?.toUpperCase() ?? '?';
    counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
  }
}
