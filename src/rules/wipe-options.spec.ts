import { wipeKeepsEnrollment, wipeOptionNotOnPlatform, withoutSecrets } from './wipe-options';

describe('wipe options', () => {
  it('accepts each option only on the platform that honours it', () => {
    expect(
      wipeOptionNotOnPlatform('windows', { keepEnrollmentData: true, keepUserData: true }),
    ).toBeNull();
    expect(wipeOptionNotOnPlatform('ios', { keepEnrollmentData: true })).toBe('keepEnrollmentData');
    expect(wipeOptionNotOnPlatform('macos', { macOsUnlockCode: '123456' })).toBeNull();
    expect(wipeOptionNotOnPlatform('windows', { macOsUnlockCode: '123456' })).toBe(
      'macOsUnlockCode',
    );
    expect(wipeOptionNotOnPlatform('ios', { persistEsimDataPlan: true })).toBeNull();
    expect(wipeOptionNotOnPlatform('android', { useProtectedWipe: true })).toBe('useProtectedWipe');
  });

  it('lets an option set to false through everywhere: it asks for nothing', () => {
    expect(
      wipeOptionNotOnPlatform('android', {
        keepEnrollmentData: false,
        keepUserData: false,
        persistEsimDataPlan: false,
        useProtectedWipe: false,
      }),
    ).toBeNull();
  });

  it('removes the unlock code and keeps the rest', () => {
    expect(withoutSecrets({ macOsUnlockCode: '123456', keepUserData: false })).toEqual({
      keepUserData: false,
    });
    expect(withoutSecrets({ macOsUnlockCode: '123456' })).toBeNull();
    expect(withoutSecrets(null)).toBeNull();
  });

  it('keeps the enrollment only when keepEnrollmentData is exactly true', () => {
    expect(wipeKeepsEnrollment({ keepEnrollmentData: true })).toBe(true);
    expect(wipeKeepsEnrollment({ keepEnrollmentData: 'true' })).toBe(false);
    expect(wipeKeepsEnrollment({ keepUserData: true })).toBe(false);
    expect(wipeKeepsEnrollment(null)).toBe(false);
  });
});
