import { enrollmentMix, FleetOptionsError } from './enrollment-mix';
import { planFleet } from './plan';

describe('fleet options are checked before anything is generated', () => {
  it.each([
    [{ corporateRatio: 1.5 }, /corporateRatio/],
    [{ corporateRatio: -0.1 }, /corporateRatio/],
    [{ platformMix: { ios: -1 } }, /platformMix.ios/],
    [{ platformMix: { ios: 0, android: 0, macos: 0, windows: 0 } }, /at least one platform/],
    [{ enrollmentTypes: { ios: { androidFullyManaged: 1 } } }, /not an enrollment type of ios/],
    [{ enrollmentTypes: { ios: { noSuchType: 1 } } }, /not an enrollment type of ios/],
    [
      { enrollmentTypes: { android: { androidFullyManaged: 1 } } },
      /needs a personal enrollment type/,
    ],
    [{ enrollmentTypes: { windows: { entraRegistered: 1 } } }, /needs a corporate/],
  ])('refuses %j', (options, message) => {
    expect(() => enrollmentMix(options as never)).toThrow(FleetOptionsError);
    expect(() => enrollmentMix(options as never)).toThrow(message);
  });

  it('accepts one ownership alone when the ratio asks for that one only', () => {
    expect(() =>
      enrollmentMix({
        corporateRatio: 1,
        enrollmentTypes: { android: { androidFullyManaged: 1 } },
      }),
    ).not.toThrow();
    expect(() =>
      enrollmentMix({ corporateRatio: 0, enrollmentTypes: { windows: { entraRegistered: 1 } } }),
    ).not.toThrow();
  });

  it('does not ask for enrollment types of a platform that is not in the mix', () => {
    expect(() =>
      enrollmentMix({
        platformMix: { android: 0 },
        enrollmentTypes: { android: { androidFullyManaged: 1 } },
      }),
    ).not.toThrow();
  });

  it.each([
    [{ seed: 1.5 }, /seed/],
    [{ seed: 1, tenantDomain: 'not a domain' }, /tenantDomain/],
    [{ seed: 1, devicesPerUser: 0.5 }, /devicesPerUser/],
    [{ seed: 1, countries: { XX: 1 } }, /unknown country/],
    [{ seed: 1, appsPerDevice: { min: 10, max: 5 } }, /appsPerDevice/],
    [{ seed: 1, appsPerDevice: { min: 10, max: 2001 } }, /appsPerDevice/],
    [{ seed: 1, defects: { emptySerial: 0.6, reEnrollment: 0.6 } }, /more than 1/],
    [{ seed: 1, defects: { duplicateSerial: 2 } }, /duplicateSerial/],
  ])('refuses the plan %j', (options, message) => {
    expect(() => planFleet(options as never)).toThrow(message);
  });
});
