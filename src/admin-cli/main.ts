import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Command, CommanderError } from 'commander';
import { AppModule } from '../app.module';
import { loadOrCreateSecrets } from '../common/secrets';
import { ConfigError, loadConfig } from '../config/config';
import { TenantsService } from '../tenants/tenants.service';

/**
 * The bootstrap CLI: `npm run admin -- tenant create --name Contoso [--json]`. It works on the same
 * database as the server (DATABASE_URL), running migrations first if needed.
 */
async function withTenants<T>(work: (tenants: TenantsService) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const secrets = loadOrCreateSecrets(config.dataDir, { tokenPepper: config.tokenPepper });
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config, secrets), {
    logger: false,
  });
  try {
    return await work(context.get(TenantsService));
  } finally {
    await context.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('admin')
    .description('Administer the Device Inventory Collector')
    .showHelpAfterError()
    .exitOverride();
  const tenant = program.command('tenant').description('Tenants');
  tenant
    .command('create')
    .description('Create a tenant with an enrollment token and a first administrator token')
    .requiredOption('--name <name>', 'display name of the tenant, e.g. Contoso')
    .option('--admin <upn>', 'user principal name of the first administrator')
    .option('--json', 'print {"tenantId","enrollmentToken","adminToken"} as one JSON object')
    .action(async (options: { name: string; admin?: string; json?: boolean }) => {
      const created = await withTenants((tenants) =>
        tenants.createTenant(options.name, options.admin),
      );
      if (options.json) {
        console.log(
          JSON.stringify({
            tenantId: created.tenantId,
            enrollmentToken: created.enrollmentToken,
            adminToken: created.adminToken,
          }),
        );
        return;
      }
      console.log(`Tenant created: ${options.name}`);
      console.log(`  tenant id:         ${created.tenantId}`);
      console.log(`  enrollment token:  ${created.enrollmentToken}`);
      console.log(`  admin (${created.adminUserPrincipalName}, administrator) token:`);
      console.log(`                     ${created.adminToken}`);
      console.log('The tokens are shown only now; the server keeps only their hashes.');
    });
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      if (error instanceof CommanderError) process.exit(error.exitCode);
      console.error(
        error instanceof ConfigError
          ? `Configuration error: ${error.message}`
          : `Error: ${(error as Error).message}`,
      );
      process.exit(1);
    });
}
