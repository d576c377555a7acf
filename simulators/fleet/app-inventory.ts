import { Platform } from '../../src/device-channel/contract/wire-vocabulary';
import { sizeInBytes, olderVersion } from './app-versions';
import { ANDROID_APPS } from './catalog/android-apps';
import { CatalogApp } from './catalog/catalog-app';
import { IOS_APPS } from './catalog/ios-apps';
import { generateLongTail } from './catalog/long-tail-apps';
import { MACOS_APPS } from './catalog/macos-apps';
import { WINDOWS_APPS } from './catalog/windows-apps';
import { ReportedApp } from './device-profile';
import { DeviceRandom } from './random';

export const KNOWN_APPS: Record<Platform, readonly CatalogApp[]> = {
  ios: IOS_APPS,
  android: ANDROID_APPS,
  macos: MACOS_APPS,
  windows: WINDOWS_APPS,
};

/** Zipf exponent of the long tail's popularity: rank r is drawn in proportion to 1 / r^s. */
const ZIPF_EXPONENT = 1.1;

/** A weighted pool of long-tail apps to draw from without replacement. */
class TailPool {
  private readonly cumulative: Float64Array;

  constructor(readonly apps: readonly CatalogApp[]) {
    this.cumulative = new Float64Array(apps.length);
    let total = 0;
    for (let rank = 0; rank < apps.length; rank++) {
      total += 1 / Math.pow(rank + 1, ZIPF_EXPONENT);
      this.cumulative[rank] = total;
    }
  }

  draw(random: DeviceRandom, exclude: ReadonlySet<string>): CatalogApp | null {
    if (this.apps.length === 0) return null;
    const total = this.cumulative[this.cumulative.length - 1];
    for (let attempt = 0; attempt < 50; attempt++) {
      const target = random.next() * total;
      let low = 0;
      let high = this.cumulative.length - 1;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (this.cumulative[middle] > target) high = middle;
        else low = middle + 1;
      }
      const app = this.apps[low];
      if (!exclude.has(app.appId)) return app;
    }
    return null;
  }
}

/**
 * The apps of one platform in one fleet: the known catalogue (each app with the share of devices
 * that have it) and the fleet's generated long tail, ranked by popularity.
 */
export class PlatformApps {
  readonly byId: ReadonlyMap<string, CatalogApp>;
  private readonly tail: TailPool;
  private readonly businessTail: TailPool;

  constructor(
    readonly platform: Platform,
    readonly known: readonly CatalogApp[],
    tail: readonly CatalogApp[],
  ) {
    this.byId = new Map([...known, ...tail].map((app) => [app.appId, app]));
    this.tail = new TailPool(tail);
    this.businessTail = new TailPool(tail.filter((app) => app.audience === 'business'));
  }

  tailPool(businessOnly: boolean): TailPool {
    return businessOnly ? this.businessTail : this.tail;
  }
}

export function platformApps(
  seed: number,
  platform: Platform,
  longTailCount: number,
  tenant: { slug: string; name: string },
): PlatformApps {
  const known = KNOWN_APPS[platform];
  const tail = generateLongTail(
    seed,
    platform,
    longTailCount,
    tenant,
    new Set(known.map((app) => app.appId)),
  );
  return new PlatformApps(platform, known, tail);
}

/** What decides which apps a device has. */
export interface InventoryContext {
  corporate: boolean;
  /** A rugged handheld: single-purpose, no consumer apps. */
  rugged: boolean;
  /** Android work profile: only apps in the work profile are reported. */
  workProfile: boolean;
  manufacturer: string;
  /** Windows profile folder, for per-user install locations. */
  profileFolder: string;
}

/** How likely a known app is on a device, given who uses the device. */
export function installShare(app: CatalogApp, context: InventoryContext): number {
  if (app.manufacturers && !app.manufacturers.includes(context.manufacturer)) return 0;
  if (context.workProfile && !app.workProfile) return 0;
  switch (app.audience) {
    case 'rugged':
      return context.rugged ? app.share : 0;
    case 'consumer':
      return context.rugged ? 0 : context.corporate ? app.share * 0.2 : app.share;
    case 'business':
      return context.rugged ? app.share * 0.5 : context.corporate ? app.share : app.share * 0.35;
    case 'any':
      return context.rugged ? app.share * 0.3 : app.share;
  }
}

const OLDER_VERSIONS = new WeakMap<CatalogApp, string[]>();

/** A device's version of an app: most devices are current, the others a few releases behind. */
export function installedVersion(app: CatalogApp, random: DeviceRandom): string {
  if (random.chance(0.6)) return app.version;
  let older = OLDER_VERSIONS.get(app);
  if (!older) {
    older = [1, 2, 3, 4].map((steps) => olderVersion(app.version, steps));
    OLDER_VERSIONS.set(app, older);
  }
  return random.pick(older);
}

/** The entry a device reports for an installed app. */
export function reportApp(
  app: CatalogApp,
  version: string,
  platform: Platform,
  context: InventoryContext,
): ReportedApp {
  const reported: ReportedApp = {
    appId: app.appId,
    displayName: app.displayName.replace('{version}', version),
    version,
    publisher: app.publisher,
    sizeInBytes: sizeInBytes(app.appId, version, app.sizeMb),
  };
  if (app.installLocation && (platform === 'windows' || platform === 'macos')) {
    reported.installLocation = app.installLocation
      .replace('{version}', version)
      .replace('{user}', context.profileFolder);
  }
  if (platform === 'android' && context.workProfile) reported.profile = 'work';
  return reported;
}

export interface InventorySize {
  min: number;
  max: number;
}

/**
 * A device's installed apps: each known app with its share, then long-tail apps by popularity up
 * to the device's inventory size. Work profiles and rugged devices draw only business apps.
 */
export function drawInventory(
  apps: PlatformApps,
  context: InventoryContext,
  size: InventorySize,
  random: DeviceRandom,
): ReportedApp[] {
  const target = random.int(size.min, size.max);
  const chosen: CatalogApp[] = [];
  for (const app of apps.known) if (random.chance(installShare(app, context))) chosen.push(app);
  // Too many known apps for this device: keep a random selection of them.
  while (chosen.length > target) chosen.splice(random.int(0, chosen.length - 1), 1);
  const ids = new Set(chosen.map((app) => app.appId));
  const pool = apps.tailPool(context.workProfile || context.rugged);
  while (chosen.length < target) {
    const app = pool.draw(random, ids);
    if (!app) break;
    chosen.push(app);
    ids.add(app.appId);
  }
  return chosen.map((app) => reportApp(app, installedVersion(app, random), apps.platform, context));
}

/** One more app for a device that installs something new (churn). */
export function drawNewApp(
  apps: PlatformApps,
  context: InventoryContext,
  installed: ReadonlySet<string>,
  random: DeviceRandom,
): CatalogApp | null {
  const candidates = apps.known.filter(
    (app) => !installed.has(app.appId) && installShare(app, context) > 0,
  );
  // Known apps first in proportion to their share, else something from the tail.
  const shares = candidates.map((app) => ({ value: app, weight: installShare(app, context) }));
  if (shares.length > 0 && random.chance(0.3)) return random.weighted(shares);
  return apps.tailPool(context.workProfile || context.rugged).draw(random, installed);
}
