import { Platform, TenantCollectionPolicy } from '../collection-rules';
import { AppListRule } from '../compliance/app-compliance';
import { AppListType } from '../compliance/compliance-policy.entity';
import { Tx } from '../database/write-transactions';

export interface DeployedApp {
  mobileAppId: string;
  appId: string;
  displayName: string;
  intent: 'required' | 'available' | null;
}

/** What the tenant has set up for one platform, read once per enrollment or check-in. */
export interface CollectionContext {
  appListRules: AppListRule[];
  /** The tenant policy the collection rules are given (docs/collection-rules.md "Tenant policy"). */
  policy: TenantCollectionPolicy;
  deployedApps: DeployedApp[];
  diagnosticsEnabled: boolean;
}

/**
 * The collection rules' view of the tenant: its assigned apps, and whether an app-list rule turns
 * the compliant-app feature on for the platform.
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
  const rules = await tx.all<{ app_list_type: AppListType; apps: string }>(
    'SELECT app_list_type, apps FROM compliance_policy WHERE tenant_id = ? AND platform = ? ORDER BY id',
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
    appListType: rule.app_list_type,
    apps: JSON.parse(rule.apps) as AppListRule['apps'],
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
