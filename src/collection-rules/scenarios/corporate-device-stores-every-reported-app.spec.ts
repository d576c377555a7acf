import { appInventoryScope, ENROLLMENT_TYPE_NAMES, ENROLLMENT_TYPES, selectAppsToStore } from '..';

const reported = [
  { appId: 'com.contoso.expenses', name: 'Contoso Expenses' },
  { appId: 'com.spotify.client', name: 'Spotify' },
  { appId: 'org.mozilla.firefox', name: 'Firefox' },
];
const managedAppIds = new Set(['com.contoso.expenses']);

/** Corporate enrollments without a separate work profile: the device's whole app list is in scope. */
const corporateWholeDeviceTypes = ENROLLMENT_TYPE_NAMES.filter(
  (type) =>
    ENROLLMENT_TYPES[type].ownership === 'corporate' && type !== 'androidCorporateWorkProfile',
);

describe('a corporate device has every reported app stored', () => {
  it.each([true, false])('asks for all apps (compliant-app rule on: %s)', (compliantAppRuleOn) => {
    expect(appInventoryScope({ ownership: 'corporate', compliantAppRuleOn })).toEqual({
      scope: 'all',
      reason: 'corporateOwnership',
    });
  });

  it.each(corporateWholeDeviceTypes)('stores managed and unmanaged apps of a %s device', (type) => {
    const selection = selectAppsToStore(reported, {
      scope: 'all',
      enrollmentType: type,
      managedAppIds,
    });
    expect(selection.stored).toEqual(reported);
    expect(selection.discarded).toEqual([]);
  });

  it('stores the very objects it was given, fields and all', () => {
    const selection = selectAppsToStore(reported, {
      scope: 'all',
      enrollmentType: 'windowsAutopilot',
      managedAppIds,
    });
    selection.stored.forEach((app, i) => expect(app).toBe(reported[i]));
  });

  it('stores nothing and discards nothing when nothing is reported', () => {
    expect(
      selectAppsToStore([], { scope: 'all', enrollmentType: 'zeroTouch', managedAppIds }),
    ).toEqual({ stored: [], discarded: [] });
  });
});
