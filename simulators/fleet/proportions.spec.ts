import {
  EnrollmentType,
  Platform,
  PLATFORMS,
} from '../../src/device-channel/contract/wire-vocabulary';
import { ENROLLMENT_MODES } from './catalog/platform-facts';
import { SimulatedDevice } from './device-profile';
import {
  DEFAULT_CORPORATE_RATIO,
  DEFAULT_ENROLLMENT_TYPES,
  DEFAULT_PLATFORM_MIX,
} from './enrollment-mix';
import { generateFleet } from './fleet';
import { DEFAULT_COUNTRIES } from './plan';

const share = (
  devices: readonly SimulatedDevice[],
  predicate: (device: SimulatedDevice) => boolean,
) => devices.filter(predicate).length / devices.length;

const normalised = <K extends string>(weights: Partial<Record<K, number>>): Record<K, number> => {
  const total = Object.values<number>(weights as Record<K, number>).reduce(
    (sum, weight) => sum + weight,
    0,
  );
  return Object.fromEntries(
    Object.entries<number>(weights as Record<K, number>).map(([key, weight]) => [
      key,
      weight / total,
    ]),
  ) as Record<K, number>;
};

const corporate = (type: EnrollmentType) => ENROLLMENT_MODES[type].organizationOwned;

describe('a 2,000-device fleet with the default mix', () => {
  const devices = generateFleet({ seed: 11, size: 2000, longTailAppsPerPlatform: 300 }).devices;

  it('has the platforms in the default proportions', () => {
    const expected = normalised(DEFAULT_PLATFORM_MIX);
    for (const platform of PLATFORMS) {
      expect(share(devices, (d) => d.platform === platform)).toBeCloseTo(expected[platform], 1);
    }
  });

  it('has the default corporate ratio', () => {
    expect(
      Math.abs(share(devices, (d) => d.ownership === 'corporate') - DEFAULT_CORPORATE_RATIO),
    ).toBeLessThan(0.03);
  });

  it.each(PLATFORMS)(
    'enrolls %s devices in the default proportions within each ownership',
    (platform) => {
      for (const group of [true, false]) {
        const weights = Object.fromEntries(
          Object.entries(DEFAULT_ENROLLMENT_TYPES[platform]).filter(
            ([type]) => corporate(type as EnrollmentType) === group,
          ),
        );
        const expected = normalised(weights);
        const inGroup = devices.filter(
          (d) => d.platform === platform && corporate(d.enrollmentType) === group,
        );
        for (const [type, expectedShare] of Object.entries(expected)) {
          expect(
            Math.abs(share(inGroup, (d) => d.enrollmentType === type) - expectedShare),
          ).toBeLessThan(0.08);
        }
      }
    },
  );

  it('has users in the default countries, with a little more than one device each', () => {
    const expected = normalised(DEFAULT_COUNTRIES);
    for (const [country, expectedShare] of Object.entries(expected)) {
      expect(Math.abs(share(devices, (d) => d.country === country) - expectedShare)).toBeLessThan(
        0.04,
      );
    }
    const users = new Set(devices.map((d) => d.user.userPrincipalName)).size;
    expect(devices.length / users).toBeGreaterThan(1.2);
    expect(devices.length / users).toBeLessThan(1.7);
  });
});

describe('a fleet with the proportions a user asked for', () => {
  it('follows a custom corporate ratio, platform mix and enrollment weights', () => {
    const devices = generateFleet({
      seed: 12,
      size: 2000,
      longTailAppsPerPlatform: 300,
      corporateRatio: 0.2,
      platformMix: { ios: 0, macos: 0, windows: 1, android: 3 },
      enrollmentTypes: {
        android: {
          androidDedicated: 1,
          androidPersonalWorkProfile: 3,
          androidDeviceAdministrator: 1,
        },
      },
    }).devices;
    const platforms = new Set(devices.map((d) => d.platform));
    expect(platforms).toEqual(new Set<Platform>(['android', 'windows']));
    expect(Math.abs(share(devices, (d) => d.platform === 'android') - 0.75)).toBeLessThan(0.03);
    expect(Math.abs(share(devices, (d) => d.ownership === 'corporate') - 0.2)).toBeLessThan(0.03);
    const android = devices.filter((d) => d.platform === 'android');
    const used = new Set(android.map((d) => d.enrollmentType));
    expect(used).toEqual(
      new Set(['androidDedicated', 'androidPersonalWorkProfile', 'androidDeviceAdministrator']),
    );
    const personal = android.filter((d) => d.ownership !== 'corporate');
    expect(
      Math.abs(share(personal, (d) => d.enrollmentType === 'androidPersonalWorkProfile') - 0.75),
    ).toBeLessThan(0.04);
  });

  it('makes an all-corporate or an all-personal fleet', () => {
    const all = (corporateRatio: number) =>
      generateFleet({ seed: 13, size: 300, longTailAppsPerPlatform: 100, corporateRatio }).devices;
    expect(all(1).every((d) => d.ownership === 'corporate')).toBe(true);
    expect(all(0).some((d) => d.ownership === 'corporate')).toBe(false);
  });
});
