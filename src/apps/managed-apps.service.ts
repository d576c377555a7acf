import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Platform } from '../collection-rules';
import { AuditActor, AuditResource } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { conflict, itemNotFound } from '../common/graph-error';
import { isUniqueViolation, Tx, WriteTransactions } from '../database/write-transactions';
import { purgeUnmanagedApps } from './detected-apps.store';
import { AssignmentIntent, ManagedApp } from './managed-app.entity';
import { StoredAppProperties } from '../graph/mobile-apps/mobile-app-properties';
import { tenantPolicyChanged } from '../device-channel/tenant-policies';

export interface NewManagedApp {
  platform: Platform;
  appId: string;
  displayName: string;
  publisher?: string | null;
  description?: string | null;
  assignmentIntent?: AssignmentIntent | null;
  /** The other documented Graph properties given (checked by the caller). */
  documented?: StoredAppProperties;
}

export interface ManagedAppChanges {
  displayName?: string;
  publisher?: string | null;
  description?: string | null;
  /** Documented Graph properties given: each replaces the stored one of the same name. */
  documented?: StoredAppProperties;
}

type ModifiedProperty = AuditResource['modifiedProperties'][number];

/**
 * The tenant's deployed apps (Graph mobileApps): the apps personal devices may report. Each one is
 * assigned (required or available) to all devices of its platform, or not at all.
 */
@Injectable()
export class ManagedAppsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  create(tenantId: string, app: NewManagedApp, actor: AuditActor): Promise<ManagedApp> {
    return this.transactions.run(async (tx) => {
      const now = Date.now();
      const row = tx.manager.create(ManagedApp, {
        id: randomUUID(),
        tenantId,
        platform: app.platform,
        appId: app.appId,
        displayName: app.displayName,
        publisher: app.publisher ?? null,
        description: app.description ?? null,
        assignmentIntent: app.assignmentIntent ?? null,
        largeIcon: jsonOrNull(app.documented?.largeIcon),
        graphProperties: jsonOfProperties(app.documented?.properties ?? {}),
        createdAt: now,
        updatedAt: now,
      });
      try {
        await tx.manager.insert(ManagedApp, row);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw conflict(
            'appId',
            `The tenant already deploys an app with this appId on ${app.platform}.`,
          );
        }
        throw error;
      }
      // Personal devices may report it from now on: their next check-in sends the full list.
      await forgetInventoryHashes(tx, tenantId, app.platform);
      await this.audit.record(tx, {
        tenantId,
        category: 'Application',
        activity: 'Create mobile app',
        activityType: 'Create MobileApp',
        operationType: 'Create',
        actor,
        resources: [
          {
            resourceId: row.id,
            type: 'mobileApp',
            displayName: row.displayName,
            modifiedProperties: [
              { displayName: 'appId', oldValue: null, newValue: row.appId },
              { displayName: 'platform', oldValue: null, newValue: row.platform },
              { displayName: 'displayName', oldValue: null, newValue: row.displayName },
              { displayName: 'assignmentIntent', oldValue: null, newValue: row.assignmentIntent },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
      return row;
    });
  }

  async get(tenantId: string, id: string): Promise<ManagedApp> {
    const app = await this.dataSource.manager.findOneBy(ManagedApp, { id, tenantId });
    if (!app) throw itemNotFound('The mobile app');
    return app;
  }

  update(
    tenantId: string,
    id: string,
    changes: ManagedAppChanges,
    actor: AuditActor,
  ): Promise<ManagedApp> {
    return this.transactions.run(async (tx) => {
      const app = await find(tx, tenantId, id);
      const modified: ModifiedProperty[] = [];
      const updated: ManagedApp = { ...app, updatedAt: Date.now() };
      for (const property of ['displayName', 'publisher', 'description'] as const) {
        const value = changes[property];
        if (value === undefined || value === app[property]) continue;
        modified.push({ displayName: property, oldValue: app[property], newValue: value });
        (updated as unknown as Record<string, unknown>)[property] = value;
      }
      const documented = changes.documented;
      if (documented?.largeIcon !== undefined) {
        const icon = jsonOrNull(documented.largeIcon);
        if (icon !== app.largeIcon) {
          // The icon itself is not audited: it is an image, not a setting.
          modified.push({ displayName: 'largeIcon', oldValue: null, newValue: null });
          updated.largeIcon = icon;
        }
      }
      const storedProperties = app.graphProperties
        ? (JSON.parse(app.graphProperties) as Record<string, unknown>)
        : {};
      for (const [name, value] of Object.entries(documented?.properties ?? {})) {
        const before = JSON.stringify(storedProperties[name] ?? null);
        if (Object.hasOwn(storedProperties, name) && before === JSON.stringify(value)) continue;
        modified.push({ displayName: name, oldValue: before, newValue: JSON.stringify(value) });
        storedProperties[name] = value;
      }
      updated.graphProperties = jsonOfProperties(storedProperties);
      if (modified.length === 0) return app;
      await tx.manager.update(
        ManagedApp,
        { id: app.id },
        {
          displayName: updated.displayName,
          publisher: updated.publisher,
          description: updated.description,
          largeIcon: updated.largeIcon,
          graphProperties: updated.graphProperties,
          updatedAt: updated.updatedAt,
        },
      );
      // Check-ins answer with the deployed apps' names.
      await tenantPolicyChanged(tx, tenantId);
      await this.audit.record(tx, {
        tenantId,
        category: 'Application',
        activity: 'Patch mobile app',
        activityType: 'Patch MobileApp',
        operationType: 'Patch',
        actor,
        resources: [
          {
            resourceId: app.id,
            type: 'mobileApp',
            displayName: updated.displayName,
            modifiedProperties: modified,
          },
        ],
        correlationId: randomUUID(),
      });
      return updated;
    });
  }

  /** Assigns the app to all devices of its platform (`null`: removes the assignment). */
  assign(
    tenantId: string,
    id: string,
    intent: AssignmentIntent | null,
    actor: AuditActor,
  ): Promise<void> {
    return this.transactions.run(async (tx) => {
      const app = await find(tx, tenantId, id);
      await tx.run('UPDATE managed_app SET assignment_intent = ?, updated_at = ? WHERE id = ?', [
        intent,
        Date.now(),
        app.id,
      ]);
      await tenantPolicyChanged(tx, tenantId);
      await this.audit.record(tx, {
        tenantId,
        category: 'Application',
        activity: 'Assign mobile app',
        activityType: 'assign MobileApp',
        operationType: 'Assign',
        actor,
        resources: [
          {
            resourceId: app.id,
            type: 'mobileApp',
            displayName: app.displayName,
            modifiedProperties: [
              { displayName: 'target', oldValue: null, newValue: 'allDevices' },
              { displayName: 'intent', oldValue: app.assignmentIntent, newValue: intent },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
    });
  }

  /**
   * Deletes a deployed app. It becomes an unmanaged app: personal devices of its platform keep it
   * only while the compliant-app feature is on there, so without a rule its stored copies on
   * personal devices are purged now (COLLECTION-RULES.md §2).
   */
  delete(tenantId: string, id: string, actor: AuditActor): Promise<void> {
    return this.transactions.run(async (tx) => {
      const app = await find(tx, tenantId, id);
      await tx.run('DELETE FROM managed_app_install_state WHERE managed_app_id = ?', [app.id]);
      await tx.run('DELETE FROM managed_app WHERE id = ?', [app.id]);
      const [{ rules }] = await tx.all<{ rules: number }>(
        'SELECT COUNT(*) AS rules FROM compliance_policy WHERE tenant_id = ? AND platform = ?',
        [tenantId, app.platform],
      );
      const purged =
        Number(rules) === 0
          ? await purgeUnmanagedApps(tx, tenantId, app.platform, {
              where: "d.ownership <> 'corporate'",
              params: [],
            })
          : 0;
      await forgetInventoryHashes(tx, tenantId, app.platform);
      await this.audit.record(tx, {
        tenantId,
        category: 'Application',
        activity: 'Delete mobile app',
        activityType: 'Delete MobileApp',
        operationType: 'Delete',
        actor,
        resources: [
          {
            resourceId: app.id,
            type: 'mobileApp',
            displayName: app.displayName,
            modifiedProperties: [
              { displayName: 'appId', oldValue: app.appId, newValue: null },
              { displayName: 'platform', oldValue: app.platform, newValue: null },
              { displayName: 'assignmentIntent', oldValue: app.assignmentIntent, newValue: null },
              { displayName: 'purgedUnmanagedAppLinks', oldValue: null, newValue: String(purged) },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
    });
  }
}

const jsonOrNull = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

const jsonOfProperties = (properties: Readonly<Record<string, unknown>>): string | null =>
  Object.keys(properties).length === 0 ? null : JSON.stringify(properties);

async function find(tx: Tx, tenantId: string, id: string): Promise<ManagedApp> {
  const app = await tx.manager.findOneBy(ManagedApp, { id, tenantId });
  if (!app) throw itemNotFound('The mobile app');
  return app;
}

/**
 * What devices of the platform may report, or how it counts for compliance, changed: each sends its
 * full list at its next check-in.
 */
async function forgetInventoryHashes(tx: Tx, tenantId: string, platform: Platform) {
  await tx.run('UPDATE device SET app_inventory_hash = NULL WHERE tenant_id = ? AND platform = ?', [
    tenantId,
    platform,
  ]);
  await tenantPolicyChanged(tx, tenantId);
}
