import { appInventoryScope, privacyView } from '..';

describe('a Mac under Apple User Enrollment lists managed apps only', () => {
  it.each([
    ['personal', false],
    ['personal', true],
    ['corporate', false],
    ['corporate', true],
  ] as const)('as %s, compliant-app list on: %s', (ownership, compliantAppListOn) => {
    expect(
      appInventoryScope({
        platform: 'macos',
        enrollmentType: 'appleUserEnrollment',
        ownership,
        compliantAppListOn,
      }),
    ).toEqual({ scope: 'managedOnly', reason: 'userEnrollmentManagedAppsOnly' });
  });

  it('while a User-Enrolled iPhone with a compliant-app list keeps every app', () => {
    expect(
      appInventoryScope({
        platform: 'ios',
        enrollmentType: 'appleUserEnrollment',
        ownership: 'personal',
        compliantAppListOn: true,
      }).scope,
    ).toBe('all');
  });

  it('and the privacy view says so', () => {
    const apps = privacyView({
      platform: 'macos',
      enrollmentType: 'appleUserEnrollment',
      ownership: 'personal',
      osVersion: '14.4',
      compliantAppListOn: true,
      diagnosticsEnabled: false,
      compliancePoliciesOn: false,
    }).find((entry) => entry.category === 'appInventory');
    expect(apps).toEqual({
      category: 'appInventory',
      collected: true,
      form: 'managedAppsOnly',
      reasons: ['userEnrollment', 'managedApp'],
    });
  });
});
