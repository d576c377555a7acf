import { AppInventoryScope, EnrollmentType, selectAppsToStore } from '..';

const assignedAppIds = new Set(['com.contoso.expenses']);
const reported = [
  { appId: 'com.contoso.expenses', profile: 'work' as const },
  { appId: 'com.microsoft.office.outlook', profile: 'work' as const },
  { appId: 'com.contoso.expenses', profile: 'personal' as const },
  { appId: 'com.whatsapp', profile: 'personal' as const },
  { appId: 'com.tinder', profile: 'personal' as const },
];

describe('an Android work-profile enrollment stores no app of the personal profile', () => {
  it.each<[EnrollmentType, AppInventoryScope]>([
    ['androidCorporateWorkProfile', 'all'],
    ['androidPersonalWorkProfile', 'all'],
  ])('%s with scope %s stores the work-profile apps only', (enrollmentType, scope) => {
    const selection = selectAppsToStore(reported, { scope, enrollmentType, assignedAppIds });
    expect(selection.stored).toEqual(reported.slice(0, 2));
    expect(selection.discarded).toEqual([{ reason: 'outsideWorkProfile', count: 3 }]);
  });

  it('drops a managed app installed in the personal profile too', () => {
    const selection = selectAppsToStore(reported, {
      scope: 'all',
      enrollmentType: 'androidCorporateWorkProfile',
      assignedAppIds,
    });
    expect(selection.stored).not.toContainEqual({
      appId: 'com.contoso.expenses',
      profile: 'personal',
    });
  });

  it('reports both reasons on a personal work profile without a compliant-app rule', () => {
    const selection = selectAppsToStore(reported, {
      scope: 'managedOnly',
      enrollmentType: 'androidPersonalWorkProfile',
      assignedAppIds,
    });
    expect(selection.stored).toEqual([{ appId: 'com.contoso.expenses', profile: 'work' }]);
    expect(selection.discarded).toEqual([
      { reason: 'outsideWorkProfile', count: 3 },
      { reason: 'notManagedOnPersonalDevice', count: 1 },
    ]);
  });

  it.each(['androidCorporateWorkProfile', 'androidPersonalWorkProfile'] as const)(
    '%s treats an app that does not say its profile as outside the work profile',
    (enrollmentType) => {
      const selection = selectAppsToStore([{ appId: 'com.unlabelled' }], {
        scope: 'all',
        enrollmentType,
        assignedAppIds,
      });
      expect(selection).toEqual({
        stored: [],
        discarded: [{ reason: 'outsideWorkProfile', count: 1 }],
      });
    },
  );

  it.each([
    'androidFullyManaged',
    'androidDedicated',
    'zeroTouch',
    'knoxMobileEnrollment',
  ] as const)(
    'a %s device has no personal profile to exclude: every app is stored',
    (enrollmentType) => {
      const selection = selectAppsToStore(reported, {
        scope: 'all',
        enrollmentType,
        assignedAppIds,
      });
      expect(selection).toEqual({ stored: reported, discarded: [] });
    },
  );
});
