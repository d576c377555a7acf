import { EnrollmentType, WORK_PROFILE_ENROLLMENTS } from './enrollment-types';
import { hasCompliantAppFeature } from './tenant-policy';
import { isCorporate, Ownership, Platform } from './vocabulary';

/** What a device is asked to report, and what the server stores (docs/collection-rules.md "Apps"). */
export type AppInventoryScope = 'all' | 'managedOnly';

export type AppInventoryScopeReason =
  | 'corporateOwnership'
  | 'compliantAppRule'
  | 'personalDeviceManagedAppsOnly'
  | 'userEnrollmentManagedAppsOnly';

export interface AppInventoryScopeDecision {
  scope: AppInventoryScope;
  reason: AppInventoryScopeReason;
}

/**
 * macOS under User Enrollment answers InstalledApplicationList with managed apps only, whoever owns
 * it (Apple marks the command `userenrollment: forbidden`). Otherwise corporate devices report all
 * apps; personal and unknown ones only the assigned apps, unless the platform's compliant-app
 * feature is on (it does not exist on Windows).
 */
export function appInventoryScope(input: {
  platform: Platform;
  enrollmentType: EnrollmentType;
  ownership: Ownership;
  compliantAppListOn: boolean;
}): AppInventoryScopeDecision {
  if (input.platform === 'macos' && input.enrollmentType === 'appleUserEnrollment') {
    return { scope: 'managedOnly', reason: 'userEnrollmentManagedAppsOnly' };
  }
  if (isCorporate(input.ownership)) return { scope: 'all', reason: 'corporateOwnership' };
  if (input.compliantAppListOn && hasCompliantAppFeature(input.platform)) {
    return { scope: 'all', reason: 'compliantAppRule' };
  }
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
 * `assignedAppIds` are the tenant's apps assigned to the device's platform (what management installed
 * or offered); they are stored on every device. On Android work-profile enrollments only apps marked
 * as in the work profile are in scope.
 */
export function selectAppsToStore<T extends ReportedAppRef>(
  apps: readonly T[],
  input: {
    scope: AppInventoryScope;
    enrollmentType: EnrollmentType;
    assignedAppIds: ReadonlySet<string>;
  },
): AppSelection<T> {
  const workProfileOnly = WORK_PROFILE_ENROLLMENTS.has(input.enrollmentType);
  const stored: T[] = [];
  let outsideWorkProfile = 0;
  let notManaged = 0;
  for (const app of apps) {
    if (workProfileOnly && app.profile !== 'work') outsideWorkProfile++;
    else if (input.scope === 'managedOnly' && !input.assignedAppIds.has(app.appId)) notManaged++;
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
