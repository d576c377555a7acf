import { AppListType, ListedApp } from './compliance-policy.entity';

export interface AppListRule {
  appListType: AppListType;
  apps: readonly ListedApp[];
}

export type AppComplianceResult =
  | { state: 'compliant' }
  | {
      state: 'noncompliant';
      offendingApp: { appId: string; displayName: string };
      rule: AppListType;
    };

/**
 * complianceState from the tenant's app-list rules for the platform: a prohibited (restricted) app
 * installed, or an unmanaged app missing from an approved list → noncompliant. Managed apps, deployed
 * by the tenant itself, are always allowed. App ids compare case-insensitively.
 */
export function evaluateAppCompliance(
  rules: readonly AppListRule[],
  installed: readonly { appId: string; displayName: string }[],
  assignedAppIds: ReadonlySet<string>,
): AppComplianceResult {
  const lower = (s: string) => s.toLowerCase();
  const managed = new Set([...assignedAppIds].map(lower));
  const sorted = [...installed].sort((a, b) =>
    a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : 0,
  );
  for (const rule of rules) {
    const listed = new Set(rule.apps.map((app) => lower(app.appId)));
    const offending = sorted.find((app) =>
      rule.appListType === 'restricted'
        ? listed.has(lower(app.appId))
        : !listed.has(lower(app.appId)) && !managed.has(lower(app.appId)),
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
