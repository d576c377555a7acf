import { Injectable } from '@nestjs/common';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { AbstractSqliteDriver } from 'typeorm/driver/sqlite-abstract/AbstractSqliteDriver';

/**
 * A unit of work on the database: raw parameterised SQL (with `?` placeholders on both databases),
 * a TypeORM EntityManager for admin CRUD, and the connection itself for a store that keeps its own
 * statements (src/device-channel/check-in.store.ts) — all inside the same transaction.
 */
interface TxBase {
  readonly manager: EntityManager;
  /** Rows of a SELECT (or of a statement with RETURNING). */
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Executes a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface SqliteTx extends TxBase {
  readonly dialect: 'sqlite';
  /** The process's one SQLite connection, inside the group's transaction. */
  readonly connection: SqliteDatabase;
}

export interface PostgresTx extends TxBase {
  readonly dialect: 'postgres';
  /** The pooled connection this transaction runs on. */
  readonly client: PoolClient;
  /**
   * Runs a statement with `$n` placeholders as a named prepared statement: parsed and planned once
   * per connection (the name is derived from the text, so it means the same on every connection).
   */
  prepared<T extends QueryResultRow = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[],
  ): Promise<T[]>;
}

export type Tx = SqliteTx | PostgresTx;

/**
 * Deadlock and serialization failures, and a foreign-key miss (a catalog row another transaction
 * deleted after we looked it up): the whole unit of work is simply run again.
 */
const POSTGRES_RETRYABLE = new Set(['40001', '40P01', '23503']);
const MAX_ATTEMPTS = 4;
/** Prepared statements kept per distinct SQL text (IN-lists of different lengths are distinct texts). */
const STATEMENT_CACHE_SIZE = 500;

/** Statement texts prepared under a name on PostgreSQL; past this, they run unnamed. */
const MAX_NAMED_STATEMENTS = 500;

/** Units of work that share one SQLite commit at most (bounds how long the first one waits for it). */
const MAX_GROUP = 32;

interface QueuedUnit {
  work: (tx: SqliteTx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Runs write transactions — every write of the process, the check-in store's and TypeORM's alike.
 *
 * SQLite: the process has one connection (the one TypeORM opened), and better-sqlite3 runs each
 * statement synchronously on it. Concurrent transactions on it would interleave their statements
 * (measured: 856 of 1,000 concurrent updates lost), and a second connection would meet SQLITE_BUSY
 * while this thread holds the write lock. So every write transaction goes through one queue here,
 * and the queue drives the transaction itself on the raw connection (`BEGIN IMMEDIATE`, a
 * `SAVEPOINT` per unit, `COMMIT`); no TypeORM query runner is involved. A unit that uses TypeORM
 * gets `dataSource.manager`, which runs on that same connection and so inside the open
 * transaction — it may insert, update, delete and find, but must not open a transaction of its own
 * (`save`, `remove` and `manager.transaction` do; none is used).
 *
 * Group commit on SQLite: the units queued in the same turn of the event loop (the requests that
 * arrived together), or while the previous group ran, run one after another in one transaction,
 * each inside its own savepoint, and share its COMMIT — which is most of the cost of a small write
 * (WAL frames, checksums, pages shared by every unit such as index edges). A unit that fails is
 * rolled back to its savepoint and rejected with its own error; the others are not affected. No
 * unit is resolved before the COMMIT succeeded; if the COMMIT (or the transaction as a whole)
 * fails, every unit of the group is rejected. Alone in the queue, a unit is a transaction of its
 * own exactly as before.
 *
 * PostgreSQL gives each transaction its own connection from the pool TypeORM's driver owns (one
 * pool, one size setting; a unit mixing TypeORM work with a store's named statements stays one
 * transaction on one connection). There we retry the rare deadlock or serialization failure.
 */
@Injectable()
export class WriteTransactions {
  private readonly queued: QueuedUnit[] = [];
  private draining = false;
  private readonly statements = new Map<string, Statement>();
  private readonly pgSql = new Map<string, string>();
  private readonly pgNames = new Map<string, string>();
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Called on SQLite after each group's COMMIT, outside any transaction: where SQLite's own
   * automatic checkpoint would run (see sqlite-checkpointer.ts).
   */
  afterSqliteCommit: ((connection: SqliteDatabase) => void) | undefined;

  constructor(private readonly dataSource: DataSource) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.dialect === 'postgres') return this.runOnPostgres(work);
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // After the requests that arrived together have all been read and queued their work.
        setImmediate(() => void this.drain());
      }
    });
  }

  /**
   * Reads outside a transaction, with the same `?` placeholders; on PostgreSQL as a named prepared
   * statement on any pooled connection (the credential check of every check-in is one).
   */
  async read<T = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<T[]> {
    if (this.dialect === 'postgres') {
      const text = this.toPostgres(sql);
      const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
      return (await pool.query({ name: this.nameOf(text), text, values: [...params] })).rows as T[];
    }
    return this.prepare(sql).all(...sqliteParams(params)) as T[];
  }

  /** The process's one SQLite connection (SQLite only): for reads with statements of one's own. */
  sqliteConnection(): SqliteDatabase {
    return (this.dataSource.driver as AbstractSqliteDriver).databaseConnection as SqliteDatabase;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queued.length > 0) {
        const group = this.queued.splice(0, MAX_GROUP);
        const outcomes = await this.runGroupOnSqlite(group).catch((error: unknown) =>
          group.map((): Outcome => ({ ok: false, error })),
        );
        group.forEach((unit, i) => {
          const outcome = outcomes[i];
          if (outcome.ok) unit.resolve(outcome.value);
          else unit.reject(outcome.error);
        });
      }
    } finally {
      this.draining = false;
    }
  }

  private async runGroupOnSqlite(group: QueuedUnit[]): Promise<Outcome[]> {
    const db = this.sqliteConnection();
    const tx: SqliteTx = {
      dialect: 'sqlite',
      connection: db,
      manager: this.dataSource.manager,
      all: async <R>(sql: string, params: readonly unknown[] = []) =>
        this.prepare(sql).all(...sqliteParams(params)) as R[],
      run: async (sql, params = []) => this.prepare(sql).run(...sqliteParams(params)).changes,
    };
    // IMMEDIATE: the write lock is taken now, so no statement of the group can meet SQLITE_BUSY
    // half-way (another process on the file waits in busy_timeout here instead).
    db.exec('BEGIN IMMEDIATE');
    const shared = group.length > 1;
    const outcomes: Outcome[] = [];
    try {
      for (const unit of group) {
        if (shared) this.prepare('SAVEPOINT unit_of_work').run();
        try {
          const value = await unit.work(tx);
          if (shared) this.prepare('RELEASE unit_of_work').run();
          outcomes.push({ ok: true, value });
        } catch (error) {
          // SQLite ends the whole transaction on some errors (disk full, I/O): then nothing of the
          // group is kept, and the group fails as one.
          if (!db.inTransaction) throw error;
          if (!shared) {
            db.exec('ROLLBACK');
            return [{ ok: false, error }];
          }
          db.exec('ROLLBACK TO unit_of_work; RELEASE unit_of_work');
          outcomes.push({ ok: false, error });
        }
      }
      db.exec('COMMIT');
      this.afterSqliteCommit?.(db);
      return outcomes;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  private async runOnPostgres<T>(work: (tx: PostgresTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const queryRunner = this.dataSource.createQueryRunner();
      try {
        const client = (await queryRunner.connect()) as PoolClient;
        // Through the query runner, so that TypeORM work in the unit knows it is in a transaction.
        await queryRunner.startTransaction();
        const result = await work(this.postgresTx(queryRunner, client));
        await queryRunner.commitTransaction();
        return result;
      } catch (error) {
        if (queryRunner.isTransactionActive)
          await queryRunner.rollbackTransaction().catch(() => {});
        if (attempt < MAX_ATTEMPTS && POSTGRES_RETRYABLE.has(databaseErrorCode(error) ?? ''))
          continue;
        throw error;
      } finally {
        await queryRunner.release();
      }
    }
  }

  private postgresTx(queryRunner: QueryRunner, client: PoolClient): PostgresTx {
    return {
      dialect: 'postgres',
      client,
      manager: queryRunner.manager,
      all: async <R>(sql: string, params: readonly unknown[] = []) =>
        (await client.query(this.toPostgres(sql), [...params])).rows as R[],
      run: async (sql, params = []) =>
        (await client.query(this.toPostgres(sql), [...params])).rowCount ?? 0,
      prepared: async <R extends QueryResultRow>(text: string, params: readonly unknown[]) =>
        (await client.query<R>({ name: this.nameOf(text), text, values: [...params] })).rows,
    };
  }

  private nameOf(text: string): string | undefined {
    let name = this.pgNames.get(text);
    if (name === undefined && this.pgNames.size < MAX_NAMED_STATEMENTS) {
      name = `s_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      this.pgNames.set(text, name);
    }
    return name;
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.sqliteConnection().prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        this.statements.delete(this.statements.keys().next().value as string);
      }
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** `?` → `$1, $2, …` (our SQL never has `?` inside literals). */
  private toPostgres(sql: string): string {
    let converted = this.pgSql.get(sql);
    if (!converted) {
      let index = 0;
      converted = sql.replace(/\?/g, () => `$${++index}`);
      this.pgSql.set(sql, converted);
    }
    return converted;
  }
}

/** A database error's code (SQLSTATE or SQLite's), raised by the driver or wrapped by TypeORM. */
export function databaseErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null only. */
function sqliteParams(params: readonly unknown[]): unknown[] {
  return params.map((value) =>
    typeof value === 'boolean' ? (value ? 1 : 0) : value === undefined ? null : value,
  );
}

/** Unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = databaseErrorCode(error);
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
