import { Platform } from '../collection-rules';
import { AppListRule } from '../compliance/app-compliance';
import { AppListType } from '../compliance/compliance-policy.entity';
import { Tx } from '../database/write-transactions';
import { TenantPolicy } from '../rules/tenant-policy';

// The wire types (device-channel.types.ts) name deployed apps from here.
export type { DeployedApp } from '../rules/tenant-policy';

/** What the tenant has set up for one platform, read once per enrollment or check-in. */
export async function loadCollectionContext(
  tx: Tx,
  tenantId: string,
  platform: Platform,
  diagnosticsEnabled: boolean,
): Promise<TenantPolicy> {
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
  return {
    appListRules,
    compliantAppRuleOn: appListRules.length > 0,
    deployedApps: deployed.map((app) => ({
      mobileAppId: app.id,
      appId: app.app_id,
      displayName: app.display_name,
      intent: app.assignment_intent,
    })),
    managedAppIds: new Set(deployed.map((app) => app.app_id)),
    diagnosticsEnabled,
  };
}
