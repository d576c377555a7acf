import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditResource } from '../platform/database/entities/audit-event.entity';
import { AuditService } from '../platform/audit/audit.service';
import { conflict, itemNotFound } from '../platform/http/graph-error';
import { hashToken, newToken, ServerSecrets } from '../platform/secrets';
import { SERVER_SECRETS } from '../platform/tokens';
import { isUniqueViolation, Tx, WriteTransactions } from '../platform/database/write-transactions';
import { AdminToken } from '../platform/database/entities/admin-token.entity';
import { Admin, AdminRole } from '../platform/database/entities/admin.entity';

export interface NewAdmin {
  userPrincipalName: string;
  displayName?: string | null;
  role: AdminRole;
  /** Expiry of the admin's first token; null = until revoked. */
  tokenExpiresAt?: number | null;
}

export interface IssuedAdminToken {
  row: AdminToken;
  /** Shown once: only its hash is stored. */
  token: string;
}

export interface AdminWithTokens {
  admin: Admin;
  tokens: AdminToken[];
}

/**
 * The admins of a tenant and their bearer tokens. An admin has one role; a token belongs to one
 * admin. Revoking is the only way to end access: rows stay, so the audit trail can name who acted.
 */
@Injectable()
export class AdminsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
    @Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets,
  ) {}

  create(
    tenantId: string,
    input: NewAdmin,
    actor: AuditActor,
  ): Promise<{ admin: Admin; token: IssuedAdminToken }> {
    return this.transactions.run((tx) => this.createIn(tx, tenantId, input, actor, randomUUID()));
  }

  /** Creates an admin with a first token inside the caller's transaction (tenant bootstrap). */
  async createIn(
    tx: Tx,
    tenantId: string,
    input: NewAdmin,
    actor: AuditActor,
    correlationId: string,
  ): Promise<{ admin: Admin; token: IssuedAdminToken }> {
    const admin = tx.manager.create(Admin, {
      id: randomUUID(),
      tenantId,
      userPrincipalName: input.userPrincipalName,
      displayName: input.displayName ?? null,
      role: input.role,
      createdAt: Date.now(),
      revokedAt: null,
    });
    try {
      await tx.manager.insert(Admin, admin);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict(
          'userPrincipalName',
          'The tenant already has an active admin with this userPrincipalName.',
        );
      }
      throw error;
    }
    const token = await this.insertToken(tx, admin, input.tokenExpiresAt ?? null);
    // One event for the one request: the admin and the token issued with it.
    await this.audit.record(tx, {
      tenantId,
      category: 'Role',
      activity: 'Create admin',
      activityType: 'Create Admin',
      operationType: 'Create',
      actor,
      resources: [
        {
          resourceId: admin.id,
          type: 'admin',
          displayName: admin.userPrincipalName,
          modifiedProperties: [
            { displayName: 'userPrincipalName', oldValue: null, newValue: admin.userPrincipalName },
            { displayName: 'role', oldValue: null, newValue: admin.role },
          ],
        },
        tokenResource(admin, token.row),
      ],
      correlationId,
    });
    return { admin, token };
  }

  async list(tenantId: string): Promise<AdminWithTokens[]> {
    const manager = this.dataSource.manager;
    const admins = await manager.find(Admin, {
      where: { tenantId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const tokens = admins.length
      ? await manager
          .createQueryBuilder(AdminToken, 't')
          .where('t.admin_id IN (:...ids)', { ids: admins.map((a) => a.id) })
          .orderBy('t.created_at', 'ASC')
          .addOrderBy('t.id', 'ASC')
          .getMany()
      : [];
    return admins.map((admin) => ({
      admin,
      tokens: tokens.filter((token) => token.adminId === admin.id),
    }));
  }

  async get(tenantId: string, adminId: string): Promise<AdminWithTokens> {
    const manager = this.dataSource.manager;
    const admin = await this.find(manager, tenantId, adminId);
    const tokens = await manager.find(AdminToken, {
      where: { adminId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return { admin, tokens };
  }

  /** Ends an admin's access: the admin and every token of theirs are revoked. */
  revoke(tenantId: string, adminId: string, actor: AuditActor): Promise<void> {
    return this.transactions.run(async (tx) => {
      const admin = await this.find(tx.manager, tenantId, adminId);
      if (admin.revokedAt !== null) throw conflict(undefined, 'The admin is already revoked.');
      if (admin.role === 'administrator') {
        const [{ count }] = await tx.all<{ count: number }>(
          `SELECT COUNT(*) AS count FROM admin
           WHERE tenant_id = ? AND role = 'administrator' AND revoked_at IS NULL`,
          [tenantId],
        );
        // Without an administrator nobody could manage admins or tokens any more (except the CLI).
        if (Number(count) <= 1) {
          throw conflict(undefined, 'The last active administrator of a tenant cannot be revoked.');
        }
      }
      const now = Date.now();
      await tx.run('UPDATE admin SET revoked_at = ? WHERE id = ?', [now, admin.id]);
      const tokens = await tx.run(
        'UPDATE admin_token SET revoked_at = ? WHERE admin_id = ? AND revoked_at IS NULL',
        [now, admin.id],
      );
      await this.audit.record(tx, {
        tenantId,
        category: 'Role',
        activity: 'Revoke admin',
        activityType: 'Delete Admin',
        operationType: 'Delete',
        actor,
        resources: [
          {
            resourceId: admin.id,
            type: 'admin',
            displayName: admin.userPrincipalName,
            modifiedProperties: [
              { displayName: 'role', oldValue: admin.role, newValue: null },
              { displayName: 'revokedTokens', oldValue: null, newValue: String(tokens) },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
    });
  }

  issueToken(
    tenantId: string,
    adminId: string,
    expiresAt: number | null,
    actor: AuditActor,
  ): Promise<IssuedAdminToken> {
    return this.transactions.run(async (tx) => {
      const admin = await this.find(tx.manager, tenantId, adminId);
      if (admin.revokedAt !== null) {
        throw conflict(undefined, 'The admin is revoked; a revoked admin gets no new tokens.');
      }
      return this.issueTokenIn(tx, admin, expiresAt, actor, randomUUID());
    });
  }

  revokeToken(
    tenantId: string,
    adminId: string,
    tokenId: string,
    actor: AuditActor,
  ): Promise<void> {
    return this.transactions.run(async (tx) => {
      const admin = await this.find(tx.manager, tenantId, adminId);
      const token = await tx.manager.findOneBy(AdminToken, { id: tokenId, adminId: admin.id });
      if (!token) throw itemNotFound('The admin token');
      if (token.revokedAt !== null) throw conflict(undefined, 'The token is already revoked.');
      await tx.run('UPDATE admin_token SET revoked_at = ? WHERE id = ?', [Date.now(), token.id]);
      await this.audit.record(tx, {
        tenantId,
        category: 'Role',
        activity: 'Revoke admin token',
        activityType: 'Delete AdminToken',
        operationType: 'Delete',
        actor,
        resources: [
          {
            resourceId: token.id,
            type: 'adminToken',
            displayName: admin.userPrincipalName,
            modifiedProperties: [{ displayName: 'adminId', oldValue: admin.id, newValue: null }],
          },
        ],
        correlationId: randomUUID(),
      });
    });
  }

  /** The id of a tenant's admin given by id or by UPN (the CLI accepts both); active admins first. */
  async resolve(tenantId: string, idOrUserPrincipalName: string): Promise<string> {
    const rows = await this.transactions.read<{ id: string }>(
      `SELECT id FROM admin WHERE tenant_id = ? AND (id = ? OR user_principal_name = ?)
       ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, created_at DESC`,
      [tenantId, idOrUserPrincipalName, idOrUserPrincipalName],
    );
    if (!rows[0]) throw itemNotFound('The admin');
    return rows[0].id;
  }

  private async issueTokenIn(
    tx: Tx,
    admin: Admin,
    expiresAt: number | null,
    actor: AuditActor,
    correlationId: string,
  ): Promise<IssuedAdminToken> {
    const issued = await this.insertToken(tx, admin, expiresAt);
    await this.audit.record(tx, {
      tenantId: admin.tenantId,
      category: 'Role',
      activity: 'Issue admin token',
      activityType: 'Create AdminToken',
      operationType: 'Create',
      actor,
      resources: [tokenResource(admin, issued.row)],
      correlationId,
    });
    return issued;
  }

  private async insertToken(
    tx: Tx,
    admin: Admin,
    expiresAt: number | null,
  ): Promise<IssuedAdminToken> {
    const token = newToken('adm');
    const row = tx.manager.create(AdminToken, {
      id: randomUUID(),
      adminId: admin.id,
      tokenHash: hashToken(this.secrets.tokenPepper, token),
      createdAt: Date.now(),
      expiresAt,
      revokedAt: null,
    });
    await tx.manager.insert(AdminToken, row);
    return { row, token };
  }

  private async find(manager: EntityManager, tenantId: string, adminId: string): Promise<Admin> {
    const admin = await manager.findOneBy(Admin, { id: adminId, tenantId });
    if (!admin) throw itemNotFound('The admin');
    return admin;
  }
}

/** An issued token in the audit trail: its id, owner and expiry — never the token or its hash. */
function tokenResource(admin: Admin, row: AdminToken): AuditResource {
  return {
    resourceId: row.id,
    type: 'adminToken',
    displayName: admin.userPrincipalName,
    modifiedProperties: [
      { displayName: 'adminId', oldValue: null, newValue: admin.id },
      {
        displayName: 'expiresDateTime',
        oldValue: null,
        newValue: row.expiresAt === null ? null : new Date(row.expiresAt).toISOString(),
      },
    ],
  };
}
