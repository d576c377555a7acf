import { EnrollmentType, WORK_PROFILE_ENROLLMENTS } from './enrollment-types';
import { isCorporate, Ownership } from './vocabulary';

/** What a device is asked to report, and what the server stores (COLLECTION-RULES.md §2). */
export type AppInventoryScope = 'all' | 'managedOnly';

export type AppInventoryScopeReason =
  'corporateOwnership' | 'compliantAppRule' | 'personalDeviceManagedAppsOnly';

export interface AppInventoryScopeDecision {
  scope: AppInventoryScope;
  reason: AppInventoryScopeReason;
}

export function appInventoryScope(input: {
  ownership: Ownership;
  compliantAppRuleOn: boolean;
}): AppInventoryScopeDecision {
  if (isCorporate(input.ownership)) return { scope: 'all', reason: 'corporateOwnership' };
  if (input.compliantAppRuleOn) return { scope: 'all', reason: 'compliantAppRule' };
  return { scope: 'managedOnly', reason: 'personalDeviceManagedAppsOnly' };
}

/** Why a reported app was not stored. */
export type AppDiscardReason = 'notManagedOnPersonalDevice' | 'outsideWorkProfile';

export interface ReportedAppRef {
  appId: string;
  /**
   * Android work-profile enrollments: an app not marked `work` is taken to be outside the work
   * profile, so that in doubt the user's personal apps are not stored.
   */
  profile?: 'work' | 'personal';
}

export interface AppSelection<T> {
  stored: T[];
  discarded: { reason: AppDiscardReason; count: number }[];
}

/**
 * Splits a reported app list into what may be stored and what is dropped before storage.
 * `managedAppIds` are the tenant's deployed apps for the device's platform; they are stored on every
 * device. On Android work-profile enrollments only apps marked as in the work profile are in scope.
 */
export function selectAppsToStore<T extends ReportedAppRef>(
  apps: readonly T[],
  input: {
    scope: AppInventoryScope;
    enrollmentType: EnrollmentType;
    managedAppIds: ReadonlySet<string>;
  },
): AppSelection<T> {
  const workProfileOnly = WORK_PROFILE_ENROLLMENTS.has(input.enrollmentType);
  const stored: T[] = [];
  let outsideWorkProfile = 0;
  let notManaged = 0;
  for (const app of apps) {
    if (workProfileOnly && app.profile !== 'work') outsideWorkProfile++;
    else if (input.scope === 'managedOnly' && !input.managedAppIds.has(app.appId)) notManaged++;
    else stored.push(app);
  }
  const discarded: AppSelection<T>['discarded'] = [];
  if (outsideWorkProfile) {
    discarded.push({ reason: 'outsideWorkProfile', count: outsideWorkProfile });
  }
  if (notManaged) discarded.push({ reason: 'notManagedOnPersonalDevice', count: notManaged });
  return { stored, discarded };
}

/**
 * Per-user install paths name the person: `C:\Users\jdoe\AppData\…`, `/Users/jdoe/Applications/…`,
 * `/home/jdoe/…`. A catalog row is shared by every device of the tenant that has the app, so the
 * first reporter's user name would otherwise show up in every other user's inventory and export.
 * The profile folder is replaced by the placeholder the platform itself uses for it.
 */
export function installLocationWithoutUserName(location: string): string {
  return location
    .replace(/^([A-Za-z]:\\Users\\)[^\\]+(?=\\|$)/i, '$1%USERNAME%')
    .replace(/^(\/Users\/)(?!Shared(?:\/|$))[^/]+(?=\/|$)/, '$1~')
    .replace(/^(\/home\/)[^/]+(?=\/|$)/, '$1~');
}
