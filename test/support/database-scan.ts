import { TestServer } from './test-server';

/** Every row of every table of ours, as JSON text: to prove a value is stored nowhere. */
export async function dumpEveryTable(server: TestServer): Promise<string> {
  const postgres = server.database.kind === 'postgres';
  const tables = await server.query<{ name: string }>(
    postgres
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await server.query(`SELECT * FROM ${name}`);
    parts.push(`${name}: ${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}
