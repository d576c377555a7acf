import { decideOwnership, ENROLLMENT_TYPE_NAMES, ENROLLMENT_TYPES } from '..';

const personalOrUnknownTypes = ENROLLMENT_TYPE_NAMES.filter(
  (type) => ENROLLMENT_TYPES[type].ownership !== 'corporate',
);

describe('a corporate identifier match makes the device corporate', () => {
  it('has personal enrollment types to override (the table is not all corporate)', () => {
    expect(personalOrUnknownTypes).toEqual(
      expect.arrayContaining([
        'appleUserEnrollment',
        'androidPersonalWorkProfile',
        'entraRegistered',
      ]),
    );
  });

  it.each(personalOrUnknownTypes)('wins over the %s default', (enrollmentType) => {
    expect(decideOwnership({ enrollmentType, matchesCorporateIdentifier: true })).toEqual({
      ownership: 'corporate',
      reason: 'corporateIdentifier',
    });
  });

  it.each(ENROLLMENT_TYPE_NAMES)('is the reason given for %s too', (enrollmentType) => {
    expect(decideOwnership({ enrollmentType, matchesCorporateIdentifier: true }).reason).toBe(
      'corporateIdentifier',
    );
  });

  it('does not make a personal enrollment corporate without a match', () => {
    expect(
      decideOwnership({ enrollmentType: 'companyPortal', matchesCorporateIdentifier: false })
        .ownership,
    ).toBe('personal');
  });
});
