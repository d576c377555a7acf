import { appInventoryScope, selectAppsToStore } from '..';

/** A Company Portal iPhone: a platform with the compliant-app feature. */
const IPHONE = { platform: 'ios', enrollmentType: 'companyPortal' } as const;

const assignedAppIds = new Set(['com.contoso.expenses', 'com.microsoft.teams']);
const reported = [
  { appId: 'com.contoso.expenses', name: 'Contoso Expenses', version: '4.2.0' },
  { appId: 'com.tinder', name: 'Tinder', version: '15.1' },
  { appId: 'com.microsoft.teams', name: 'Microsoft Teams', version: '6.1' },
  { appId: 'com.grindr.ios', name: 'Grindr', version: '24.3' },
  { appId: 'com.bank.personal', name: 'My Bank', version: '9.0' },
];

describe('a personal device without a compliant-app rule has only managed apps stored', () => {
  it.each(['personal', 'unknown'] as const)(
    'asks a %s device for managed apps only',
    (ownership) => {
      expect(appInventoryScope({ ...IPHONE, ownership, compliantAppListOn: false })).toEqual({
        scope: 'managedOnly',
        reason: 'personalDeviceManagedAppsOnly',
      });
    },
  );

  const selection = selectAppsToStore(reported, {
    scope: 'managedOnly',
    enrollmentType: 'companyPortal',
    assignedAppIds,
  });

  it('stores the apps the tenant deployed', () => {
    expect(selection.stored.map((app) => app.appId)).toEqual([
      'com.contoso.expenses',
      'com.microsoft.teams',
    ]);
  });

  it('counts the rest as discarded because they are not managed on a personal device', () => {
    expect(selection.discarded).toEqual([{ reason: 'notManagedOnPersonalDevice', count: 3 }]);
  });

  it('keeps no trace of the unmanaged apps in what it returns', () => {
    const returned = JSON.stringify(selection);
    for (const name of ['com.tinder', 'Tinder', 'com.grindr.ios', 'Grindr', 'com.bank.personal']) {
      expect(returned).not.toContain(name);
    }
  });

  it('stores a managed app on a personal device', () => {
    const managedOnly = selectAppsToStore([{ appId: 'com.microsoft.teams' }], {
      scope: 'managedOnly',
      enrollmentType: 'appleUserEnrollment',
      assignedAppIds,
    });
    expect(managedOnly).toEqual({ stored: [{ appId: 'com.microsoft.teams' }], discarded: [] });
  });

  it('matches managed apps by exact app id only', () => {
    const lookalikes = [{ appId: 'COM.MICROSOFT.TEAMS' }, { appId: 'com.microsoft.teams.fake' }];
    expect(
      selectAppsToStore(lookalikes, {
        scope: 'managedOnly',
        enrollmentType: 'companyPortal',
        assignedAppIds,
      }).stored,
    ).toEqual([]);
  });

  it('stores nothing when the tenant deployed nothing', () => {
    const none = selectAppsToStore(reported, {
      scope: 'managedOnly',
      enrollmentType: 'windowsAddWorkAccount',
      assignedAppIds: new Set(),
    });
    expect(none).toEqual({
      stored: [],
      discarded: [{ reason: 'notManagedOnPersonalDevice', count: reported.length }],
    });
  });
});
