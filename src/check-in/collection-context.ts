import { Platform, TenantCollectionPolicy } from '../collection-rules';
import { AppListRule } from '../compliance/app-compliance';
import { Tx } from '../database/write-transactions';
import { DeployedApp } from '../device-channel/contract/device-channel.types';

export type { DeployedApp };

/** What the tenant has set up for one platform, read once per enrollment or check-in. */
export interface CollectionContext {
  appListRules: AppListRule[];
  /** The tenant policy the collection rules are given (docs/collection-rules.md "Tenant policy"). */
  policy: TenantCollectionPolicy;
  deployedApps: DeployedApp[];
  diagnosticsEnabled: boolean;
}

/**
 * The collection rules' view of the tenant: its assigned apps, and whether a device restriction
 * profile's compliant-app list turns the compliant-app feature on for the platform.
 */
export function tenantCollectionPolicy(
  appListRules: readonly AppListRule[],
  deployedApps: readonly DeployedApp[],
): TenantCollectionPolicy {
  return {
    assignedAppIds: new Set(
      deployedApps.filter((app) => app.intent !== null).map((app) => app.appId),
    ),
    compliantAppListOn: appListRules.length > 0,
  };
}

export async function loadCollectionContext(
  tx: Tx,
  tenantId: string,
  platform: Platform,
  diagnosticsEnabled: boolean,
): Promise<CollectionContext> {
  const rules = await tx.all<{
    compliant_app_list_type: AppListRule['appListType'];
    compliant_apps_list: string;
  }>(
    `SELECT compliant_app_list_type, compliant_apps_list FROM device_configuration
     WHERE tenant_id = ? AND platform = ? AND compliant_app_list_type <> 'none' ORDER BY id`,
    [tenantId, platform],
  );
  const deployed = await tx.all<{
    id: string;
    app_id: string;
    display_name: string;
    assignment_intent: 'required' | 'available' | null;
  }>(
    'SELECT id, app_id, display_name, assignment_intent FROM managed_app WHERE tenant_id = ? AND platform = ? ORDER BY app_id',
    [tenantId, platform],
  );
  const appListRules = rules.map((rule) => ({
    appListType: rule.compliant_app_list_type,
    apps: JSON.parse(rule.compliant_apps_list) as AppListRule['apps'],
  }));
  const deployedApps = deployed.map((app) => ({
    mobileAppId: app.id,
    appId: app.app_id,
    displayName: app.display_name,
    intent: app.assignment_intent,
  }));
  return {
    appListRules,
    policy: tenantCollectionPolicy(appListRules, deployedApps),
    deployedApps,
    diagnosticsEnabled,
  };
}

/** Whether the compliant-app feature is on for a tenant's platform (see tenantCollectionPolicy). */
export async function compliantAppListOn(
  tx: Tx,
  tenantId: string,
  platform: Platform,
): Promise<boolean> {
  const [{ rules }] = await tx.all<{ rules: number }>(
    `SELECT COUNT(*) AS rules FROM device_configuration
     WHERE tenant_id = ? AND platform = ? AND compliant_app_list_type <> 'none'`,
    [tenantId, platform],
  );
  return Number(rules) > 0;
}
