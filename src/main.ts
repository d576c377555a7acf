import { ConfigError, loadConfig } from './platform/config/config';
import { createServer, listen } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createServer(config);
  const urls = await listen(app, config);
  const where = config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL';
  const secure = urls.https ? ` and ${urls.https}` : '';
  console.log(`Device Inventory Collector listening on ${urls.http}${secure} (database: ${where})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
