import { selectAppsToStore, tenantCollectionPolicy } from '..';

const app = (appId: string, intent: 'required' | 'available' | null) => ({
  mobileAppId: `id-${appId}`,
  appId,
  displayName: appId,
  intent,
});

describe('the tenant policy the collection rules are given', () => {
  const policy = tenantCollectionPolicy(
    [],
    [
      app('com.contoso.expenses', 'required'),
      app('com.contoso.portal', 'available'),
      app('com.dating.app', null),
    ],
  );

  it('names as assigned only the apps with an assignment, not the whole catalog', () => {
    expect([...policy.assignedAppIds].sort()).toEqual([
      'com.contoso.expenses',
      'com.contoso.portal',
    ]);
  });

  it('so a personal device does not keep an app the admin merely added to the catalog', () => {
    const selection = selectAppsToStore(
      [{ appId: 'com.dating.app' }, { appId: 'com.contoso.portal' }],
      {
        scope: 'managedOnly',
        enrollmentType: 'companyPortal',
        assignedAppIds: policy.assignedAppIds,
      },
    );
    expect(selection.stored).toEqual([{ appId: 'com.contoso.portal' }]);
  });

  it('has the compliant-app feature on only with a list in force', () => {
    expect(policy.compliantAppListOn).toBe(false);
    expect(
      tenantCollectionPolicy(
        [{ appListType: 'appsNotInListCompliant', apps: [{ appId: 'x' }] }],
        [],
      ).compliantAppListOn,
    ).toBe(true);
  });
});
