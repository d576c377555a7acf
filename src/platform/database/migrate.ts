import { DataSource, MigrationExecutor } from 'typeorm';

/** An arbitrary constant that names "schema migration" among PostgreSQL advisory locks. */
const MIGRATION_LOCK_KEY = 7_312_004_117;

/**
 * Runs pending migrations. On PostgreSQL several instances may start at once: an advisory lock lets
 * one of them migrate while the others wait, then find nothing left to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'all' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Another instance's migration, or an index built on a large fleet, may take longer than
    // DATABASE_STATEMENT_TIMEOUT_MS allows requests: on this connection only, waiting may.
    await runner.query('SET statement_timeout = 0');
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'all';
    await executor.executePendingMigrations();
  } finally {
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await runner.release();
  }
}
