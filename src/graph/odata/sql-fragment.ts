/**
 * A piece of SQL with TypeORM named parameters (`:name`, `:...name` for lists). User input only
 * ever reaches the database through `params`; `sql` is built from whitelisted column expressions
 * and fixed keywords.
 */
export interface SqlFragment {
  sql: string;
  params: Record<string, unknown>;
}

/** Hands out parameter names unique within one fragment (`filter0`, `filter1`, …). */
export class ParameterNames {
  private next = 0;

  constructor(private readonly prefix: string) {}

  add(params: Record<string, unknown>, value: unknown): string {
    const name = `${this.prefix}${this.next++}`;
    params[name] = value;
    return name;
  }
}

/** Always-false and always-true conditions that both SQLite and PostgreSQL accept in a WHERE. */
export const SQL_FALSE = '1 = 0';
export const SQL_TRUE = '1 = 1';

/**
 * The escape character for LIKE patterns. `!` needs no escaping inside an SQL string literal,
 * so the clause means the same on SQLite and on PostgreSQL whatever `standard_conforming_strings` is.
 */
const LIKE_ESCAPE = '!';

export function escapeLikePattern(text: string): string {
  return text.replace(/[!%_]/g, (c) => LIKE_ESCAPE + c);
}

/**
 * Case-insensitive LIKE. Both sides go through the database's own LOWER() so that column and
 * parameter are folded identically (SQLite folds ASCII only; JavaScript would fold more).
 */
export function likeCondition(column: string, parameter: string): string {
  return `LOWER(${column}) LIKE LOWER(:${parameter}) ESCAPE '${LIKE_ESCAPE}'`;
}
