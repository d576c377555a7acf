import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Platform } from '../../rules';
import { AuditActor, AuditResource } from '../../platform/database/entities/audit-event.entity';
import { AuditService } from '../../platform/audit/audit.service';
import { tenantPolicyChanged } from '../../platform/store/tenant-policies';
import { invalidRequest, itemNotFound } from '../../platform/http/graph-error';
import { graphDateTime, GraphVersion } from '../../platform/http/graph-values';
import { Tx, WriteTransactions } from '../../platform/database/write-transactions';
import {
  CompliancePolicyAssignment,
  DeviceCompliancePolicy,
  PolicySettingValue,
} from '../../platform/database/entities/device-compliance-policy.entity';
import { GraphCollection, graphList } from '../http/graph-list';
import { navigationPath } from '../http/odata-response';
import {
  DEVICE_COMPLIANCE_POLICIES,
  DEVICE_STATUSES,
  DeviceCompliancePolicyRow,
  DeviceCompliancePolicyView,
  DeviceStatusRow,
  mapDeviceCompliancePolicy,
  mapDeviceStatus,
  mapPolicyState,
  policyOfRow,
} from './device-compliance-policy.mapper';

export interface NewCompliancePolicy {
  platform: Platform;
  displayName: string;
  description: string | null;
  settings: Record<string, PolicySettingValue>;
}

export interface CompliancePolicyChanges {
  displayName?: string;
  description?: string | null;
  settings: Record<string, PolicySettingValue>;
}

type ModifiedProperty = AuditResource['modifiedProperties'][number];

const shown = (value: unknown): string | null =>
  value === undefined || value === null
    ? null
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/**
 * Graph's deviceCompliancePolicies. An assigned policy applies to every device of its platform and
 * is evaluated at each of their check-ins (src/rules/device-compliance.ts); every change to a
 * policy bumps the tenant's policy version, so the next check-in of each device decides with it.
 */
@Injectable()
export class DeviceCompliancePoliciesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  list(
    tenantId: string,
    request: FastifyRequest,
    version: GraphVersion,
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
          'p.version AS version',
          'p.settings AS settings',
          'p.assignments AS assignments',
          'p.created_at AS created_at',
          'p.updated_at AS updated_at',
        ])
        .from('device_compliance_policy', 'p')
        .where('p.tenant_id = :tenantId', { tenantId }),
      map: (row: DeviceCompliancePolicyRow) => mapDeviceCompliancePolicy(policyOfRow(row), version),
    });
  }

  async get(tenantId: string, id: string): Promise<DeviceCompliancePolicy> {
    const policy = await this.dataSource.manager.findOneBy(DeviceCompliancePolicy, {
      id,
      tenantId,
    });
    if (!policy) throw itemNotFound('The device compliance policy');
    return policy;
  }

  create(
    tenantId: string,
    input: NewCompliancePolicy,
    actor: AuditActor,
  ): Promise<DeviceCompliancePolicy> {
    return this.transactions.run(async (tx) => {
      const now = Date.now();
      const policy = tx.manager.create(DeviceCompliancePolicy, {
        id: randomUUID(),
        tenantId,
        platform: input.platform,
        displayName: input.displayName,
        description: input.description,
        version: 1,
        settings: input.settings,
        assignments: [],
        createdAt: now,
        updatedAt: now,
      });
      await tx.manager.insert(DeviceCompliancePolicy, policy);
      await this.record(
        tx,
        policy,
        'Create',
        [
          { displayName: 'platform', oldValue: null, newValue: policy.platform },
          { displayName: 'displayName', oldValue: null, newValue: policy.displayName },
          ...Object.entries(policy.settings).map(([name, value]) => ({
            displayName: name,
            oldValue: null,
            newValue: shown(value),
          })),
        ],
        actor,
      );
      return policy;
    });
  }

  update(
    tenantId: string,
    id: string,
    changes: CompliancePolicyChanges,
    actor: AuditActor,
  ): Promise<DeviceCompliancePolicy> {
    return this.transactions.run(async (tx) => {
      const current = await tx.manager.findOneBy(DeviceCompliancePolicy, { id, tenantId });
      if (!current) throw itemNotFound('The device compliance policy');
      const modified: ModifiedProperty[] = [];
      const updated: DeviceCompliancePolicy = {
        ...current,
        settings: { ...current.settings },
        updatedAt: Date.now(),
      };
      for (const property of ['displayName', 'description'] as const) {
        const value = changes[property];
        if (value === undefined || value === current[property]) continue;
        modified.push({ displayName: property, oldValue: current[property], newValue: value });
        (updated as unknown as Record<string, unknown>)[property] = value;
      }
      for (const [name, value] of Object.entries(changes.settings)) {
        if (JSON.stringify(value) === JSON.stringify(current.settings[name])) continue;
        modified.push({
          displayName: name,
          oldValue: shown(current.settings[name]),
          newValue: shown(value),
        });
        updated.settings[name] = value;
      }
      // An object sent back unchanged (as SDKs do) changes nothing, not even the version.
      if (modified.length === 0) return current;
      updated.version = current.version + 1;
      await tx.manager.update(
        DeviceCompliancePolicy,
        { id: current.id },
        {
          displayName: updated.displayName,
          description: updated.description,
          version: updated.version,
          settings: updated.settings,
          updatedAt: updated.updatedAt,
        },
      );
      await tenantPolicyChanged(tx, tenantId);
      await this.record(tx, updated, 'Patch', modified, actor);
      return updated;
    });
  }

  delete(tenantId: string, id: string, actor: AuditActor): Promise<void> {
    return this.transactions.run(async (tx) => {
      const policy = await tx.manager.findOneBy(DeviceCompliancePolicy, { id, tenantId });
      if (!policy) throw itemNotFound('The device compliance policy');
      await tx.manager.delete(DeviceCompliancePolicy, { id });
      await tenantPolicyChanged(tx, tenantId);
      await this.record(
        tx,
        policy,
        'Delete',
        [
          { displayName: 'platform', oldValue: policy.platform, newValue: null },
          { displayName: 'displayName', oldValue: policy.displayName, newValue: null },
        ],
        actor,
      );
    });
  }

  /** Replaces the policy's assignments (one per target kind); returns them. */
  assign(
    tenantId: string,
    id: string,
    targets: readonly CompliancePolicyAssignment['targetType'][],
    actor: AuditActor,
  ): Promise<CompliancePolicyAssignment[]> {
    const unique = [...new Set(targets)];
    if (unique.length !== targets.length) {
      throw invalidRequest('assignments', "Invalid field 'assignments': names a target twice.");
    }
    return this.transactions.run(async (tx) => {
      const policy = await tx.manager.findOneBy(DeviceCompliancePolicy, { id, tenantId });
      if (!policy) throw itemNotFound('The device compliance policy');
      // Ids are kept per target, so that reading and sending back the assignments changes nothing.
      const assignments = unique.map(
        (targetType) =>
          policy.assignments.find((existing) => existing.targetType === targetType) ?? {
            id: randomUUID(),
            targetType,
          },
      );
      await tx.manager.update(DeviceCompliancePolicy, { id }, { assignments });
      await tenantPolicyChanged(tx, tenantId);
      await this.record(
        tx,
        policy,
        'Assign',
        [
          {
            displayName: 'assignments',
            oldValue: policy.assignments.map((a) => a.targetType).join(', '),
            newValue: unique.join(', '),
          },
        ],
        actor,
      );
      return assignments;
    });
  }

  /** The devices an assigned policy applies to (its platform's), each with its state on it. */
  async deviceStatuses(
    tenantId: string,
    id: string,
    request: FastifyRequest,
  ): Promise<GraphCollection<Partial<ReturnType<ReturnType<typeof mapDeviceStatus>>>>> {
    const policy = await this.get(tenantId, id);
    const builder = this.dataSource
      .createQueryBuilder()
      .select([
        'd.id AS id',
        'd.device_name AS device_name',
        'd.managed_device_name AS managed_device_name',
        'd.user_display_name AS user_display_name',
        'd.user_principal_name AS user_principal_name',
        'd.model AS model',
        'd.last_checkin_at AS last_checkin_at',
        'd.compliance_policy_states AS compliance_policy_states',
      ])
      .from('device', 'd')
      .where('d.tenant_id = :tenantId AND d.platform = :platform AND d.retired_at IS NULL', {
        tenantId,
        platform: policy.platform,
      });
    // An unassigned policy applies to no device.
    if (policy.assignments.length === 0) builder.andWhere('1 = 0');
    return graphList({
      request,
      resource: DEVICE_STATUSES,
      entitySet: navigationPath(
        'deviceManagement/deviceCompliancePolicies',
        policy.id,
        'deviceStatuses',
      ),
      builder,
      map: (row: DeviceStatusRow) => mapDeviceStatus(policy)(row),
    });
  }

  /**
   * deviceComplianceDeviceOverview: counts over the devices the policy applies to. The stored
   * evaluation is our own JSON with a fixed member order, so its result for this policy at this
   * version is matched as text, counted by the database.
   */
  async deviceStatusOverview(tenantId: string, id: string) {
    const policy = await this.get(tenantId, id);
    const result = (state: string) =>
      `%"policyId":"${policy.id}","version":${policy.version},"state":"${state}"%`;
    const [counts] = policy.assignments.length
      ? await this.dataSource.query<
          { total: number | string; success: number | string; failed: number | string }[]
        >(
          this.dataSource.options.type === 'postgres'
            ? `SELECT COUNT(*) AS total,
                 COUNT(*) FILTER (WHERE compliance_policy_states LIKE $3) AS success,
                 COUNT(*) FILTER (WHERE compliance_policy_states LIKE $4) AS failed
               FROM device WHERE tenant_id = $1 AND platform = $2 AND retired_at IS NULL`
            : `SELECT COUNT(*) AS total,
                 SUM(CASE WHEN compliance_policy_states LIKE ? THEN 1 ELSE 0 END) AS success,
                 SUM(CASE WHEN compliance_policy_states LIKE ? THEN 1 ELSE 0 END) AS failed
               FROM device WHERE tenant_id = ? AND platform = ? AND retired_at IS NULL`,
          this.dataSource.options.type === 'postgres'
            ? [tenantId, policy.platform, result('compliant'), result('nonCompliant')]
            : [result('compliant'), result('nonCompliant'), tenantId, policy.platform],
        )
      : [{ total: 0, success: 0, failed: 0 }];
    const [total, success, failed] = [counts.total, counts.success, counts.failed].map((value) =>
      Number(value ?? 0),
    );
    return {
      '@odata.type': '#microsoft.graph.deviceComplianceDeviceOverview',
      id: `${policy.id}_deviceStatusOverview`,
      pendingCount: total - success - failed,
      notApplicableCount: 0,
      successCount: success,
      errorCount: 0,
      failedCount: failed,
      lastUpdateDateTime: graphDateTime(policy.updatedAt),
      configurationVersion: policy.version,
    };
  }

  /** A device's state on each policy that applies to it (managedDevice.deviceCompliancePolicyStates). */
  async policyStatesOfDevice(tenantId: string, deviceId: string) {
    const [device] = await this.dataSource.query<
      {
        platform: Platform;
        compliance_policy_states: string | null;
        user_principal_name: string | null;
        user_display_name: string | null;
        user_email: string | null;
      }[]
    >(
      this.dataSource.options.type === 'postgres'
        ? `SELECT platform, compliance_policy_states, user_principal_name, user_display_name, user_email
           FROM device WHERE id = $1 AND tenant_id = $2 AND retired_at IS NULL`
        : `SELECT platform, compliance_policy_states, user_principal_name, user_display_name, user_email
           FROM device WHERE id = ? AND tenant_id = ? AND retired_at IS NULL`,
      [deviceId, tenantId],
    );
    if (!device) throw itemNotFound('The managed device');
    const policies = await this.dataSource.manager.find(DeviceCompliancePolicy, {
      where: { tenantId, platform: device.platform },
      order: { id: 'ASC' },
    });
    const user = {
      userPrincipalName: device.user_principal_name,
      userDisplayName: device.user_display_name,
      email: device.user_email,
    };
    return policies
      .filter((policy) => policy.assignments.length > 0)
      .map((policy) => mapPolicyState(policy, device.compliance_policy_states, user));
  }

  private record(
    tx: Tx,
    policy: DeviceCompliancePolicy,
    operationType: 'Create' | 'Patch' | 'Delete' | 'Assign',
    modifiedProperties: ModifiedProperty[],
    actor: AuditActor,
  ) {
    const verb = { Create: 'Create', Patch: 'Patch', Delete: 'Delete', Assign: 'Assign' }[
      operationType
    ];
    return this.audit.record(tx, {
      tenantId: policy.tenantId,
      category: 'DeviceCompliancePolicy',
      activity: `${verb} device compliance policy`,
      activityType: `${verb} DeviceCompliancePolicy`,
      operationType,
      actor,
      resources: [
        {
          resourceId: policy.id,
          type: 'deviceCompliancePolicy',
          displayName: policy.displayName,
          modifiedProperties,
        },
      ],
      correlationId: randomUUID(),
    });
  }
}
