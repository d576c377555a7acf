import { FORBIDDEN_DATA_CATEGORIES, privacyView, PrivacyFacts } from '..';

const facts = (overrides: Partial<PrivacyFacts>): PrivacyFacts => ({
  platform: 'ios',
  enrollmentType: 'automatedDeviceEnrollment',
  ownership: 'corporate',
  osVersion: '17.4',
  compliantAppListOn: false,
  diagnosticsEnabled: false,
  compliancePoliciesOn: false,
  ...overrides,
});
const entry = (view: ReturnType<typeof privacyView>, category: string) =>
  view.find((e) => e.category === category);

describe('the privacy view explains what is kept and why', () => {
  it('shows a corporate iPhone keeping the full phone number and every app', () => {
    const view = privacyView(facts({}));
    expect(entry(view, 'phoneNumber')).toEqual({
      category: 'phoneNumber',
      collected: true,
      form: 'full',
      reasons: ['requiredData', 'corporateOwnership'],
    });
    expect(entry(view, 'appInventory')).toMatchObject({
      form: 'full',
      reasons: ['corporateOwnership'],
    });
    expect(entry(view, 'location')).toMatchObject({ collected: true, form: 'onLocateRequestOnly' });
  });

  it('shows a personal iPhone keeping four digits, managed apps only and no location', () => {
    const view = privacyView(facts({ enrollmentType: 'companyPortal', ownership: 'personal' }));
    expect(entry(view, 'phoneNumber')).toMatchObject({
      form: 'lastFourDigits',
      reasons: ['requiredData', 'personalDevice'],
    });
    expect(entry(view, 'appInventory')).toMatchObject({
      form: 'managedAppsOnly',
      reasons: ['personalDevice', 'managedApp'],
    });
    expect(entry(view, 'location')).toMatchObject({ collected: false, form: 'notCollected' });
  });

  it('names the compliant-app rule when it widens collection on a personal device', () => {
    const view = privacyView(
      facts({ ownership: 'unknown', enrollmentType: 'companyPortal', compliantAppListOn: true }),
    );
    expect(entry(view, 'appInventory')).toMatchObject({
      form: 'full',
      reasons: ['compliantAppRule'],
    });
  });

  it('says fields a platform cannot report are not collected', () => {
    const view = privacyView(facts({ platform: 'macos' }));
    expect(entry(view, 'imei')).toMatchObject({
      collected: false,
      reasons: ['notAvailableOnPlatform'],
    });
    const userEnrollment = privacyView(
      facts({ enrollmentType: 'appleUserEnrollment', ownership: 'personal' }),
    );
    expect(entry(userEnrollment, 'serialNumber')).toMatchObject({ collected: false });
  });

  it('lists every never-collected category as not collected', () => {
    const view = privacyView(facts({}));
    for (const category of Object.keys(FORBIDDEN_DATA_CATEGORIES)) {
      expect(entry(view, category)).toEqual({
        category,
        collected: false,
        form: 'notCollected',
        reasons: ['neverCollected'],
      });
    }
  });

  it('shows diagnostics only when the tenant turned them on, pseudonymized', () => {
    expect(entry(privacyView(facts({})), 'diagnostics')).toMatchObject({ collected: false });
    expect(entry(privacyView(facts({ diagnosticsEnabled: true })), 'diagnostics')).toMatchObject({
      collected: true,
      form: 'pseudonymized',
    });
  });

  it('shows the security state kept only while a compliance policy is assigned for the platform', () => {
    expect(entry(privacyView(facts({})), 'securityState')).toEqual({
      category: 'securityState',
      collected: false,
      form: 'notCollected',
      reasons: ['tenantCompliancePolicy'],
    });
    expect(
      entry(privacyView(facts({ compliancePoliciesOn: true })), 'securityState'),
    ).toMatchObject({ collected: true, form: 'full' });
  });
});
