import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { types as pgTypes } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from '../config/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

// int8 (COUNT(*), epoch milliseconds, byte sizes) as numbers: every value we store fits in 2^53.
pgTypes.setTypeParser(pgTypes.builtins.INT8, (value: string) => Number(value));

/**
 * The one place that turns configuration into TypeORM options; used by the server and by the
 * TypeORM CLI (ormconfig.ts). Migrations own the schema: `synchronize` is never on here.
 */
export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
  } as const;
  if (database.kind === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: database.url,
      extra: {
        max: database.poolSize,
        statement_timeout: database.statementTimeoutMs,
        idle_in_transaction_session_timeout: database.statementTimeoutMs * 2,
      },
    };
  }
  if (database.file !== ':memory:') mkdirSync(dirname(database.file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.file,
    enableWAL: true,
    statementCacheSize: 200,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      // NORMAL is durable across process crashes in WAL mode (only an OS crash may lose the last commits).
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      // Deleted personal data must not linger in free pages (docs/collection-rules.md "Apps").
      db.pragma('secure_delete = ON');
      db.pragma('cache_size = -32000');
      db.pragma('temp_store = MEMORY');
      // Planner statistics (see sqlite-statistics.ts), sampled so that this stays well under a second.
      db.pragma('analysis_limit = 1000');
      db.pragma('optimize = 0x10002');
    },
  };
}
