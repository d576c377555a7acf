import { appInventoryScope, selectAppsToStore } from '..';

/** A Company Portal iPhone: a platform with the compliant-app feature. */
const IPHONE = { platform: 'ios', enrollmentType: 'companyPortal' } as const;

const reported = [
  { appId: 'com.contoso.expenses' },
  { appId: 'com.tinder' },
  { appId: 'com.spotify.client' },
];

describe('a personal device whose tenant has a compliant-app rule reports all its apps', () => {
  it.each(['personal', 'unknown'] as const)('asks a %s device for all apps', (ownership) => {
    expect(appInventoryScope({ ...IPHONE, ownership, compliantAppListOn: true })).toEqual({
      scope: 'all',
      reason: 'compliantAppRule',
    });
  });

  it.each(['companyPortal', 'appleUserEnrollment', 'androidDeviceAdministrator'] as const)(
    'stores every app of a %s device, managed or not',
    (enrollmentType) => {
      const selection = selectAppsToStore(reported, {
        scope: appInventoryScope({ ...IPHONE, ownership: 'personal', compliantAppListOn: true })
          .scope,
        enrollmentType,
        assignedAppIds: new Set(['com.contoso.expenses']),
      });
      expect(selection.stored).toEqual(reported);
      expect(selection.discarded).toEqual([]);
    },
  );
});
