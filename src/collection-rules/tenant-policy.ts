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

/**
 * Platforms whose device restriction profile has a compliant-app list in Intune (iOS, Android and
 * macOS general device configurations); Windows 10 has none.
 */
export const COMPLIANT_APP_FEATURE_PLATFORMS: readonly Platform[] = ['ios', 'android', 'macos'];

export const hasCompliantAppFeature = (platform: Platform): boolean =>
  COMPLIANT_APP_FEATURE_PLATFORMS.includes(platform);
