import { Injectable } from '@nestjs/common';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * A unit of work on the database: raw parameterised SQL (with `?` placeholders on both databases)
 * for the hot check-in path, and a TypeORM EntityManager for everything else — both inside the same
 * transaction.
 */
export interface Tx {
  readonly dialect: 'sqlite' | 'postgres';
  readonly manager: EntityManager;
  /** Rows of a SELECT (or of a statement with RETURNING). */
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Executes a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

/**
 * Deadlock and serialization failures, and a foreign-key miss (a catalog row another transaction
 * deleted after we looked it up): the whole unit of work is simply run again.
 */
const POSTGRES_RETRYABLE = new Set(['40001', '40P01', '23503']);
const MAX_ATTEMPTS = 4;
/** Prepared statements kept per distinct SQL text (IN-lists of different lengths are distinct texts). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Runs write transactions. On SQLite, TypeORM has one connection, so concurrent transactions would
 * interleave their statements (measured: 856 of 1,000 concurrent updates lost). Every write
 * transaction therefore goes through one queue there. PostgreSQL gives each transaction its own
 * pooled connection; there we retry the rare deadlock or serialization failure instead.
 */
@Injectable()
export class WriteTransactions {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly statements = new Map<string, Statement>();
  private readonly pgSql = new Map<string, string>();
  readonly dialect: 'sqlite' | 'postgres';

  constructor(private readonly dataSource: DataSource) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.dialect === 'postgres') return this.runOnPostgres(work);
    const result = this.queue.then(() => this.runOnSqlite(work));
    // The queue continues whether this unit of work succeeded or not.
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Reads outside a transaction, with the same `?` placeholders. */
  async read<T = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<T[]> {
    if (this.dialect === 'postgres')
      return this.dataSource.query(this.toPostgres(sql), [...params]);
    return this.prepare(sql).all(...sqliteParams(params)) as T[];
  }

  private async runOnSqlite<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const queryRunner = this.dataSource.createQueryRunner();
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteDatabase })
      .databaseConnection;
    await queryRunner.startTransaction();
    const tx: Tx = {
      dialect: 'sqlite',
      manager: queryRunner.manager,
      all: async <R>(sql: string, params: readonly unknown[] = []) =>
        this.prepare(sql, db).all(...sqliteParams(params)) as R[],
      run: async (sql, params = []) => this.prepare(sql, db).run(...sqliteParams(params)).changes,
    };
    try {
      const result = await work(tx);
      await queryRunner.commitTransaction();
      return result;
    } catch (error) {
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
      throw error;
    }
  }

  private async runOnPostgres<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const queryRunner = this.dataSource.createQueryRunner();
      try {
        await queryRunner.connect();
        await queryRunner.startTransaction();
        const result = await work(this.postgresTx(queryRunner));
        await queryRunner.commitTransaction();
        return result;
      } catch (error) {
        if (queryRunner.isTransactionActive)
          await queryRunner.rollbackTransaction().catch(() => {});
        const code = (error as { driverError?: { code?: string }; code?: string }).driverError
          ?.code;
        if (attempt < MAX_ATTEMPTS && code && POSTGRES_RETRYABLE.has(code)) continue;
        throw error;
      } finally {
        await queryRunner.release();
      }
    }
  }

  private postgresTx(queryRunner: QueryRunner): Tx {
    return {
      dialect: 'postgres',
      manager: queryRunner.manager,
      all: (sql, params = []) => queryRunner.query(this.toPostgres(sql), [...params]),
      run: async (sql, params = []) => {
        const result = await queryRunner.query(this.toPostgres(sql), [...params], true);
        return result.affected ?? 0;
      },
    };
  }

  private prepare(sql: string, db?: SqliteDatabase): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      const connection =
        db ??
        (this.dataSource.driver as unknown as { databaseConnection: SqliteDatabase })
          .databaseConnection;
      statement = connection.prepare(sql);
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

/** better-sqlite3 binds numbers, strings, bigints, buffers and null only. */
function sqliteParams(params: readonly unknown[]): unknown[] {
  return params.map((value) =>
    typeof value === 'boolean' ? (value ? 1 : 0) : value === undefined ? null : value,
  );
}

/** Unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
