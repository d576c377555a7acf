import { appInventoryScope, hasCompliantAppFeature } from '..';

describe('Windows has no compliant-app list: its personal devices keep assigned apps only', () => {
  it('is the one platform without the feature', () => {
    expect(
      ['ios', 'android', 'macos', 'windows'].filter((p) => hasCompliantAppFeature(p as never)),
    ).toEqual(['ios', 'android', 'macos']);
  });

  it.each(['windowsAddWorkAccount', 'entraRegistered', 'companyPortal'] as const)(
    'a personal %s PC keeps assigned apps only, whatever the tenant policy says',
    (enrollmentType) => {
      expect(
        appInventoryScope({
          platform: 'windows',
          enrollmentType,
          ownership: 'personal',
          compliantAppListOn: true,
        }),
      ).toEqual({ scope: 'managedOnly', reason: 'personalDeviceManagedAppsOnly' });
    },
  );

  it('a corporate PC keeps every app', () => {
    expect(
      appInventoryScope({
        platform: 'windows',
        enrollmentType: 'entraJoined',
        ownership: 'corporate',
        compliantAppListOn: false,
      }).scope,
    ).toBe('all');
  });
});
