import type * as Graph from '@microsoft/microsoft-graph-types';
import { EnrollmentType, Platform } from '../../rules';

/** Live devices of a tenant grouped by platform and enrollment type. */
export interface DeviceCountRow {
  platform: Platform;
  enrollment_type: EnrollmentType;
  devices: number | string;
}

const ANDROID_FLAVOURS: Partial<Record<EnrollmentType, keyof Graph.DeviceOperatingSystemSummary>> =
  {
    androidFullyManaged: 'androidFullyManagedCount',
    knoxMobileEnrollment: 'androidFullyManagedCount',
    zeroTouch: 'androidFullyManagedCount',
    androidDedicated: 'androidDedicatedCount',
    androidCorporateWorkProfile: 'androidCorporateWorkProfileCount',
    androidPersonalWorkProfile: 'androidWorkProfileCount',
    androidDeviceAdministrator: 'androidDeviceAdminCount',
  };

const PLATFORM_COUNTS: Readonly<Record<Platform, keyof Graph.DeviceOperatingSystemSummary>> = {
  ios: 'iosCount',
  android: 'androidCount',
  macos: 'macOSCount',
  windows: 'windowsCount',
};

/**
 * managedDeviceOverview of a tenant. Every device is MDM-enrolled here, so mdmEnrolledCount equals
 * enrolledDeviceCount; there is no Exchange ActiveSync or Configuration Manager, so their counts
 * are 0. `id` is the tenant id (Intune's is an opaque per-tenant string).
 */
export function toManagedDeviceOverview(tenantId: string, rows: readonly DeviceCountRow[]) {
  const summary: Required<Graph.DeviceOperatingSystemSummary> = {
    androidCorporateWorkProfileCount: 0,
    androidCount: 0,
    androidDedicatedCount: 0,
    androidDeviceAdminCount: 0,
    androidFullyManagedCount: 0,
    androidWorkProfileCount: 0,
    configMgrDeviceCount: 0,
    iosCount: 0,
    macOSCount: 0,
    unknownCount: 0,
    windowsCount: 0,
    windowsMobileCount: 0,
  };
  let enrolled = 0;
  for (const row of rows) {
    const devices = Number(row.devices);
    enrolled += devices;
    summary[PLATFORM_COUNTS[row.platform] ?? 'unknownCount'] += devices;
    const flavour = row.platform === 'android' ? ANDROID_FLAVOURS[row.enrollment_type] : undefined;
    if (flavour) summary[flavour] += devices;
  }
  return {
    id: tenantId,
    enrolledDeviceCount: enrolled,
    mdmEnrolledCount: enrolled,
    dualEnrolledDeviceCount: 0,
    deviceOperatingSystemSummary: summary,
    deviceExchangeAccessStateSummary: {
      allowedDeviceCount: 0,
      blockedDeviceCount: 0,
      quarantinedDeviceCount: 0,
      unavailableDeviceCount: 0,
      unknownDeviceCount: 0,
    },
  } satisfies Graph.ManagedDeviceOverview;
}
