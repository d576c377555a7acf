import { detectedAppResource, toDetectedApp } from './detected-app';
import { toManagedDeviceOverview } from './managed-device-overview';
import { toMobileApp, toMobileAppInstallSummary } from './mobile-app';

describe('detectedApp', () => {
  it('has a string id, Int64 numbers and the Graph platform word', () => {
    expect(
      toDetectedApp({
        id: 42,
        platform: 'macos',
        app_id: 'com.microsoft.Word',
        version: '16.80',
        display_name: 'Microsoft Word',
        publisher: null,
        size_in_bytes: '2147483648',
        device_count: '17',
      }),
    ).toEqual({
      id: '42',
      displayName: 'Microsoft Word',
      version: '16.80',
      sizeInByte: 2147483648,
      deviceCount: 17,
      publisher: null,
      platform: 'macOS',
    });
  });

  it('filters platform by Graph member onto the stored word; unused members match nothing', () => {
    const platform = detectedAppResource.properties.platform;
    expect(platform.type === 'enum' && platform.values).toMatchObject({
      macOS: 'macos',
      androidDedicatedAndFullyManaged: 'android',
      windowsMobile: 'windowsMobile',
    });
  });
});

describe('mobileApp', () => {
  const row = {
    id: 'f2b1b0d8-0b2e-4b8e-9d77-2c1f4c1b7a11',
    app_id: 'com.contoso.app',
    display_name: 'Contoso',
    publisher: null,
    description: null,
    created_at: 0,
    updated_at: 86_400_000,
    graph_properties: null,
  };

  it('has a per-platform @odata.type with that type’s identifier property', () => {
    expect(toMobileApp({ ...row, platform: 'ios' })).toMatchObject({
      '@odata.type': '#microsoft.graph.iosStoreApp',
      bundleId: 'com.contoso.app',
      publisher: '',
      publishingState: 'published',
      lastModifiedDateTime: '1970-01-02T00:00:00Z',
    });
    expect(toMobileApp({ ...row, platform: 'android' })).toMatchObject({
      '@odata.type': '#microsoft.graph.androidManagedStoreApp',
      packageId: 'com.contoso.app',
    });
    expect(toMobileApp({ ...row, platform: 'windows' })).not.toHaveProperty('bundleId');
  });

  it('reports every install-summary count, 0 for states nobody reported', () => {
    expect(
      toMobileAppInstallSummary('a', {
        devices: { installed: 3, failed: 1 },
        users: { installed: 2 },
      }),
    ).toEqual({
      id: 'a',
      installedDeviceCount: 3,
      failedDeviceCount: 1,
      notApplicableDeviceCount: 0,
      notInstalledDeviceCount: 0,
      pendingInstallDeviceCount: 0,
      installedUserCount: 2,
      failedUserCount: 0,
      notApplicableUserCount: 0,
      notInstalledUserCount: 0,
      pendingInstallUserCount: 0,
    });
  });
});

describe('managedDeviceOverview', () => {
  it('counts devices per OS and per Android enrollment flavour', () => {
    const overview = toManagedDeviceOverview('t', [
      { platform: 'ios', enrollment_type: 'automatedDeviceEnrollment', devices: 5 },
      { platform: 'android', enrollment_type: 'androidFullyManaged', devices: '2' },
      { platform: 'android', enrollment_type: 'androidPersonalWorkProfile', devices: 3 },
      { platform: 'windows', enrollment_type: 'windowsAutopilot', devices: 4 },
    ]);
    expect(overview.enrolledDeviceCount).toBe(14);
    expect(overview.mdmEnrolledCount).toBe(14);
    expect(overview.deviceOperatingSystemSummary).toMatchObject({
      iosCount: 5,
      androidCount: 5,
      androidFullyManagedCount: 2,
      androidWorkProfileCount: 3,
      windowsCount: 4,
      macOSCount: 0,
    });
  });
});
