import { AppListRule, Platform, tenantCollectionPolicy, TenantPolicy } from '../../rules';
import { Tx } from '../database/write-transactions';

/**
 * What the tenant has set up for one platform, read once per enrollment or check-in (and cached:
 * src/device-channel/tenant-policies.ts). Compliant-app lists come from the platform's device
 * restriction profiles (docs/collection-rules.md "Tenant policy"), compliance policies from the
 * assigned deviceCompliancePolicies.
 */
export async function loadCollectionContext(
  tx: Tx,
  tenantId: string,
  platform: Platform,
  diagnosticsEnabled: boolean,
): Promise<TenantPolicy> {
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
  // An unassigned policy applies to no device, as in Intune.
  const policies = await tx.all<{ id: string; version: number | string; settings: string }>(
    `SELECT id, version, settings FROM device_compliance_policy
     WHERE tenant_id = ? AND platform = ? AND assignments <> '[]' ORDER BY id`,
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
    ...tenantCollectionPolicy(appListRules, deployedApps),
    appListRules,
    compliancePolicies: policies.map((row) => ({
      id: row.id,
      version: Number(row.version),
      platform,
      settings: JSON.parse(row.settings) as Record<string, unknown>,
    })),
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
