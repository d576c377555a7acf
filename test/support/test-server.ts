import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../../src/platform/audit/audit.service';
import { loadConfig } from '../../src/platform/config/config';
import { CreatedTenant, TenantsService } from '../../src/admin/tenants.service';
import { createServer, listen } from '../../src/server';
import { createTestDatabase, DatabaseKind, TestDatabase } from './databases';

export interface TestServer {
  url: string;
  /** With `HTTPS_PORT` in the env: the same app over TLS (the dev certificate is under dataDir/tls). */
  httpsUrl: string | null;
  dataDir: string;
  app: NestFastifyApplication;
  dataSource: DataSource;
  database: TestDatabase;
  /** Every log line the server wrote, as text. */
  logLines: string[];
  createTenant(name?: string): Promise<CreatedTenant>;
  service<T>(type: new (...args: never[]) => T): T;
  /** Rows of a query with `?` placeholders, straight from the database. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export const systemActor = SYSTEM_ACTOR;

/**
 * A real server on a real, freshly migrated database, listening on a random local port. With
 * `shared`, it runs on another test server's database instead (a second instance, or a restart
 * with other settings), and leaves that database to its owner when it closes.
 */
export async function startTestServer(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  shared?: TestDatabase,
): Promise<TestServer> {
  const database = shared ?? (await createTestDatabase(kind));
  const dataDir = mkdtempSync(join(tmpdir(), 'dic-data-'));
  const logLines: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  const config = loadConfig({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'info',
    DATABASE_POOL_SIZE: '20',
    // Retention runs when a test asks for it, not when the hour strikes in the middle of one.
    RETENTION_SCHEDULE: 'off',
    ...env,
  });
  const app = await createServer(config, { logDestination: logDestination as never });
  const urls = await listen(app, { port: 0, host: '127.0.0.1' }).catch(async (error: unknown) => {
    // A server that refuses to start lets go of its database connections and files.
    await app.close().catch(() => undefined);
    if (!shared) await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const dataSource = app.get(DataSource);
  const postgres = kind === 'postgres';
  return {
    url: urls.http,
    httpsUrl: urls.https,
    dataDir,
    app,
    dataSource,
    database,
    logLines,
    createTenant: (name = 'Contoso') => app.get(TenantsService).createTenant(name),
    service: (type) => app.get(type),
    query: (sql, params = []) => {
      let index = 0;
      return dataSource.query(postgres ? sql.replace(/\?/g, () => `$${++index}`) : sql, params);
    },
    close: async () => {
      await app.close();
      if (!shared) await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
