import type { AppListRule } from './app-compliance';
import type { CompliancePolicyRule } from './device-compliance';
import { Platform } from './vocabulary';

/**
 * What the tenant has set up that the collection rules depend on, for one platform
 * (docs/collection-rules.md "Tenant policy"). Read by the shell, passed to the rules as a value.
 */
export interface TenantCollectionPolicy {
  /** App ids of the tenant's apps assigned (required or available) to the platform. */
  assignedAppIds: ReadonlySet<string>;
  /**
   * A device restriction profile of the platform carries a compliant-app list (Graph's
   * compliantAppListType other than `none`).
   */
  compliantAppListOn: boolean;
}

export interface DeployedApp {
  mobileAppId: string;
  appId: string;
  displayName: string;
  intent: 'required' | 'available' | null;
}

/**
 * Everything of a tenant's set-up for one platform that a check-in or enrollment needs: an explicit
 * input of decide(), read once and cached per tenant and platform
 * (src/device-channel/tenant-policies.ts).
 */
export interface TenantPolicy extends TenantCollectionPolicy {
  /** The tenant's apps for the platform; those with an intent are assigned to its devices. */
  deployedApps: readonly DeployedApp[];
  /** The compliant-app lists of the platform's device restriction profiles. */
  appListRules: readonly AppListRule[];
  /** The platform's assigned device compliance policies, evaluated at each check-in. */
  compliancePolicies: readonly CompliancePolicyRule[];
  diagnosticsEnabled: boolean;
}

/**
 * Platforms whose device restriction profile has a compliant-app list in Intune (iOS, Android and
 * macOS general device configurations); Windows 10 has none.
 */
export const COMPLIANT_APP_FEATURE_PLATFORMS: readonly Platform[] = ['ios', 'android', 'macos'];

export const hasCompliantAppFeature = (platform: Platform): boolean =>
  COMPLIANT_APP_FEATURE_PLATFORMS.includes(platform);

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
