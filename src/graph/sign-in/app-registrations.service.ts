import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditActor } from '../../audit/audit-event.entity';
import { AuditService } from '../../audit/audit.service';
import { conflict, invalidRequest, itemNotFound } from '../../common/graph-error';
import { hashToken, newToken, ServerSecrets } from '../../common/secrets';
import { SERVER_SECRETS } from '../../core/tokens';
import { Tx, WriteTransactions } from '../../database/write-transactions';
import { GRAPH_APPLICATION_PERMISSIONS, isGraphApplicationPermission } from './graph-permissions';

export interface AppRegistrationRow {
  id: string;
  tenant_id: string;
  client_id: string;
  display_name: string;
  permissions: string;
  created_at: number | string;
  revoked_at: number | string | null;
}

export interface ClientSecretRow {
  id: string;
  app_id: string;
  hint: string;
  created_at: number | string;
  expires_at: number | string | null;
  revoked_at: number | string | null;
}

export interface CreatedApp {
  app: AppRegistrationRow;
  secret: ClientSecretRow;
  /** Shown once: only its keyed hash is stored. */
  clientSecret: string;
}

/** What checking a client's credentials found; the token endpoint answers each in Entra's words. */
export type ClientAuthentication =
  | { outcome: 'signedIn'; app: AppRegistrationRow; permissions: string[] }
  | { outcome: 'unknownApplication' | 'disabledApplication' | 'invalidSecret' | 'expiredSecret' };

const SECRET_HINT_LENGTH = 7;

/** A registration's permission list as stored (a JSON array of Graph permission names). */
export const permissionsOf = (app: AppRegistrationRow): string[] =>
  JSON.parse(app.permissions) as string[];

/**
 * Application permissions as given: Graph's names only, each once. A list naming something else is
 * refused whole, naming the problem (not the value).
 */
export function parsePermissions(permissions: readonly string[]): string[] {
  if (permissions.length === 0) {
    throw invalidRequest('permissions', 'At least one Graph application permission is required.');
  }
  const unknown = permissions.filter((p) => !isGraphApplicationPermission(p));
  if (unknown.length > 0) {
    throw invalidRequest(
      'permissions',
      `${unknown.length} of the permissions are not Graph application permissions served here; ` +
        `known: ${GRAPH_APPLICATION_PERMISSIONS.join(', ')}.`,
    );
  }
  return [...new Set(permissions)];
}

/**
 * App registrations of a tenant (Entra's "app registration" with its application permissions
 * granted) and their client secrets. Every change is audited.
 */
@Injectable()
export class AppRegistrationsService {
  constructor(
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
    @Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets,
  ) {}

  create(
    tenantId: string,
    input: { displayName: string; permissions: readonly string[]; secretExpiresAt: number | null },
    actor: AuditActor,
  ): Promise<CreatedApp> {
    const displayName = input.displayName.trim();
    if (!displayName || displayName.length > 200) {
      throw invalidRequest(
        'displayName',
        "Invalid field 'displayName': must have 1–200 characters.",
      );
    }
    const permissions = parsePermissions(input.permissions);
    return this.transactions.run(async (tx) => {
      const app: AppRegistrationRow = {
        id: randomUUID(),
        tenant_id: tenantId,
        client_id: randomUUID(),
        display_name: displayName,
        permissions: JSON.stringify(permissions),
        created_at: Date.now(),
        revoked_at: null,
      };
      await tx.run(
        `INSERT INTO app_registration (id, tenant_id, client_id, display_name, permissions, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
        [app.id, tenantId, app.client_id, displayName, app.permissions, app.created_at],
      );
      const { row, clientSecret } = await this.insertSecret(tx, app, input.secretExpiresAt);
      // One event for the registration and its first secret: one change, one entry.
      await this.audit.record(tx, {
        tenantId,
        category: 'Application',
        activity: 'Create application',
        activityType: 'Create Application',
        operationType: 'Create',
        actor,
        resources: [
          {
            resourceId: app.id,
            type: 'application',
            displayName,
            modifiedProperties: [
              { displayName: 'appId', oldValue: null, newValue: app.client_id },
              { displayName: 'roles', oldValue: null, newValue: permissions.join(', ') },
              ...secretProperties(row),
            ],
          },
        ],
        correlationId: randomUUID(),
      });
      return { app, secret: row, clientSecret };
    });
  }

  list(tenantId: string): Promise<AppRegistrationRow[]> {
    return this.transactions.read<AppRegistrationRow>(
      'SELECT * FROM app_registration WHERE tenant_id = ? ORDER BY created_at, id',
      [tenantId],
    );
  }

  secretsOf(appIds: string[]): Promise<ClientSecretRow[]> {
    if (appIds.length === 0) return Promise.resolve([]);
    return this.transactions.read<ClientSecretRow>(
      `SELECT id, app_id, hint, created_at, expires_at, revoked_at FROM app_client_secret
       WHERE app_id IN (${appIds.map(() => '?').join(', ')}) ORDER BY created_at, id`,
      appIds,
    );
  }

  async get(tenantId: string, appId: string): Promise<AppRegistrationRow> {
    const [app] = await this.transactions.read<AppRegistrationRow>(
      'SELECT * FROM app_registration WHERE id = ? AND tenant_id = ?',
      [appId, tenantId],
    );
    if (!app) throw itemNotFound('The application');
    return app;
  }

  /** The registration behind an access token, while it is not revoked. */
  async activeByClientId(tenantId: string, clientId: string): Promise<AppRegistrationRow | null> {
    const [app] = await this.transactions.read<AppRegistrationRow>(
      'SELECT * FROM app_registration WHERE client_id = ? AND tenant_id = ? AND revoked_at IS NULL',
      [clientId, tenantId],
    );
    return app ?? null;
  }

  addSecret(
    tenantId: string,
    appId: string,
    expiresAt: number | null,
    actor: AuditActor,
  ): Promise<{ row: ClientSecretRow; clientSecret: string }> {
    return this.transactions.run(async (tx) => {
      const app = await this.appIn(tx, tenantId, appId);
      if (app.revoked_at !== null) throw conflict(undefined, 'The application is revoked.');
      return this.addSecretIn(tx, app, expiresAt, actor);
    });
  }

  revokeSecret(tenantId: string, appId: string, secretId: string, actor: AuditActor) {
    return this.transactions.run(async (tx) => {
      const app = await this.appIn(tx, tenantId, appId);
      const [secret] = await tx.all<ClientSecretRow>(
        'SELECT id, revoked_at, hint FROM app_client_secret WHERE id = ? AND app_id = ?',
        [secretId, app.id],
      );
      if (!secret) throw itemNotFound('The client secret');
      if (secret.revoked_at !== null) throw conflict(undefined, 'The secret is already revoked.');
      const now = Date.now();
      await tx.run('UPDATE app_client_secret SET revoked_at = ? WHERE id = ?', [now, secret.id]);
      await this.audit.record(tx, {
        tenantId,
        category: 'Application',
        activity: 'Revoke client secret',
        activityType: 'Delete ClientSecret',
        operationType: 'Delete',
        actor,
        resources: [
          {
            resourceId: app.id,
            type: 'application',
            displayName: app.display_name,
            modifiedProperties: [
              { displayName: 'secretId', oldValue: secret.id, newValue: null },
              {
                displayName: 'revokedDateTime',
                oldValue: null,
                newValue: new Date(now).toISOString(),
              },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
    });
  }

  /** Revokes the registration: no new tokens, and its tokens are refused from now on. */
  revoke(tenantId: string, appId: string, actor: AuditActor): Promise<void> {
    return this.transactions.run(async (tx) => {
      const app = await this.appIn(tx, tenantId, appId);
      if (app.revoked_at !== null) throw conflict(undefined, 'The application is already revoked.');
      const now = Date.now();
      await tx.run('UPDATE app_registration SET revoked_at = ? WHERE id = ?', [now, app.id]);
      await this.audit.record(tx, {
        tenantId,
        category: 'Application',
        activity: 'Revoke application',
        activityType: 'Delete Application',
        operationType: 'Delete',
        actor,
        resources: [
          {
            resourceId: app.id,
            type: 'application',
            displayName: app.display_name,
            modifiedProperties: [
              {
                displayName: 'revokedDateTime',
                oldValue: null,
                newValue: new Date(now).toISOString(),
              },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
    });
  }

  /** Checks a client id and secret the way Entra does, in its order. */
  async authenticate(
    tenantId: string,
    clientId: string,
    clientSecret: string,
    now = Date.now(),
  ): Promise<ClientAuthentication> {
    const [app] = await this.transactions.read<AppRegistrationRow>(
      'SELECT * FROM app_registration WHERE client_id = ? AND tenant_id = ?',
      [clientId, tenantId],
    );
    if (!app) return { outcome: 'unknownApplication' };
    if (app.revoked_at !== null) return { outcome: 'disabledApplication' };
    const [secret] = await this.transactions.read<ClientSecretRow>(
      `SELECT id, app_id, hint, created_at, expires_at, revoked_at FROM app_client_secret
       WHERE app_id = ? AND secret_hash = ? AND revoked_at IS NULL`,
      [app.id, hashToken(this.secrets.tokenPepper, clientSecret)],
    );
    if (!secret) return { outcome: 'invalidSecret' };
    if (secret.expires_at !== null && Number(secret.expires_at) <= now) {
      return { outcome: 'expiredSecret' };
    }
    return { outcome: 'signedIn', app, permissions: permissionsOf(app) };
  }

  private async appIn(tx: Tx, tenantId: string, appId: string): Promise<AppRegistrationRow> {
    const [app] = await tx.all<AppRegistrationRow>(
      'SELECT * FROM app_registration WHERE id = ? AND tenant_id = ?',
      [appId, tenantId],
    );
    if (!app) throw itemNotFound('The application');
    return app;
  }

  private async insertSecret(
    tx: Tx,
    app: AppRegistrationRow,
    expiresAt: number | null,
  ): Promise<{ row: ClientSecretRow; clientSecret: string }> {
    const clientSecret = newToken('app');
    const row: ClientSecretRow = {
      id: randomUUID(),
      app_id: app.id,
      hint: clientSecret.slice(0, SECRET_HINT_LENGTH),
      created_at: Date.now(),
      expires_at: expiresAt,
      revoked_at: null,
    };
    await tx.run(
      `INSERT INTO app_client_secret (id, app_id, secret_hash, hint, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [
        row.id,
        app.id,
        hashToken(this.secrets.tokenPepper, clientSecret),
        row.hint,
        row.created_at,
        expiresAt,
      ],
    );
    return { row, clientSecret };
  }

  private async addSecretIn(
    tx: Tx,
    app: AppRegistrationRow,
    expiresAt: number | null,
    actor: AuditActor,
  ): Promise<{ row: ClientSecretRow; clientSecret: string }> {
    const added = await this.insertSecret(tx, app, expiresAt);
    await this.audit.record(tx, {
      tenantId: app.tenant_id,
      category: 'Application',
      activity: 'Add client secret',
      activityType: 'Create ClientSecret',
      operationType: 'Create',
      actor,
      resources: [
        {
          resourceId: app.id,
          type: 'application',
          displayName: app.display_name,
          modifiedProperties: secretProperties(added.row),
        },
      ],
      correlationId: randomUUID(),
    });
    return added;
  }
}

/** What the audit trail says of a client secret: its id and expiry, never the secret. */
function secretProperties(secret: ClientSecretRow) {
  return [
    { displayName: 'secretId', oldValue: null, newValue: secret.id },
    {
      displayName: 'endDateTime',
      oldValue: null,
      newValue:
        secret.expires_at === null ? null : new Date(Number(secret.expires_at)).toISOString(),
    },
  ];
}
