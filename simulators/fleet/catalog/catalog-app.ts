/** Who installs an app: it weighs the app on corporate, personal and rugged devices. */
export type AppAudience = 'business' | 'consumer' | 'any' | 'rugged';

/** One app of a platform's catalogue, at its latest version. */
export interface CatalogApp {
  /** Bundle id (Apple), package name (Android), MSI product code / product name / package family (Windows). */
  appId: string;
  /** May contain `{version}`, as Windows uninstall entries often do ("7-Zip {version} (x64)"). */
  displayName: string;
  publisher: string;
  version: string;
  sizeMb: number;
  /** Share of devices of its audience that have it installed. */
  share: number;
  audience: AppAudience;
  /** Windows/macOS; may contain `{version}` and `{user}` (the Windows profile folder). */
  installLocation?: string;
  /** Android: offered in work profiles through managed Google Play. */
  workProfile?: boolean;
  /** Installed only on devices of these manufacturers (OEM tools). */
  manufacturers?: readonly string[];
}

type Extra = Pick<CatalogApp, 'installLocation' | 'workProfile' | 'manufacturers'>;

export function app(
  appId: string,
  displayName: string,
  publisher: string,
  version: string,
  sizeMb: number,
  share: number,
  audience: AppAudience,
  extra: Extra = {},
): CatalogApp {
  // One property order and set for every entry keeps the objects one shape: the inventory draw
  // reads these fields a million times per thousand devices.
  return {
    appId,
    displayName,
    publisher,
    version,
    sizeMb,
    share,
    audience,
    installLocation: extra.installLocation,
    workProfile: extra.workProfile,
    manufacturers: extra.manufacturers,
  };
}
