import { DataSource } from 'typeorm';

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
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await runner.release();
  }
}
