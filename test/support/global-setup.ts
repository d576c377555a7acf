import { Client } from 'pg';

/**
 * Decides once per test run whether PostgreSQL is reachable (TEST_DATABASES=sqlite: not asked). Suites that need it run when it is and
 * report themselves skipped when not — unless REQUIRE_POSTGRES=1 (CI), where its absence fails the run.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASES === 'sqlite') {
    // npm run test:quick: SQLite only, by choice — not a missing server.
    delete process.env.TEST_POSTGRES_AVAILABLE;
    return;
  }
  const url = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    process.env.TEST_POSTGRES_AVAILABLE = url;
  } catch (error) {
    delete process.env.TEST_POSTGRES_AVAILABLE;
    if (process.env.REQUIRE_POSTGRES === '1') {
      throw new Error(
        `REQUIRE_POSTGRES=1 but PostgreSQL at ${url} is unreachable: ${(error as Error).message}`,
      );
    }
    console.warn(`\nPostgreSQL unreachable at ${url}: its test suites are skipped.\n`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
