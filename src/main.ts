import { ConfigError, loadConfig } from './config/config';
import { createServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createServer(config);
  await app.listen({ port: config.port, host: config.host });
  const where = config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL';
  console.log(
    `Device Inventory Collector listening on http://${config.host}:${config.port} (database: ${where})`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
