import {
  appInventoryScope,
  collectionDirectives,
  decideOwnership,
  ENROLLMENT_TYPE_NAMES,
  ENROLLMENT_TYPES,
  isCorporate,
  mayRequestLocation,
  mayStoreLocation,
  phoneNumberForm,
  phoneNumberToStore,
} from '..';

const undecidedTypes = ENROLLMENT_TYPE_NAMES.filter(
  (type) => ENROLLMENT_TYPES[type].ownership === 'unknown',
);

describe('unknown ownership is treated as personal', () => {
  it('arises from an enrollment type in neither list of §1 (a user-driven Entra join)', () => {
    expect(undecidedTypes).toEqual(['entraJoined']);
  });

  it.each(undecidedTypes)('%s without a corporate identifier is unknown, undetermined', (type) => {
    expect(decideOwnership({ enrollmentType: type, matchesCorporateIdentifier: false })).toEqual({
      ownership: 'unknown',
      reason: 'undetermined',
    });
  });

  it('is not corporate', () => expect(isCorporate('unknown')).toBe(false));

  it.each([true, false])(
    'gets the same app-inventory scope as personal (compliant-app rule on: %s)',
    (compliantAppRuleOn) => {
      expect(appInventoryScope({ ownership: 'unknown', compliantAppRuleOn })).toEqual(
        appInventoryScope({ ownership: 'personal', compliantAppRuleOn }),
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
    (compliantAppRuleOn, diagnosticsEnabled) => {
      expect(
        collectionDirectives({ ownership: 'unknown', compliantAppRuleOn, diagnosticsEnabled }),
      ).toEqual(
        collectionDirectives({ ownership: 'personal', compliantAppRuleOn, diagnosticsEnabled }),
      );
    },
  );
});
