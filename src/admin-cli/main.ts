import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, CommanderError, Option } from 'commander';
import { AppModule } from '../app.module';
import { AuditActor } from '../audit/audit-event.entity';
import { futureExpiry } from '../common/date-times';
import { AppRegistrationsService } from '../graph/sign-in/app-registrations.service';
import { TokenSigningKeys } from '../graph/sign-in/token-signing-keys';
import { loadOrCreateSecrets } from '../common/secrets';
import { ConfigError, loadConfig } from '../config/config';
import { mapAdmin, mapAdminToken, mapEnrollmentToken } from '../tenants/admin.mapper';
import { ADMIN_ROLES, AdminRole } from '../tenants/admin.entity';
import { AdminsService } from '../tenants/admins.service';
import { USER_PRINCIPAL_NAME } from '../tenants/dto/admin-management.dto';
import { EnrollmentTokensService } from '../tenants/enrollment-tokens.service';
import { TenantsService } from '../tenants/tenants.service';

/**
 * The admin CLI: tenants, admins, admin tokens and enrollment tokens, e.g.
 * `npm run admin -- admin create --tenant <id> --upn ann@contoso.example --role helpDeskOperator`.
 * It works on the same database as the server (DATABASE_URL), running migrations first if needed.
 * What it does is audited like the API, with "Admin CLI" as the acting application.
 */
const CLI_ACTOR: AuditActor = {
  type: 'system',
  id: null,
  userPrincipalName: null,
  ipAddress: null,
  applicationDisplayName: 'Admin CLI',
};

async function withApp<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const loaded = loadConfig();
  // The server runs the retention schedule; a short-lived CLI process must not start it too.
  const config = { ...loaded, retention: { ...loaded.retention, schedule: null } };
  const secrets = loadOrCreateSecrets(config.dataDir, {
    tokenPepper: config.tokenPepper,
    pseudonymKey: config.pseudonymKey,
  });
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config, secrets), {
    logger: false,
  });
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}

/** Runs `work` for an existing tenant; an unknown tenant id is an error, not a foreign-key failure. */
function withTenant<T>(
  tenantId: string,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  return withApp(async (app) => {
    if (!(await app.get(TenantsService).exists(tenantId))) {
      throw new Error(`No tenant has the id ${tenantId}.`);
    }
    return work(app);
  });
}

const print = (json: boolean | undefined, value: unknown, lines: string[]) =>
  console.log(json ? JSON.stringify(value) : lines.join('\n'));

const SHOWN_ONCE = 'The token is shown only now; the server keeps only its hash.';

function addTenantCommands(program: Command): void {
  const tenant = program.command('tenant').description('Tenants');
  tenant
    .command('create')
    .description('Create a tenant with an enrollment token and a first administrator token')
    .requiredOption('--name <name>', 'display name of the tenant, e.g. Contoso')
    .option('--admin <upn>', 'user principal name of the first administrator')
    .option('--json', 'print {"tenantId","enrollmentToken","adminToken"} as one JSON object')
    .action(async (options: { name: string; admin?: string; json?: boolean }) => {
      const created = await withApp((app) =>
        app.get(TenantsService).createTenant(options.name, options.admin),
      );
      print(
        options.json,
        {
          tenantId: created.tenantId,
          enrollmentToken: created.enrollmentToken,
          adminToken: created.adminToken,
        },
        [
          `Tenant created: ${options.name}`,
          `  tenant id:         ${created.tenantId}`,
          `  enrollment token:  ${created.enrollmentToken}`,
          `  admin (${created.adminUserPrincipalName}, administrator) token:`,
          `                     ${created.adminToken}`,
          'The tokens are shown only now; the server keeps only their hashes.',
        ],
      );
    });
}

function addAdminCommands(program: Command): void {
  const admin = program.command('admin').description("A tenant's admins (each has one role)");
  admin
    .command('create')
    .description('Create an admin with a role and a first token')
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--upn <upn>', 'user principal name, e.g. ann@contoso.example')
    .addOption(
      new Option('--role <role>', 'role of the admin').choices(ADMIN_ROLES).makeOptionMandatory(),
    )
    .option('--display-name <name>', 'display name')
    .option('--expires <datetime>', 'expiry of the first token (ISO 8601); default: never')
    .option('--json', 'print the admin with its token as one JSON object')
    .action(
      async (options: {
        tenant: string;
        upn: string;
        role: AdminRole;
        displayName?: string;
        expires?: string;
        json?: boolean;
      }) => {
        if (!USER_PRINCIPAL_NAME.test(options.upn)) {
          throw new Error('--upn must look like name@domain.');
        }
        const tokenExpiresAt = futureExpiry('--expires', options.expires);
        const { admin: created, token } = await withTenant(options.tenant, (app) =>
          app.get(AdminsService).create(
            options.tenant,
            {
              userPrincipalName: options.upn,
              displayName: options.displayName ?? null,
              role: options.role,
              tokenExpiresAt,
            },
            CLI_ACTOR,
          ),
        );
        print(options.json, { ...mapAdmin(created, [token.row]), token: token.token }, [
          `Admin created: ${created.userPrincipalName} (${created.role})`,
          `  admin id:  ${created.id}`,
          `  token id:  ${token.row.id}`,
          `  token:     ${token.token}`,
          SHOWN_ONCE,
        ]);
      },
    );
  admin
    .command('list')
    .description("List the tenant's admins and their tokens (never the tokens themselves)")
    .requiredOption('--tenant <id>', 'tenant id')
    .option('--json', 'print {"value":[…]} as JSON')
    .action(async (options: { tenant: string; json?: boolean }) => {
      const admins = await withTenant(options.tenant, (app) =>
        app.get(AdminsService).list(options.tenant),
      );
      const value = admins.map(({ admin: a, tokens }) => mapAdmin(a, tokens));
      print(
        options.json,
        { value },
        value.map(
          (a) =>
            `${a.id}  ${a.userPrincipalName}  ${a.role}${a.revokedDateTime ? '  (revoked)' : ''}  ` +
            `tokens: ${a.tokens.filter((t) => t.state === 'active').length} active`,
        ),
      );
    });
  admin
    .command('revoke')
    .description('Revoke an admin and every token of theirs')
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--admin <id-or-upn>', 'admin id or user principal name')
    .option('--json', 'print {"revoked": "<admin id>"}')
    .action(async (options: { tenant: string; admin: string; json?: boolean }) => {
      const adminId = await withTenant(options.tenant, async (app) => {
        const admins = app.get(AdminsService);
        const id = await admins.resolve(options.tenant, options.admin);
        await admins.revoke(options.tenant, id, CLI_ACTOR);
        return id;
      });
      print(options.json, { revoked: adminId }, [`Admin revoked: ${adminId}`]);
    });
}

function addTokenCommands(program: Command): void {
  const token = program.command('token').description('Bearer tokens of admins');
  token
    .command('create')
    .description('Issue another token to an admin')
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--admin <id-or-upn>', 'admin id or user principal name')
    .option('--expires <datetime>', 'expiry (ISO 8601); default: never')
    .option('--json', 'print the token as one JSON object')
    .action(
      async (options: { tenant: string; admin: string; expires?: string; json?: boolean }) => {
        const expiresAt = futureExpiry('--expires', options.expires);
        const issued = await withTenant(options.tenant, async (app) => {
          const admins = app.get(AdminsService);
          const adminId = await admins.resolve(options.tenant, options.admin);
          return admins.issueToken(options.tenant, adminId, expiresAt, CLI_ACTOR);
        });
        print(options.json, { ...mapAdminToken(issued.row), token: issued.token }, [
          `Token issued: ${issued.row.id}`,
          `  token:  ${issued.token}`,
          SHOWN_ONCE,
        ]);
      },
    );
  token
    .command('revoke')
    .description('Revoke one token of an admin')
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--admin <id-or-upn>', 'admin id or user principal name')
    .requiredOption('--token-id <id>', 'token id (from `admin list`)')
    .option('--json', 'print {"revoked": "<token id>"}')
    .action(async (options: { tenant: string; admin: string; tokenId: string; json?: boolean }) => {
      await withTenant(options.tenant, async (app) => {
        const admins = app.get(AdminsService);
        const adminId = await admins.resolve(options.tenant, options.admin);
        await admins.revokeToken(options.tenant, adminId, options.tokenId, CLI_ACTOR);
      });
      print(options.json, { revoked: options.tokenId }, [`Token revoked: ${options.tokenId}`]);
    });
}

function addEnrollmentTokenCommands(program: Command): void {
  const enrollment = program
    .command('enrollment-token')
    .description('Enrollment tokens: devices of the tenant enroll with one');
  enrollment
    .command('create')
    .description('Issue an enrollment token')
    .requiredOption('--tenant <id>', 'tenant id')
    .option('--description <text>', 'what the token is for, e.g. "Stockholm office"')
    .option('--expires <datetime>', 'expiry (ISO 8601); default: never')
    .option('--json', 'print the token as one JSON object')
    .action(
      async (options: {
        tenant: string;
        description?: string;
        expires?: string;
        json?: boolean;
      }) => {
        const expiresAt = futureExpiry('--expires', options.expires);
        const issued = await withTenant(options.tenant, (app) =>
          app
            .get(EnrollmentTokensService)
            .issue(
              options.tenant,
              { description: options.description ?? null, expiresAt },
              CLI_ACTOR,
            ),
        );
        print(options.json, { ...mapEnrollmentToken(issued.row), token: issued.token }, [
          `Enrollment token issued: ${issued.row.id}`,
          `  token:  ${issued.token}`,
          SHOWN_ONCE,
        ]);
      },
    );
  enrollment
    .command('list')
    .description("List the tenant's enrollment tokens (never the tokens themselves)")
    .requiredOption('--tenant <id>', 'tenant id')
    .option('--json', 'print {"value":[…]} as JSON')
    .action(async (options: { tenant: string; json?: boolean }) => {
      const rows = await withTenant(options.tenant, (app) =>
        app.get(EnrollmentTokensService).list(options.tenant),
      );
      const value = rows.map((row) => mapEnrollmentToken(row));
      print(
        options.json,
        { value },
        value.map((t) => `${t.id}  ${t.state}  ${t.description ?? ''}`),
      );
    });
  enrollment
    .command('revoke')
    .description('Revoke an enrollment token: devices can no longer enroll with it')
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--token-id <id>', 'enrollment token id (from `enrollment-token list`)')
    .option('--json', 'print {"revoked": "<token id>"}')
    .action(async (options: { tenant: string; tokenId: string; json?: boolean }) => {
      await withTenant(options.tenant, (app) =>
        app.get(EnrollmentTokensService).revoke(options.tenant, options.tokenId, CLI_ACTOR),
      );
      print(options.json, { revoked: options.tokenId }, [
        `Enrollment token revoked: ${options.tokenId}`,
      ]);
    });
}

function addAppCommands(program: Command): void {
  const app = program
    .command('app')
    .description('App registrations: consumers that sign in like Entra ID (docs/graph-api.md)');
  app
    .command('create')
    .description('Register an application with Graph application permissions and a client secret')
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--name <name>', 'display name, e.g. "CMDB sync"')
    .requiredOption(
      '--permissions <names>',
      'Graph application permissions, comma-separated, e.g. DeviceManagementManagedDevices.Read.All',
    )
    .option('--json', 'print {"tenantId","clientId","clientSecret"} as one JSON object')
    .action(
      async (options: { tenant: string; name: string; permissions: string; json?: boolean }) => {
        const created = await withTenant(options.tenant, (nest) =>
          nest.get(AppRegistrationsService).create(
            options.tenant,
            {
              displayName: options.name,
              permissions: options.permissions
                .split(',')
                .map((p) => p.trim())
                .filter(Boolean),
              secretExpiresAt: null,
            },
            CLI_ACTOR,
          ),
        );
        print(
          options.json,
          {
            tenantId: options.tenant,
            clientId: created.app.client_id,
            clientSecret: created.clientSecret,
          },
          [
            `Application registered: ${created.app.display_name}`,
            `Tenant id:     ${options.tenant}`,
            `Client id:     ${created.app.client_id}`,
            `Client secret: ${created.clientSecret}`,
            'The secret is shown only now; the server keeps only its hash.',
          ],
        );
      },
    );
  app
    .command('list')
    .description("A tenant's app registrations")
    .requiredOption('--tenant <id>', 'tenant id')
    .option('--json', 'print the list as JSON')
    .action(async (options: { tenant: string; json?: boolean }) => {
      const apps = await withTenant(options.tenant, (nest) =>
        nest.get(AppRegistrationsService).list(options.tenant),
      );
      print(
        options.json,
        apps.map((a) => ({ id: a.id, clientId: a.client_id, displayName: a.display_name })),
        apps.map(
          (a) =>
            `${a.id}  ${a.client_id}  ${a.display_name}${a.revoked_at === null ? '' : '  (revoked)'}`,
        ),
      );
    });
  app
    .command('revoke')
    .description('Revoke an app registration: no new tokens, and its tokens are refused')
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--app-id <id>', 'registration id (from `app list`)')
    .action(async (options: { tenant: string; appId: string }) => {
      await withTenant(options.tenant, (nest) =>
        nest.get(AppRegistrationsService).revoke(options.tenant, options.appId, CLI_ACTOR),
      );
      console.log(`Application revoked: ${options.appId}`);
    });
  program
    .command('signing-key')
    .description('The key this data directory signs access tokens with')
    .command('rotate')
    .description('Make a new signing key; tokens of the old one stay valid until they expire')
    .action(async () => {
      const rotated = await withApp((nest) => nest.get(TokenSigningKeys).rotate());
      console.log(
        `Signing key ${rotated.kid} is current; ${rotated.retiredKid} is retired. ` +
          'Restart the server instances that use this data directory.',
      );
    });
}

export function buildProgram(): Command {
  const program = new Command('admin')
    .description('Administer the Device Inventory Collector')
    .showHelpAfterError()
    .exitOverride();
  addTenantCommands(program);
  addAdminCommands(program);
  addTokenCommands(program);
  addEnrollmentTokenCommands(program);
  addAppCommands(program);
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
