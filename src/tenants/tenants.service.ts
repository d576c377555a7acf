import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { hashToken, newToken, ServerSecrets } from '../common/secrets';
import { SERVER_SECRETS } from '../core/tokens';
import { Tx, WriteTransactions } from '../database/write-transactions';
import { AdminToken } from './admin-token.entity';
import { Admin, AdminRole } from './admin.entity';
import { EnrollmentToken } from './enrollment-token.entity';
import { Tenant } from './tenant.entity';

export interface CreatedTenant {
  tenantId: string;
  /** Shown once: only its hash is stored. */
  enrollmentToken: string;
  /** Shown once: only its hash is stored. */
  adminToken: string;
  adminUserPrincipalName: string;
}

@Injectable()
export class TenantsService {
  constructor(
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
    @Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets,
  ) {}

  /** A new tenant with an enrollment token and a first administrator (the bootstrap CLI's job). */
  async createTenant(name: string, adminUserPrincipalName?: string): Promise<CreatedTenant> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 200)
      throw new Error('A tenant name must have 1–200 characters');
    const upn = adminUserPrincipalName ?? `admin@${slug(trimmed)}.example`;
    return this.transactions.run(async (tx) => {
      const tenant = tx.manager.create(Tenant, {
        id: randomUUID(),
        name: trimmed,
        createdAt: Date.now(),
        diagnosticsEnabled: false,
        deviceCleanupDays: null,
      });
      await tx.manager.insert(Tenant, tenant);
      const correlationId = randomUUID();
      await this.audit.record(tx, {
        tenantId: tenant.id,
        category: 'Tenant',
        activity: 'Create tenant',
        activityType: 'Create Tenant',
        operationType: 'Create',
        actor: SYSTEM_ACTOR,
        resources: [
          {
            resourceId: tenant.id,
            type: 'tenant',
            displayName: tenant.name,
            modifiedProperties: [{ displayName: 'name', oldValue: null, newValue: tenant.name }],
          },
        ],
        correlationId,
      });
      const enrollmentToken = await this.issueEnrollmentToken(
        tx,
        tenant.id,
        'Created with the tenant',
        correlationId,
      );
      const admin = await this.createAdmin(tx, tenant.id, upn, 'administrator', correlationId);
      return {
        tenantId: tenant.id,
        enrollmentToken,
        adminToken: admin.token,
        adminUserPrincipalName: upn,
      };
    });
  }

  async issueEnrollmentToken(
    tx: Tx,
    tenantId: string,
    description: string | null,
    correlationId: string,
    expiresAt: number | null = null,
  ): Promise<string> {
    const token = newToken('enr');
    const row = tx.manager.create(EnrollmentToken, {
      id: randomUUID(),
      tenantId,
      tokenHash: hashToken(this.secrets.tokenPepper, token),
      description,
      createdAt: Date.now(),
      expiresAt,
      revokedAt: null,
    });
    await tx.manager.insert(EnrollmentToken, row);
    await this.audit.record(tx, {
      tenantId,
      category: 'Enrollment',
      activity: 'Issue enrollment token',
      activityType: 'Create EnrollmentToken',
      operationType: 'Create',
      actor: SYSTEM_ACTOR,
      resources: [
        {
          resourceId: row.id,
          type: 'enrollmentToken',
          displayName: description,
          modifiedProperties: [],
        },
      ],
      correlationId,
    });
    return token;
  }

  async createAdmin(
    tx: Tx,
    tenantId: string,
    userPrincipalName: string,
    role: AdminRole,
    correlationId: string,
  ): Promise<{ admin: Admin; token: string }> {
    const admin = tx.manager.create(Admin, {
      id: randomUUID(),
      tenantId,
      userPrincipalName,
      displayName: null,
      role,
      createdAt: Date.now(),
      revokedAt: null,
    });
    await tx.manager.insert(Admin, admin);
    const token = newToken('adm');
    const tokenRow = tx.manager.create(AdminToken, {
      id: randomUUID(),
      adminId: admin.id,
      tokenHash: hashToken(this.secrets.tokenPepper, token),
      createdAt: Date.now(),
      expiresAt: null,
      revokedAt: null,
    });
    await tx.manager.insert(AdminToken, tokenRow);
    await this.audit.record(tx, {
      tenantId,
      category: 'Role',
      activity: 'Create admin',
      activityType: 'Create Admin',
      operationType: 'Create',
      actor: SYSTEM_ACTOR,
      resources: [
        {
          resourceId: admin.id,
          type: 'admin',
          displayName: userPrincipalName,
          modifiedProperties: [{ displayName: 'role', oldValue: null, newValue: role }],
        },
      ],
      correlationId,
    });
    return { admin, token };
  }
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'tenant'
  );
}
