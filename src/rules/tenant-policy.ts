import type { AppListRule } from '../compliance/app-compliance';

export interface DeployedApp {
  mobileAppId: string;
  appId: string;
  displayName: string;
  intent: 'required' | 'available' | null;
}

/**
 * What a tenant has set up for one platform that a check-in or enrollment needs: an explicit input
 * of decide(), read once and cached per tenant and platform (src/device-channel/tenant-policies.ts).
 */
export interface TenantPolicy {
  /** The tenant's apps for the platform; those with an intent are assigned to its devices. */
  deployedApps: readonly DeployedApp[];
  /** Bundle ids / package names of deployedApps: stored on every device, personal or not. */
  managedAppIds: ReadonlySet<string>;
  /** The compliant-app lists for the platform. */
  appListRules: readonly AppListRule[];
  /** The compliant-app feature is on for this platform when the tenant has any app-list rule. */
  compliantAppRuleOn: boolean;
  diagnosticsEnabled: boolean;
}
