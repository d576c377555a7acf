import {
  EnrollmentType,
  isEnrollmentType,
  isEnrollmentTypeOf,
  Platform,
  PLATFORMS,
} from '../../src/device-channel/contract/wire-vocabulary';
import { ENROLLMENT_MODES } from './catalog/platform-facts';
import { DeviceRandom, Weighted } from './random';

export type EnrollmentTypeWeights = Partial<Record<EnrollmentType, number>>;

export const DEFAULT_PLATFORM_MIX: Record<Platform, number> = {
  ios: 0.35,
  android: 0.3,
  windows: 0.25,
  macos: 0.1,
};

export const DEFAULT_CORPORATE_RATIO = 0.6;

/**
 * How devices of each platform enroll, in a typical mid-size tenant. Corporate and personal types
 * are drawn separately (the corporate ratio decides between them), so only their relative weights
 * within each group matter.
 */
export const DEFAULT_ENROLLMENT_TYPES: Record<Platform, EnrollmentTypeWeights> = {
  ios: {
    automatedDeviceEnrollment: 0.8,
    appleConfigurator: 0.08,
    deviceEnrollmentManager: 0.12,
    companyPortal: 0.6,
    appleUserEnrollment: 0.4,
  },
  macos: {
    automatedDeviceEnrollment: 0.85,
    deviceEnrollmentManager: 0.1,
    appleConfigurator: 0.05,
    companyPortal: 0.8,
    appleUserEnrollment: 0.2,
  },
  android: {
    androidFullyManaged: 0.3,
    androidCorporateWorkProfile: 0.25,
    androidDedicated: 0.2,
    knoxMobileEnrollment: 0.12,
    zeroTouch: 0.1,
    deviceEnrollmentManager: 0.03,
    // Device administrator is legacy: Intune ended it for devices with Google Mobile Services at
    // the end of 2024; what is left are devices without GMS.
    androidPersonalWorkProfile: 0.99,
    androidDeviceAdministrator: 0.01,
  },
  windows: {
    windowsAutopilot: 0.45,
    windowsCoManagement: 0.2,
    entraJoined: 0.18,
    windowsBulkEnrollment: 0.07,
    windowsGroupPolicy: 0.06,
    deviceEnrollmentManager: 0.04,
    windowsAddWorkAccount: 0.37,
    companyPortal: 0.38,
    entraRegistered: 0.25,
  },
};

export interface EnrollmentMixOptions {
  /** Relative weights of the platforms. */
  platformMix?: Partial<Record<Platform, number>>;
  /** Share of devices enrolled through a corporate enrollment type, 0–1. */
  corporateRatio?: number;
  /** Per platform, weights over its enrollment types; replaces that platform's defaults. */
  enrollmentTypes?: Partial<Record<Platform, EnrollmentTypeWeights>>;
}

export interface EnrollmentMix {
  platforms: Weighted<Platform>[];
  corporateRatio: number;
  corporate: Record<Platform, Weighted<EnrollmentType>[]>;
  /** Personal and undecided (`unknown`) types: everything that is not corporate. */
  nonCorporate: Record<Platform, Weighted<EnrollmentType>[]>;
}

export class FleetOptionsError extends Error {}

const isWeight = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Validates the options and splits each platform's weights by ownership. */
export function enrollmentMix(options: EnrollmentMixOptions): EnrollmentMix {
  const corporateRatio = options.corporateRatio ?? DEFAULT_CORPORATE_RATIO;
  if (!isWeight(corporateRatio) || corporateRatio > 1) {
    throw new FleetOptionsError(`corporateRatio must be between 0 and 1, got ${corporateRatio}`);
  }
  const platformMix = { ...DEFAULT_PLATFORM_MIX, ...(options.platformMix ?? {}) };
  const platforms: Weighted<Platform>[] = [];
  for (const [platform, weight] of Object.entries(platformMix)) {
    if (!(PLATFORMS as readonly string[]).includes(platform)) {
      throw new FleetOptionsError(`platformMix: unknown platform ${platform}`);
    }
    if (!isWeight(weight))
      throw new FleetOptionsError(`platformMix.${platform} must be a weight ≥ 0`);
    platforms.push({ value: platform as Platform, weight });
  }
  if (!platforms.some((p) => p.weight > 0)) {
    throw new FleetOptionsError('platformMix: at least one platform needs a positive weight');
  }

  const corporate = {} as EnrollmentMix['corporate'];
  const nonCorporate = {} as EnrollmentMix['nonCorporate'];
  for (const platform of PLATFORMS) {
    const weights = options.enrollmentTypes?.[platform] ?? DEFAULT_ENROLLMENT_TYPES[platform];
    corporate[platform] = [];
    nonCorporate[platform] = [];
    for (const [type, weight] of Object.entries(weights)) {
      if (!isEnrollmentType(type) || !isEnrollmentTypeOf(platform, type)) {
        throw new FleetOptionsError(
          `enrollmentTypes.${platform}: ${type} is not an enrollment type of ${platform}`,
        );
      }
      if (!isWeight(weight))
        throw new FleetOptionsError(`enrollmentTypes.${platform}.${type} must be a weight ≥ 0`);
      const group = ENROLLMENT_MODES[type].organizationOwned ? corporate : nonCorporate;
      group[platform].push({ value: type, weight });
    }
    if (!(platformMix[platform] > 0)) continue;
    const total = (list: Weighted<EnrollmentType>[]) =>
      list.reduce((sum, entry) => sum + entry.weight, 0);
    if (corporateRatio > 0 && total(corporate[platform]) === 0) {
      throw new FleetOptionsError(
        `enrollmentTypes.${platform}: corporateRatio ${corporateRatio} needs a corporate enrollment type with a positive weight`,
      );
    }
    if (corporateRatio < 1 && total(nonCorporate[platform]) === 0) {
      throw new FleetOptionsError(
        `enrollmentTypes.${platform}: corporateRatio ${corporateRatio} needs a personal enrollment type with a positive weight`,
      );
    }
  }
  return { platforms, corporateRatio, corporate, nonCorporate };
}

/** Draws a device's platform and enrollment type. */
export function drawEnrollment(
  mix: EnrollmentMix,
  random: DeviceRandom,
): { platform: Platform; enrollmentType: EnrollmentType } {
  const platform = random.weighted(mix.platforms);
  const group = random.chance(mix.corporateRatio) ? mix.corporate : mix.nonCorporate;
  return { platform, enrollmentType: random.weighted(group[platform]) };
}
