/**
 * Fewer devices than this in a group and the group is not shown: a breakdown such as "the one
 * device on iOS 16.1 crashed three times" would tie pseudonymous events back to a device (and its
 * user) through what the admin already sees in managedDevices.
 */
export const MIN_DEVICES_PER_GROUP = 5;

export interface CountedGroup {
  eventCount: number;
  deviceCount: number;
}

export interface Breakdown<G extends CountedGroup> {
  rows: G[];
  /** Events of groups with too few devices to be shown. */
  withheldEventCount: number;
}

/** The groups with enough devices, most events first; of the others only their event count. */
export function showableGroups<G extends CountedGroup>(
  groups: readonly G[],
  minDevices = MIN_DEVICES_PER_GROUP,
): Breakdown<G> {
  const rows = groups
    .filter((group) => group.deviceCount >= minDevices)
    .sort((a, b) => b.eventCount - a.eventCount);
  const withheldEventCount = groups
    .filter((group) => group.deviceCount < minDevices)
    .reduce((sum, group) => sum + group.eventCount, 0);
  return { rows, withheldEventCount };
}
