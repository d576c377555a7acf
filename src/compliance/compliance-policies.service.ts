import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Platform } from '../collection-rules';
import { purgeUnmanagedApps } from '../apps/detected-apps.store';
import { AuditActor } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { itemNotFound } from '../common/graph-error';
import { Tx, WriteTransactions } from '../database/write-transactions';
import { AppListType, CompliancePolicy, ListedApp } from './compliance-policy.entity';

export interface NewAppListRule {
  platform: Platform;
  displayName: string;
  description?: string | null;
  appListType: AppListType;
  apps: ListedApp[];
}

const PERSONAL_DEVICES = { where: "d.ownership <> 'corporate'", params: [] };

/**
 * App-list compliance rules (restricted/approved apps) per platform. A tenant's first rule for a
 * platform turns full app collection on for that platform's personal devices; removing the last one
 * purges what only the rule allowed.
 */
@Injectable()
export class CompliancePoliciesService {
  constructor(
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  create(tenantId: string, rule: NewAppListRule, actor: AuditActor): Promise<CompliancePolicy> {
    return this.transactions.run(async (tx) => {
      const now = Date.now();
      const policy = tx.manager.create(CompliancePolicy, {
        id: randomUUID(),
        tenantId,
        platform: rule.platform,
        displayName: rule.displayName,
        description: rule.description ?? null,
        appListType: rule.appListType,
        apps: rule.apps,
        createdAt: now,
        updatedAt: now,
      });
      await tx.manager.insert(CompliancePolicy, policy);
      // Every device of the platform re-sends its full list at its next check-in: personal ones because
      // more is collected now, all of them so that compliance is evaluated against the new rule.
      await this.forgetInventoryHashes(tx, tenantId, rule.platform);
      await this.audit.record(tx, {
        tenantId,
        category: 'Compliance',
        activity: 'Create compliance policy',
        activityType: 'Create DeviceCompliancePolicy',
        operationType: 'Create',
        actor,
        resources: [
          {
            resourceId: policy.id,
            type: 'deviceCompliancePolicy',
            displayName: policy.displayName,
            modifiedProperties: [
              { displayName: 'platform', oldValue: null, newValue: policy.platform },
              { displayName: 'appListType', oldValue: null, newValue: policy.appListType },
              {
                displayName: 'apps',
                oldValue: null,
                newValue: policy.apps.map((a) => a.appId).join(', '),
              },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
      return policy;
    });
  }

  delete(
    tenantId: string,
    policyId: string,
    actor: AuditActor,
  ): Promise<{ purgedAppLinks: number }> {
    return this.transactions.run(async (tx) => {
      const policy = await tx.manager.findOneBy(CompliancePolicy, { id: policyId, tenantId });
      if (!policy) throw itemNotFound('The compliance policy');
      await tx.manager.delete(CompliancePolicy, { id: policyId });
      const remaining = await tx.manager.countBy(CompliancePolicy, {
        tenantId,
        platform: policy.platform,
      });
      let purgedAppLinks = 0;
      if (remaining === 0) {
        purgedAppLinks = await purgeUnmanagedApps(tx, tenantId, policy.platform, PERSONAL_DEVICES);
      }
      await this.forgetInventoryHashes(tx, tenantId, policy.platform);
      await this.audit.record(tx, {
        tenantId,
        category: 'Compliance',
        activity: 'Delete compliance policy',
        activityType: 'Delete DeviceCompliancePolicy',
        operationType: 'Delete',
        actor,
        resources: [
          {
            resourceId: policy.id,
            type: 'deviceCompliancePolicy',
            displayName: policy.displayName,
            modifiedProperties: [
              { displayName: 'platform', oldValue: policy.platform, newValue: null },
              {
                displayName: 'purgedUnmanagedAppLinks',
                oldValue: null,
                newValue: String(purgedAppLinks),
              },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
      return { purgedAppLinks };
    });
  }

  private async forgetInventoryHashes(tx: Tx, tenantId: string, platform: Platform): Promise<void> {
    await tx.run(
      'UPDATE device SET app_inventory_hash = NULL WHERE tenant_id = ? AND platform = ?',
      [tenantId, platform],
    );
  }
}
