import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Platform } from '../../rules';
import { managedAppsOnlyDevices, purgeUnmanagedApps } from '../../platform/store/device-apps.store';
import { AuditActor, AuditResource } from '../../platform/database/entities/audit-event.entity';
import { AuditService } from '../../platform/audit/audit.service';
import { compliantAppListOn } from '../../platform/store/collection-context';
import { tenantPolicyChanged } from '../../platform/store/tenant-policies';
import { invalidRequest, itemNotFound } from '../../platform/http/graph-error';
import { GraphCollection, graphList } from '../http/graph-list';
import { Tx, WriteTransactions } from '../../platform/database/write-transactions';
import { ComplianceState } from '../../platform/database/entities/device.entity';
import { DeviceConfiguration } from '../../platform/database/entities/device-configuration.entity';
import { CompliantAppListType, ListedApp } from '../../rules';
import {
  ConfigurationPlatform,
  DEVICE_CONFIGURATIONS,
  DeviceConfigurationView,
  mapDeviceConfigurationRow,
} from './device-configuration.mapper';

export interface NewDeviceConfiguration {
  platform: ConfigurationPlatform;
  displayName: string;
  description?: string | null;
  compliantAppListType: CompliantAppListType;
  compliantAppsList: ListedApp[];
}

export interface DeviceConfigurationChanges {
  displayName?: string;
  description?: string | null;
  compliantAppListType?: CompliantAppListType;
  compliantAppsList?: ListedApp[];
}

type ModifiedProperty = AuditResource['modifiedProperties'][number];

const appIdsOf = (apps: readonly ListedApp[]) => apps.map((app) => app.appId).join(', ');

/**
 * Device restriction profiles (Graph deviceConfigurations) with their compliant-app lists. The
 * first list of a platform (type other than `none`) turns full app collection on for that
 * platform's personal devices; when the last one goes, what only it allowed is purged in the same
 * transaction (docs/collection-rules.md "Apps"). Devices are evaluated against the lists at each
 * check-in; until then, a changed list leaves them `unknown` (not yet evaluated).
 */
@Injectable()
export class DeviceConfigurationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  list(
    tenantId: string,
    request: FastifyRequest,
  ): Promise<GraphCollection<Partial<DeviceConfigurationView>>> {
    return graphList({
      request,
      resource: DEVICE_CONFIGURATIONS,
      entitySet: 'deviceManagement/deviceConfigurations',
      builder: this.dataSource
        .createQueryBuilder()
        .select([
          'p.id AS id',
          'p.platform AS platform',
          'p.display_name AS display_name',
          'p.description AS description',
          'p.version AS version',
          'p.compliant_app_list_type AS compliant_app_list_type',
          'p.compliant_apps_list AS compliant_apps_list',
          'p.created_at AS created_at',
          'p.updated_at AS updated_at',
        ])
        .from('device_configuration', 'p')
        .where('p.tenant_id = :tenantId', { tenantId }),
      map: mapDeviceConfigurationRow,
    });
  }

  async get(tenantId: string, id: string): Promise<DeviceConfiguration> {
    const configuration = await this.dataSource.manager.findOneBy(DeviceConfiguration, {
      id,
      tenantId,
    });
    if (!configuration) throw itemNotFound('The device configuration');
    return configuration;
  }

  create(
    tenantId: string,
    input: NewDeviceConfiguration,
    actor: AuditActor,
  ): Promise<DeviceConfiguration> {
    return this.transactions.run(async (tx) => {
      const now = Date.now();
      const before = await compliantAppListOn(tx, tenantId, input.platform);
      const configuration = tx.manager.create(DeviceConfiguration, {
        id: randomUUID(),
        tenantId,
        platform: input.platform,
        displayName: input.displayName,
        description: input.description ?? null,
        version: 1,
        compliantAppListType: input.compliantAppListType,
        compliantAppsList: input.compliantAppsList,
        createdAt: now,
        updatedAt: now,
      });
      await tx.manager.insert(DeviceConfiguration, configuration);
      if (configuration.compliantAppListType !== 'none') {
        await this.listsChanged(tx, tenantId, input.platform, before);
      }
      await this.audit.record(tx, {
        tenantId,
        category: 'DeviceConfiguration',
        activity: 'Create device configuration',
        activityType: 'Create DeviceConfiguration',
        operationType: 'Create',
        actor,
        resources: [
          {
            resourceId: configuration.id,
            type: 'deviceConfiguration',
            displayName: configuration.displayName,
            modifiedProperties: [
              { displayName: 'platform', oldValue: null, newValue: configuration.platform },
              { displayName: 'displayName', oldValue: null, newValue: configuration.displayName },
              {
                displayName: 'compliantAppListType',
                oldValue: null,
                newValue: configuration.compliantAppListType,
              },
              {
                displayName: 'compliantAppsList',
                oldValue: null,
                newValue: appIdsOf(configuration.compliantAppsList),
              },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
      return configuration;
    });
  }

  update(
    tenantId: string,
    id: string,
    changes: DeviceConfigurationChanges,
    actor: AuditActor,
  ): Promise<DeviceConfiguration> {
    if (Object.values(changes).every((value) => value === undefined)) {
      throw invalidRequest('body', 'The request body changes no property of the configuration.');
    }
    return this.transactions.run(async (tx) => {
      const current = await tx.manager.findOneBy(DeviceConfiguration, { id, tenantId });
      if (!current) throw itemNotFound('The device configuration');
      const before = await compliantAppListOn(tx, tenantId, current.platform);
      const modified: ModifiedProperty[] = [];
      const updated = { ...current, updatedAt: Date.now(), version: current.version + 1 };
      for (const property of ['displayName', 'description', 'compliantAppListType'] as const) {
        const value = changes[property];
        if (value === undefined || value === current[property]) continue;
        modified.push({ displayName: property, oldValue: current[property], newValue: value });
        (updated as Record<string, unknown>)[property] = value;
      }
      if (changes.compliantAppsList !== undefined) {
        const [old, now] = [
          appIdsOf(current.compliantAppsList),
          appIdsOf(changes.compliantAppsList),
        ];
        if (old !== now)
          modified.push({ displayName: 'compliantAppsList', oldValue: old, newValue: now });
        updated.compliantAppsList = changes.compliantAppsList;
      }
      await tx.manager.update(
        DeviceConfiguration,
        { id: current.id },
        {
          displayName: updated.displayName,
          description: updated.description,
          version: updated.version,
          compliantAppListType: updated.compliantAppListType,
          compliantAppsList: updated.compliantAppsList,
          updatedAt: updated.updatedAt,
        },
      );
      const listChanged = modified.some(
        (p) => p.displayName === 'compliantAppListType' || p.displayName === 'compliantAppsList',
      );
      if (listChanged) await this.listsChanged(tx, tenantId, current.platform, before);
      await this.audit.record(tx, {
        tenantId,
        category: 'DeviceConfiguration',
        activity: 'Patch device configuration',
        activityType: 'Patch DeviceConfiguration',
        operationType: 'Patch',
        actor,
        resources: [
          {
            resourceId: current.id,
            type: 'deviceConfiguration',
            displayName: updated.displayName,
            modifiedProperties: modified,
          },
        ],
        correlationId: randomUUID(),
      });
      return updated;
    });
  }

  delete(tenantId: string, id: string, actor: AuditActor): Promise<{ purgedAppLinks: number }> {
    return this.transactions.run(async (tx) => {
      const configuration = await tx.manager.findOneBy(DeviceConfiguration, { id, tenantId });
      if (!configuration) throw itemNotFound('The device configuration');
      const before = await compliantAppListOn(tx, tenantId, configuration.platform);
      await tx.manager.delete(DeviceConfiguration, { id });
      const purgedAppLinks =
        configuration.compliantAppListType === 'none'
          ? 0
          : await this.listsChanged(tx, tenantId, configuration.platform, before);
      await this.audit.record(tx, {
        tenantId,
        category: 'DeviceConfiguration',
        activity: 'Delete device configuration',
        activityType: 'Delete DeviceConfiguration',
        operationType: 'Delete',
        actor,
        resources: [
          {
            resourceId: configuration.id,
            type: 'deviceConfiguration',
            displayName: configuration.displayName,
            modifiedProperties: [
              { displayName: 'platform', oldValue: configuration.platform, newValue: null },
              { displayName: 'displayName', oldValue: configuration.displayName, newValue: null },
              {
                displayName: 'compliantAppListType',
                oldValue: configuration.compliantAppListType,
                newValue: null,
              },
              {
                displayName: 'compliantAppsList',
                oldValue: appIdsOf(configuration.compliantAppsList),
                newValue: null,
              },
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
   * A compliant-app list of the platform changed. When the feature went off, what only it allowed
   * is purged and every device is compliant as far as app lists go; otherwise devices are
   * `unknown` until their next check-in. Either way every device of the platform re-sends its full
   * list then. Returns the number of purged app links.
   */
  private async listsChanged(
    tx: Tx,
    tenantId: string,
    platform: Platform,
    featureWasOn: boolean,
  ): Promise<number> {
    await tenantPolicyChanged(tx, tenantId);
    const featureOn = await compliantAppListOn(tx, tenantId, platform);
    const purged =
      featureWasOn && !featureOn
        ? await purgeUnmanagedApps(tx, tenantId, platform, managedAppsOnlyDevices(platform, false))
        : 0;
    const complianceState: ComplianceState = featureOn ? 'unknown' : 'compliant';
    await tx.run(
      `UPDATE device SET app_inventory_hash = NULL, compliance_state = ?, compliance_detail = NULL
       WHERE tenant_id = ? AND platform = ? AND retired_at IS NULL`,
      [complianceState, tenantId, platform],
    );
    return purged;
  }
}
