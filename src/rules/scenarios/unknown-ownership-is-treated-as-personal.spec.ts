import {
  appInventoryScope,
  collectionDirectives,
  decideOwnership,
  ENROLLMENT_TYPE_NAMES,
  isCorporate,
  mayRequestLocation,
  mayStoreLocation,
  phoneNumberForm,
  phoneNumberToStore,
} from '..';

/** A Company Portal iPhone: a platform with the compliant-app feature. */
const IPHONE = { platform: 'ios', enrollmentType: 'companyPortal' } as const;

describe('unknown ownership is treated as personal', () => {
  // Since Entra-joined Windows counts as corporate (docs/collection-rules.md "Ownership"), only an
  // administrator's PATCH leaves a device unknown.
  it.each(ENROLLMENT_TYPE_NAMES)('%s decides ownership by itself', (type) => {
    expect(
      decideOwnership({ enrollmentType: type, matchesCorporateIdentifier: false }).ownership,
    ).not.toBe('unknown');
  });

  it('is not corporate', () => expect(isCorporate('unknown')).toBe(false));

  it.each([true, false])(
    'gets the same app-inventory scope as personal (compliant-app rule on: %s)',
    (compliantAppListOn) => {
      expect(appInventoryScope({ ...IPHONE, ownership: 'unknown', compliantAppListOn })).toEqual(
        appInventoryScope({ ...IPHONE, ownership: 'personal', compliantAppListOn }),
      );
    },
  );

  it('keeps only the last four digits of the phone number, like personal', () => {
    expect(phoneNumberForm('unknown')).toBe('last4');
    expect(phoneNumberToStore('unknown', '+46701234567')).toEqual(
      phoneNumberToStore('personal', '+46701234567'),
    );
  });

  it('gives no location, like personal', () => {
    expect(mayRequestLocation('unknown')).toBe(false);
    expect(mayStoreLocation({ ownership: 'unknown', answersLocateCommand: true })).toBe(false);
  });

  it.each([
    [true, true],
    [true, false],
    [false, true],
    [false, false],
  ])(
    'gets the directives of a personal device (compliant-app rule %p, diagnostics %p)',
    (compliantAppListOn, diagnosticsEnabled) => {
      expect(
        collectionDirectives({
          ...IPHONE,
          ownership: 'unknown',
          compliantAppListOn,
          diagnosticsEnabled,
          compliancePoliciesOn: false,
        }),
      ).toEqual(
        collectionDirectives({
          ...IPHONE,
          ownership: 'personal',
          compliantAppListOn,
          diagnosticsEnabled,
          compliancePoliciesOn: false,
        }),
      );
    },
  );
});
