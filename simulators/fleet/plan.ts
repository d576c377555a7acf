import { Platform } from '../../src/device-channel/contract/wire-vocabulary';
import { InventorySize, PlatformApps, platformApps } from './app-inventory';
import { COUNTRIES, Country } from './catalog/carriers';
import { MAX_REPORTED_APPS } from './device-profile';
import {
  EnrollmentMix,
  enrollmentMix,
  EnrollmentMixOptions,
  FleetOptionsError,
} from './enrollment-mix';
import { Weighted } from './random';
import { MAX_FLEET_SIZE } from './unique-slot';
import { UserDirectory } from './users';

export interface DefectRates {
  /** Share of devices that report an empty serial number. */
  emptySerial?: number;
  /** Share of devices that report the serial number of another device. */
  duplicateSerial?: number;
  /** Share of devices that are an earlier device's hardware enrolling again. */
  reEnrollment?: number;
}

export interface FleetOptions extends EnrollmentMixOptions {
  /** Same seed, same options → same fleet. An integer. */
  seed: number;
  /** Number of devices (generateFleet only). */
  size?: number;
  /** The tenant's e-mail domain. Default contoso.com. */
  tenantDomain?: string;
  /** Relative weights of the users' countries (default US-heavy mix of US, GB, DE, FR, SE). */
  countries?: Partial<Record<Country, number>>;
  /** Average number of devices per user, ≥ 1. Default 1.4. */
  devicesPerUser?: number;
  /** Apps on a device. Default 40–80. */
  appsPerDevice?: InventorySize;
  /** Apps reported by an Android work profile or a rugged handheld. Default 10–30. */
  appsPerFocusedDevice?: InventorySize;
  /** Generated long-tail apps per platform. Default 3000. */
  longTailAppsPerPlatform?: number;
  /** Deliberate defects; all 0 by default. A device has at most one. */
  defects?: DefectRates;
}

export const DEFAULT_COUNTRIES: Record<Country, number> = {
  US: 0.4,
  GB: 0.15,
  DE: 0.15,
  FR: 0.12,
  SE: 0.18,
};

export interface Tenant {
  domain: string;
  /** Lower-case first label of the domain, for bundle ids ("contoso"). */
  slug: string;
  /** Capitalised, as a publisher name ("Contoso"). */
  name: string;
  /** Device-name prefix, at most 7 characters ("CONTOSO"). */
  prefix: string;
}

/**
 * A fleet's validated options and the catalogues derived from its seed. Plan once, then generate
 * any device by index, in any order, as often as needed.
 */
export class FleetPlan {
  readonly seed: number;
  readonly tenant: Tenant;
  readonly mix: EnrollmentMix;
  readonly users: UserDirectory;
  readonly appsPerDevice: InventorySize;
  readonly appsPerFocusedDevice: InventorySize;
  readonly defects: Required<DefectRates>;
  private readonly longTailCount: number;
  private readonly appsByPlatform = new Map<Platform, PlatformApps>();

  constructor(options: FleetOptions) {
    if (!Number.isSafeInteger(options.seed))
      throw new FleetOptionsError(`seed must be an integer, got ${options.seed}`);
    this.seed = options.seed;
    this.tenant = tenantOf(options.tenantDomain ?? 'contoso.com');
    this.mix = enrollmentMix(options);
    const devicesPerUser = options.devicesPerUser ?? 1.4;
    if (!(devicesPerUser >= 1) || !Number.isFinite(devicesPerUser)) {
      throw new FleetOptionsError(`devicesPerUser must be at least 1, got ${devicesPerUser}`);
    }
    this.users = new UserDirectory(
      this.seed,
      this.tenant.domain,
      devicesPerUser,
      countryWeights(options.countries),
    );
    this.appsPerDevice = inventorySize(
      'appsPerDevice',
      options.appsPerDevice ?? { min: 40, max: 80 },
    );
    this.appsPerFocusedDevice = inventorySize(
      'appsPerFocusedDevice',
      options.appsPerFocusedDevice ?? { min: 10, max: 30 },
    );
    this.longTailCount = options.longTailAppsPerPlatform ?? 3000;
    if (
      !Number.isInteger(this.longTailCount) ||
      this.longTailCount < 0 ||
      this.longTailCount > 100_000
    ) {
      throw new FleetOptionsError(`longTailAppsPerPlatform must be an integer in [0, 100000]`);
    }
    this.defects = defectRates(options.defects ?? {});
  }

  /** The platform's app catalogue (built on first use: the long tail takes a few milliseconds). */
  apps(platform: Platform): PlatformApps {
    let apps = this.appsByPlatform.get(platform);
    if (!apps) {
      apps = platformApps(this.seed, platform, this.longTailCount, this.tenant);
      this.appsByPlatform.set(platform, apps);
    }
    return apps;
  }
}

export function planFleet(options: FleetOptions): FleetPlan {
  return new FleetPlan(options);
}

export function assertDeviceIndex(index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_FLEET_SIZE) {
    throw new RangeError(`device index must be an integer in [0, ${MAX_FLEET_SIZE}), got ${index}`);
  }
}

function tenantOf(domain: string): Tenant {
  if (
    !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/i.test(domain)
  ) {
    throw new FleetOptionsError(
      `tenantDomain must be a domain name such as contoso.com, got ${domain}`,
    );
  }
  const slug = domain.split('.')[0].toLowerCase().replace(/-/g, '');
  return {
    domain: domain.toLowerCase(),
    slug,
    name: slug[0].toUpperCase() + slug.slice(1),
    prefix: slug.slice(0, 7).toUpperCase(),
  };
}

function countryWeights(
  countries: Partial<Record<Country, number>> | undefined,
): Weighted<Country>[] {
  const weights = countries ?? DEFAULT_COUNTRIES;
  const entries: Weighted<Country>[] = [];
  for (const [country, weight] of Object.entries(weights)) {
    if (!(COUNTRIES as readonly string[]).includes(country)) {
      throw new FleetOptionsError(
        `countries: unknown country ${country} (known: ${COUNTRIES.join(', ')})`,
      );
    }
    if (typeof weight !== 'number' || !(weight >= 0) || !Number.isFinite(weight)) {
      throw new FleetOptionsError(`countries.${country} must be a weight ≥ 0`);
    }
    entries.push({ value: country as Country, weight });
  }
  if (!entries.some((entry) => entry.weight > 0))
    throw new FleetOptionsError('countries: no positive weight');
  return entries;
}

function inventorySize(name: string, size: InventorySize): InventorySize {
  const { min, max } = size;
  if (
    !Number.isInteger(min) ||
    !Number.isInteger(max) ||
    min < 0 ||
    max < min ||
    max > MAX_REPORTED_APPS
  ) {
    throw new FleetOptionsError(`${name} must have integers 0 ≤ min ≤ max ≤ ${MAX_REPORTED_APPS}`);
  }
  return { min, max };
}

function defectRates(rates: DefectRates): Required<DefectRates> {
  const result = { emptySerial: 0, duplicateSerial: 0, reEnrollment: 0, ...rates };
  for (const [kind, rate] of Object.entries(result)) {
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new FleetOptionsError(`defects.${kind} must be between 0 and 1`);
    }
  }
  if (result.emptySerial + result.duplicateSerial + result.reEnrollment > 1) {
    throw new FleetOptionsError(
      'defects: the rates add up to more than 1 (a device has at most one defect)',
    );
  }
  return result;
}
