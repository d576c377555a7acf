import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService, SYSTEM_ACTOR } from '../platform/audit/audit.service';
import { WriteTransactions } from '../platform/database/write-transactions';
import { AdminsService } from './admins.service';
import { EnrollmentTokensService } from './enrollment-tokens.service';
import { Tenant } from '../platform/database/entities/tenant.entity';

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
    private readonly admins: AdminsService,
    private readonly enrollmentTokens: EnrollmentTokensService,
  ) {}

  async exists(tenantId: string): Promise<boolean> {
    const rows = await this.transactions.read('SELECT id FROM tenant WHERE id = ?', [tenantId]);
    return rows.length > 0;
  }

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
      const enrollment = await this.enrollmentTokens.issueIn(
        tx,
        tenant.id,
        { description: 'Created with the tenant', expiresAt: null },
        SYSTEM_ACTOR,
        correlationId,
      );
      const { token } = await this.admins.createIn(
        tx,
        tenant.id,
        { userPrincipalName: upn, role: 'administrator' },
        SYSTEM_ACTOR,
        correlationId,
      );
      return {
        tenantId: tenant.id,
        enrollmentToken: enrollment.token,
        adminToken: token.token,
        adminUserPrincipalName: upn,
      };
    });
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
