import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config/config';
import { ClusterInstance, startCluster, stopInstances } from './cluster';

/**
 * `npm run cluster -- --instances 2`: N server instances on consecutive ports against DATABASE_URL,
 * for local trials of running at scale. Ctrl-C stops them all.
 */
function positive(max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1 || number > max) {
      throw new InvalidArgumentError(`must be an integer from 1 to ${max}`);
    }
    return number;
  };
}

async function main(): Promise<void> {
  const program = new Command('cluster')
    .description('Start several server instances on one PostgreSQL database (DATABASE_URL)')
    .option('--instances <n>', 'how many', positive(32), 2)
    .option(
      '--port <port>',
      'port of the first instance; the others follow (default PORT or 3000)',
    );
  program.parse();
  const options = program.opts<{ instances: number; port?: string }>();
  const basePort = positive(65535)(options.port ?? process.env.PORT ?? '3000');

  let instances: ClusterInstance[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping the instances…');
    await stopInstances(instances);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  console.log(`Starting ${options.instances} instance(s) from port ${basePort}…`);
  instances = await startCluster(options.instances, basePort, process.env);
  for (const instance of instances) {
    const secure = instance.httpsUrl ? ` and ${instance.httpsUrl}` : '';
    console.log(
      `  ${instance.url}${secure}  (pid ${instance.process.pid}, log ${instance.logFile})`,
    );
    instance.process.once('exit', (code, signal) => {
      if (!stopping) console.log(`  ${instance.url} exited (${signal ?? code})`);
    });
  }
  const servers = instances.map((instance) => instance.url).join(',');
  console.log(`All instances share DATABASE_URL, TOKEN_PEPPER, PSEUDONYM_KEY and DATA_DIR.`);
  console.log(`Simulate against all of them:  npm run simulate -- --server ${servers} …`);
  console.log('Ctrl-C stops them all.');
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError ? `Configuration error: ${error.message}` : String(error),
  );
  process.exit(1);
});
