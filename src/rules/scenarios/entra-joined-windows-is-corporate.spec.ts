import { decideOwnership } from '..';

describe('Windows joined to Entra ID with work credentials is corporate', () => {
  it('is corporate by its enrollment type', () => {
    expect(
      decideOwnership({ enrollmentType: 'entraJoined', matchesCorporateIdentifier: false }),
    ).toEqual({
      ownership: 'corporate',
      reason: 'enrollmentType',
    });
  });

  it('while an Entra-registered PC is personal', () => {
    expect(
      decideOwnership({ enrollmentType: 'entraRegistered', matchesCorporateIdentifier: false })
        .ownership,
    ).toBe('personal');
  });
});
