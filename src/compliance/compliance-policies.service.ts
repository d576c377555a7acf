import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Platform } from '../collection-rules';
import { purgeUnmanagedApps } from '../apps/detected-apps.store';
import { AuditActor, AuditResource } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { invalidRequest, itemNotFound } from '../common/graph-error';
import { GraphCollection, graphList } from '../graph-http/graph-list';
import { Tx, WriteTransactions } from '../database/write-transactions';
import { ComplianceState } from '../devices/device.entity';
import { AppListType, CompliancePolicy, ListedApp } from './compliance-policy.entity';
import {
  DEVICE_COMPLIANCE_POLICIES,
  DeviceCompliancePolicyView,
  mapCompliancePolicyRow,
} from './device-compliance-policy.mapper';
import { tenantPolicyChanged } from '../device-channel/tenant-policies';

export interface NewAppListRule {
  platform: Platform;
  displayName: string;
  description?: string | null;
  appListType: AppListType;
  apps: ListedApp[];
}

export interface AppListRuleChanges {
  displayName?: string;
  description?: string | null;
  appListType?: AppListType;
  apps?: ListedApp[];
}

const PERSONAL_DEVICES = { where: "d.ownership <> 'corporate'", params: [] };

type ModifiedProperty = AuditResource['modifiedProperties'][number];

const appIdsOf = (apps: readonly ListedApp[]) => apps.map((app) => app.appId).join(', ');

/**
 * App-list compliance rules (restricted/approved apps) per platform. A tenant's first rule for a
 * platform turns full app collection on for that platform's personal devices; removing the last one
 * purges what only the rule allowed. Devices are evaluated against the rules at each check-in; until
 * then, a changed rule leaves them `unknown` (not yet evaluated).
 */
@Injectable()
export class CompliancePoliciesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  list(
    tenantId: string,
    request: FastifyRequest,
  ): Promise<GraphCollection<Partial<DeviceCompliancePolicyView>>> {
    return graphList({
      request,
      resource: DEVICE_COMPLIANCE_POLICIES,
      entitySet: 'deviceManagement/deviceCompliancePolicies',
      builder: this.dataSource
        .createQueryBuilder()
        .select([
          'p.id AS id',
          'p.platform AS platform',
          'p.display_name AS display_name',
          'p.description AS description',
          'p.app_list_type AS app_list_type',
          'p.apps AS apps',
          'p.created_at AS created_at',
          'p.updated_at AS updated_at',
        ])
        .from('compliance_policy', 'p')
        .where('p.tenant_id = :tenantId', { tenantId }),
      map: mapCompliancePolicyRow,
    });
  }

  async get(tenantId: string, policyId: string): Promise<CompliancePolicy> {
    const policy = await this.dataSource.manager.findOneBy(CompliancePolicy, {
      id: policyId,
      tenantId,
    });
    if (!policy) throw itemNotFound('The compliance policy');
    return policy;
  }

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
      await this.rulesChanged(tx, tenantId, rule.platform, 'unknown');
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
              { displayName: 'displayName', oldValue: null, newValue: policy.displayName },
              { displayName: 'appListType', oldValue: null, newValue: policy.appListType },
              { displayName: 'apps', oldValue: null, newValue: appIdsOf(policy.apps) },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
      return policy;
    });
  }

  update(
    tenantId: string,
    policyId: string,
    changes: AppListRuleChanges,
    actor: AuditActor,
  ): Promise<CompliancePolicy> {
    if (Object.values(changes).every((value) => value === undefined)) {
      throw invalidRequest('body', 'The request body changes no property of the policy.');
    }
    return this.transactions.run(async (tx) => {
      const policy = await tx.manager.findOneBy(CompliancePolicy, { id: policyId, tenantId });
      if (!policy) throw itemNotFound('The compliance policy');
      const modified: ModifiedProperty[] = [];
      const updated = { ...policy, updatedAt: Date.now() };
      if (changes.displayName !== undefined && changes.displayName !== policy.displayName) {
        modified.push({
          displayName: 'displayName',
          oldValue: policy.displayName,
          newValue: changes.displayName,
        });
        updated.displayName = changes.displayName;
      }
      if (changes.description !== undefined && changes.description !== policy.description) {
        modified.push({
          displayName: 'description',
          oldValue: policy.description,
          newValue: changes.description,
        });
        updated.description = changes.description;
      }
      if (changes.appListType !== undefined && changes.appListType !== policy.appListType) {
        modified.push({
          displayName: 'appListType',
          oldValue: policy.appListType,
          newValue: changes.appListType,
        });
        updated.appListType = changes.appListType;
      }
      if (changes.apps !== undefined) {
        const [before, after] = [appIdsOf(policy.apps), appIdsOf(changes.apps)];
        if (before !== after)
          modified.push({ displayName: 'apps', oldValue: before, newValue: after });
        updated.apps = changes.apps;
      }
      await tx.manager.update(
        CompliancePolicy,
        { id: policy.id },
        {
          displayName: updated.displayName,
          description: updated.description,
          appListType: updated.appListType,
          apps: updated.apps,
          updatedAt: updated.updatedAt,
        },
      );
      if (modified.some((p) => p.displayName === 'appListType' || p.displayName === 'apps')) {
        await this.rulesChanged(tx, tenantId, policy.platform, 'unknown');
      }
      await this.audit.record(tx, {
        tenantId,
        category: 'Compliance',
        activity: 'Patch compliance policy',
        activityType: 'Patch DeviceCompliancePolicy',
        operationType: 'Patch',
        actor,
        resources: [
          {
            resourceId: policy.id,
            type: 'deviceCompliancePolicy',
            displayName: updated.displayName,
            modifiedProperties: modified,
          },
        ],
        correlationId: randomUUID(),
      });
      return updated;
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
      // Without any rule, every device of the platform is compliant as far as app lists go.
      await this.rulesChanged(tx, tenantId, policy.platform, remaining ? 'unknown' : 'compliant');
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
              { displayName: 'displayName', oldValue: policy.displayName, newValue: null },
              { displayName: 'appListType', oldValue: policy.appListType, newValue: null },
              { displayName: 'apps', oldValue: appIdsOf(policy.apps), newValue: null },
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

  /**
   * Every device of the platform re-sends its full list at its next check-in: personal ones because
   * what is collected changed, all of them so that compliance is evaluated against the new rules.
   */
  private async rulesChanged(
    tx: Tx,
    tenantId: string,
    platform: Platform,
    complianceState: ComplianceState,
  ): Promise<void> {
    await tx.run(
      `UPDATE device SET app_inventory_hash = NULL, compliance_state = ?, compliance_detail = NULL
       WHERE tenant_id = ? AND platform = ? AND retired_at IS NULL`,
      [complianceState, tenantId, platform],
    );
    await tenantPolicyChanged(tx, tenantId);
  }
}
