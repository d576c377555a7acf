import { createHash } from 'node:crypto';

export interface HashedApp {
  appId: string;
  version: string;
  displayName: string;
  publisher?: string | null;
  sizeInBytes?: number | null;
  installLocation?: string | null;
}

/**
 * The fingerprint of an app inventory, computed the same way by devices and by the server: a device
 * that has nothing new sends only this, and the server asks for the full list when it differs from
 * the one stored. Order-independent; `profile` is not part of it (only in-scope apps are hashed).
 */
export function appInventoryHash(apps: readonly HashedApp[]): string {
  const rows = apps
    .map((app) => [
      app.appId,
      app.version,
      app.displayName,
      app.publisher ?? null,
      app.sizeInBytes ?? null,
      app.installLocation ?? null,
    ])
    .sort(
      (a, b) => compare(a[0] as string, b[0] as string) || compare(a[1] as string, b[1] as string),
    );
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
