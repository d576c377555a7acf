/**
 * Graph's appListType: `appsNotInListCompliant` = the listed apps are prohibited;
 * `appsInListCompliant` = only the listed (or assigned) apps are allowed; `none` = no list.
 */
export const COMPLIANT_APP_LIST_TYPES = [
  'none',
  'appsInListCompliant',
  'appsNotInListCompliant',
] as const;
export type CompliantAppListType = (typeof COMPLIANT_APP_LIST_TYPES)[number];

export interface ListedApp {
  appId: string;
  displayName?: string;
  publisher?: string | null;
  appStoreUrl?: string | null;
}

/** A compliant-app list in force: `none` lists are not rules. */
export interface AppListRule {
  appListType: Exclude<CompliantAppListType, 'none'>;
  apps: readonly ListedApp[];
}

export type AppComplianceResult =
  | { state: 'compliant' }
  | {
      state: 'noncompliant';
      offendingApp: { appId: string; displayName: string };
      rule: AppListRule['appListType'];
    };

/**
 * complianceState from the tenant's compliant-app lists for the platform: a prohibited app
 * installed (`appsNotInListCompliant`), or an unassigned app missing from an allowed list
 * (`appsInListCompliant`) → noncompliant. Assigned apps, deployed by the tenant itself, are always
 * allowed. App ids compare case-insensitively.
 */
export function evaluateAppCompliance(
  rules: readonly AppListRule[],
  installed: readonly { appId: string; displayName: string }[],
  assignedAppIds: ReadonlySet<string>,
): AppComplianceResult {
  const lower = (s: string) => s.toLowerCase();
  const assigned = new Set([...assignedAppIds].map(lower));
  const sorted = [...installed].sort((a, b) =>
    a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : 0,
  );
  for (const rule of rules) {
    const listed = new Set(rule.apps.map((app) => lower(app.appId)));
    const offending = sorted.find((app) =>
      rule.appListType === 'appsNotInListCompliant'
        ? listed.has(lower(app.appId))
        : !listed.has(lower(app.appId)) && !assigned.has(lower(app.appId)),
    );
    if (offending) {
      return {
        state: 'noncompliant',
        offendingApp: { appId: offending.appId, displayName: offending.displayName },
        rule: rule.appListType,
      };
    }
  }
  return { state: 'compliant' };
}
