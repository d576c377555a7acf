import { appInventoryScope, ENROLLMENT_TYPE_NAMES, ENROLLMENT_TYPES, selectAppsToStore } from '..';

/** A Company Portal iPhone: a platform with the compliant-app feature. */
const IPHONE = { platform: 'ios', enrollmentType: 'companyPortal' } as const;

const reported = [
  { appId: 'com.contoso.expenses', name: 'Contoso Expenses' },
  { appId: 'com.spotify.client', name: 'Spotify' },
  { appId: 'org.mozilla.firefox', name: 'Firefox' },
];
const assignedAppIds = new Set(['com.contoso.expenses']);

/** Corporate enrollments without a separate work profile: the device's whole app list is in scope. */
const corporateWholeDeviceTypes = ENROLLMENT_TYPE_NAMES.filter(
  (type) =>
    ENROLLMENT_TYPES[type].ownership === 'corporate' && type !== 'androidCorporateWorkProfile',
);

describe('a corporate device has every reported app stored', () => {
  it.each([true, false])('asks for all apps (compliant-app rule on: %s)', (compliantAppListOn) => {
    expect(appInventoryScope({ ...IPHONE, ownership: 'corporate', compliantAppListOn })).toEqual({
      scope: 'all',
      reason: 'corporateOwnership',
    });
  });

  it.each(corporateWholeDeviceTypes)('stores managed and unmanaged apps of a %s device', (type) => {
    const selection = selectAppsToStore(reported, {
      scope: 'all',
      enrollmentType: type,
      assignedAppIds,
    });
    expect(selection.stored).toEqual(reported);
    expect(selection.discarded).toEqual([]);
  });

  it('stores the very objects it was given, fields and all', () => {
    const selection = selectAppsToStore(reported, {
      scope: 'all',
      enrollmentType: 'windowsAutopilot',
      assignedAppIds,
    });
    selection.stored.forEach((app, i) => expect(app).toBe(reported[i]));
  });

  it('stores nothing and discards nothing when nothing is reported', () => {
    expect(
      selectAppsToStore([], { scope: 'all', enrollmentType: 'zeroTouch', assignedAppIds }),
    ).toEqual({ stored: [], discarded: [] });
  });
});
