import { ReportedAppRef } from '../rules';
import { DetectedAppInput } from '../platform/store/device-apps.store';

export type ReportedApp = DetectedAppInput & ReportedAppRef;

/**
 * A device's reported app list with duplicates removed: the same app version reported twice (per-user
 * installs on Windows, for instance) is one detected app. Different versions of one app are kept.
 */
export function detectedAppsOf(apps: readonly ReportedApp[]): ReportedApp[] {
  const seen = new Set<string>();
  const unique: ReportedApp[] = [];
  for (const app of apps) {
    const key = `${app.appId}\u0000${app.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(app);
  }
  return unique;
}
