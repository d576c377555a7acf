import { appInventoryScope, selectAppsToStore } from '..';

const reported = [
  { appId: 'com.contoso.expenses' },
  { appId: 'com.tinder' },
  { appId: 'com.spotify.client' },
];

describe('a personal device whose tenant has a compliant-app rule reports all its apps', () => {
  it.each(['personal', 'unknown'] as const)('asks a %s device for all apps', (ownership) => {
    expect(appInventoryScope({ ownership, compliantAppRuleOn: true })).toEqual({
      scope: 'all',
      reason: 'compliantAppRule',
    });
  });

  it.each(['companyPortal', 'appleUserEnrollment', 'androidDeviceAdministrator'] as const)(
    'stores every app of a %s device, managed or not',
    (enrollmentType) => {
      const selection = selectAppsToStore(reported, {
        scope: appInventoryScope({ ownership: 'personal', compliantAppRuleOn: true }).scope,
        enrollmentType,
        managedAppIds: new Set(['com.contoso.expenses']),
      });
      expect(selection.stored).toEqual(reported);
      expect(selection.discarded).toEqual([]);
    },
  );
});
