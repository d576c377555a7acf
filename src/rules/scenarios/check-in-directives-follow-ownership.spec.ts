import { collectionDirectives, CollectionDirectives, Ownership } from '..';

/** A Company Portal iPhone: a platform with the compliant-app feature. */
const IPHONE = { platform: 'ios', enrollmentType: 'companyPortal' } as const;

/** What §2, §4 and §6 tell each kind of device to send, written out by hand. */
const expected: [Ownership, boolean, boolean, CollectionDirectives][] = [
  [
    'corporate',
    false,
    false,
    { appInventory: 'all', phoneNumber: 'full', diagnostics: 'off', securityState: 'off' },
  ],
  [
    'corporate',
    true,
    true,
    { appInventory: 'all', phoneNumber: 'full', diagnostics: 'on', securityState: 'off' },
  ],
  [
    'personal',
    false,
    false,
    { appInventory: 'managedOnly', phoneNumber: 'last4', diagnostics: 'off', securityState: 'off' },
  ],
  [
    'personal',
    true,
    false,
    { appInventory: 'all', phoneNumber: 'last4', diagnostics: 'off', securityState: 'off' },
  ],
  [
    'personal',
    false,
    true,
    { appInventory: 'managedOnly', phoneNumber: 'last4', diagnostics: 'on', securityState: 'off' },
  ],
  [
    'unknown',
    false,
    false,
    { appInventory: 'managedOnly', phoneNumber: 'last4', diagnostics: 'off', securityState: 'off' },
  ],
  [
    'unknown',
    true,
    true,
    { appInventory: 'all', phoneNumber: 'last4', diagnostics: 'on', securityState: 'off' },
  ],
];

describe('the check-in directives tell a device what to send', () => {
  it.each(expected)(
    '%s device, compliant-app rule %p, diagnostics %p',
    (ownership, compliantAppListOn, diagnosticsEnabled, directives) => {
      expect(
        collectionDirectives({
          ...IPHONE,
          ownership,
          compliantAppListOn,
          diagnosticsEnabled,
          compliancePoliciesOn: false,
        }),
      ).toEqual(directives);
    },
  );

  it('never asks a personal device for its full phone number, whatever the tenant settings', () => {
    for (const compliantAppListOn of [true, false]) {
      for (const diagnosticsEnabled of [true, false]) {
        expect(
          collectionDirectives({
            ...IPHONE,
            ownership: 'personal',
            compliantAppListOn,
            diagnosticsEnabled,
            compliancePoliciesOn: true,
          }).phoneNumber,
        ).toBe('last4');
      }
    }
  });

  it('asks for the security state only while a compliance policy applies (nothing of it is kept otherwise)', () => {
    const directives = (compliancePoliciesOn: boolean) =>
      collectionDirectives({
        ...IPHONE,
        ownership: 'personal',
        compliantAppListOn: false,
        diagnosticsEnabled: false,
        compliancePoliciesOn,
      });
    expect([directives(true).securityState, directives(false).securityState]).toEqual([
      'on',
      'off',
    ]);
  });

  it('says nothing beyond app inventory, phone number, diagnostics and security state', () => {
    const directives = collectionDirectives({
      ...IPHONE,
      ownership: 'corporate',
      compliantAppListOn: true,
      diagnosticsEnabled: true,
      compliancePoliciesOn: true,
    });
    expect(Object.keys(directives).sort()).toEqual([
      'appInventory',
      'diagnostics',
      'phoneNumber',
      'securityState',
    ]);
  });
});
