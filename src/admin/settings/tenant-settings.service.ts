import { Inject, Injectable } from '@nestjs/common';
import { auditActorOf, AuthenticatedAdmin } from '../../platform/auth/authenticated-admin';
import { AuditService } from '../../platform/audit/audit.service';
import { invalidRequest } from '../../platform/http/graph-error';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/tokens';
import { WriteTransactions } from '../../platform/database/write-transactions';
import { changedProperties } from '../../platform/audit/audit-events';

/** Intune's device cleanup rule accepts 30 to 270 days of inactivity. */
export const DEVICE_CLEANUP_DAYS = { min: 30, max: 270 } as const;

export interface TenantSettings {
  /** Optional diagnostics (docs/collection-rules.md "Phone number, location, diagnostics"): off until an administrator turns them on. */
  diagnosticsEnabled: boolean;
  /** Devices not checked in for this many days are deleted by the retention job; null = never. */
  deviceCleanupDays: number | null;
  /** How long the server keeps audit events (and retired tombstones), for every tenant alike. */
  auditRetentionDays: number;
  diagnosticsRetentionDays: number;
}

export interface TenantSettingsChanges {
  diagnosticsEnabled?: boolean;
  deviceCleanupDays?: number | null;
}

/**
 * A tenant's privacy and retention settings. Every change is audited; turning diagnostics off
 * also deletes the diagnostics stored so far, in the same transaction — what the tenant no longer
 * wants collected it should not keep either.
 */
@Injectable()
export class TenantSettingsService {
  constructor(
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(tenantId: string): Promise<TenantSettings> {
    const [row] = await this.transactions.read<{
      diagnostics_enabled: number | boolean;
      device_cleanup_days: number | null;
    }>('SELECT diagnostics_enabled, device_cleanup_days FROM tenant WHERE id = ?', [tenantId]);
    return this.settingsOf(row);
  }

  update(admin: AuthenticatedAdmin, changes: TenantSettingsChanges): Promise<TenantSettings> {
    if (changes.diagnosticsEnabled === undefined && changes.deviceCleanupDays === undefined) {
      throw invalidRequest(
        'body',
        'The request body must set diagnosticsEnabled or deviceCleanupDays.',
      );
    }
    return this.transactions.run(async (tx) => {
      const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
      const [row] = await tx.all<{
        diagnostics_enabled: number | boolean;
        device_cleanup_days: number | null;
      }>(`SELECT diagnostics_enabled, device_cleanup_days FROM tenant WHERE id = ?${lock}`, [
        admin.tenantId,
      ]);
      const before = this.settingsOf(row);
      const requested = {
        diagnosticsEnabled: changes.diagnosticsEnabled,
        deviceCleanupDays: changes.deviceCleanupDays,
      };
      const modified = changedProperties(before, requested);
      const after = {
        ...before,
        diagnosticsEnabled: requested.diagnosticsEnabled ?? before.diagnosticsEnabled,
        deviceCleanupDays:
          requested.deviceCleanupDays === undefined
            ? before.deviceCleanupDays
            : requested.deviceCleanupDays,
      };
      if (before.diagnosticsEnabled && !after.diagnosticsEnabled) {
        const deleted = await tx.run('DELETE FROM diagnostic_event WHERE tenant_id = ?', [
          admin.tenantId,
        ]);
        modified.push({
          displayName: 'diagnosticEventsDeleted',
          oldValue: null,
          newValue: String(deleted),
        });
      }
      await tx.run(
        'UPDATE tenant SET diagnostics_enabled = ?, device_cleanup_days = ? WHERE id = ?',
        [after.diagnosticsEnabled, after.deviceCleanupDays, admin.tenantId],
      );
      await this.audit.record(tx, {
        tenantId: admin.tenantId,
        category: 'Tenant',
        activity: 'Patch TenantSettings',
        activityType: 'Patch TenantSettings',
        operationType: 'Patch',
        actor: auditActorOf(admin),
        resources: [
          {
            resourceId: admin.tenantId,
            type: 'tenantSettings',
            displayName: null,
            modifiedProperties: modified,
          },
        ],
        correlationId: admin.correlationId,
      });
      return after;
    });
  }

  private settingsOf(
    row: { diagnostics_enabled: number | boolean; device_cleanup_days: number | null } | undefined,
  ): TenantSettings {
    return {
      diagnosticsEnabled: Boolean(row?.diagnostics_enabled),
      deviceCleanupDays:
        row?.device_cleanup_days === null || row?.device_cleanup_days === undefined
          ? null
          : Number(row.device_cleanup_days),
      auditRetentionDays: this.config.retention.auditEventDays,
      diagnosticsRetentionDays: this.config.retention.diagnosticEventDays,
    };
  }
}
