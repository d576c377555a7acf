import { Platform } from '../collection-rules';
import { Tx } from '../database/write-transactions';

export interface DetectedAppInput {
  appId: string;
  version: string;
  displayName: string;
  publisher?: string | null;
  sizeInBytes?: number | null;
  installLocation?: string | null;
}

export interface DetectedAppsChange {
  added: number;
  removed: number;
}

/** Rows per multi-row statement: well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 250;

const key = (appId: string, version: string) => `${appId}\u0000${version}`;

/**
 * Makes the device's stored app links equal to `apps`, with set-based statements only: one read of
 * the current links, then at most a catalog upsert, one insert, one delete and two count updates —
 * never a round trip per app. Catalog rows are created with ON CONFLICT DO NOTHING on their unique
 * key, so concurrent first sightings on PostgreSQL create each row once. Keys and ids are handled in
 * sorted order so concurrent transactions lock rows in the same order (no deadlocks).
 */
export async function replaceDetectedApps(
  tx: Tx,
  device: { id: string; tenantId: string; platform: Platform },
  apps: readonly DetectedAppInput[],
  now: number,
): Promise<DetectedAppsChange> {
  const current = await tx.all<{ id: number; app_id: string; version: string }>(
    `SELECT c.id, c.app_id, c.version FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id
     WHERE l.device_id = ?`,
    [device.id],
  );
  const wanted = new Map(apps.map((app) => [key(app.appId, app.version), app]));
  const currentIds = new Map(current.map((row) => [key(row.app_id, row.version), row.id]));

  const toAdd = [...wanted.entries()]
    .filter(([k]) => !currentIds.has(k))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, app]) => app);
  const toRemove = [...currentIds.entries()]
    .filter(([k]) => !wanted.has(k))
    .map(([, id]) => id)
    .sort((a, b) => a - b);

  if (toAdd.length > 0) {
    const ids = (await ensureCatalogEntries(tx, device, toAdd, now)).sort((a, b) => a - b);
    for (const chunk of chunks(ids)) {
      await tx.run(
        `INSERT INTO device_app (device_id, app_catalog_id) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`,
        chunk.flatMap((id) => [device.id, id]),
      );
      await tx.run(
        `UPDATE app_catalog SET device_count = device_count + 1 WHERE id IN (${placeholders(chunk.length)})`,
        chunk,
      );
    }
  }
  for (const chunk of chunks(toRemove)) {
    await tx.run(
      `DELETE FROM device_app WHERE device_id = ? AND app_catalog_id IN (${placeholders(chunk.length)})`,
      [device.id, ...chunk],
    );
    await tx.run(
      `UPDATE app_catalog SET device_count = device_count - 1 WHERE id IN (${placeholders(chunk.length)})`,
      chunk,
    );
  }
  return { added: toAdd.length, removed: toRemove.length };
}

/** Removes every stored app link of a device (keeping catalog counts right). */
export async function removeDetectedApps(
  tx: Tx,
  deviceId: string,
  onlyAppCatalogIds?: readonly number[],
): Promise<number> {
  const ids = onlyAppCatalogIds
    ? [...onlyAppCatalogIds].sort((a, b) => a - b)
    : (
        await tx.all<{ app_catalog_id: number }>(
          'SELECT app_catalog_id FROM device_app WHERE device_id = ? ORDER BY app_catalog_id',
          [deviceId],
        )
      ).map((row) => row.app_catalog_id);
  for (const chunk of chunks(ids)) {
    await tx.run(
      `DELETE FROM device_app WHERE device_id = ? AND app_catalog_id IN (${placeholders(chunk.length)})`,
      [deviceId, ...chunk],
    );
    await tx.run(
      `UPDATE app_catalog SET device_count = device_count - 1 WHERE id IN (${placeholders(chunk.length)})`,
      chunk,
    );
  }
  return ids.length;
}

/** Catalog ids for the given app versions, creating the missing catalog rows. */
async function ensureCatalogEntries(
  tx: Tx,
  device: { tenantId: string; platform: Platform },
  apps: readonly DetectedAppInput[],
  now: number,
): Promise<number[]> {
  const found = new Map<string, number>();
  const lookup = async (subset: readonly DetectedAppInput[]) => {
    const appIds = [...new Set(subset.map((app) => app.appId))];
    for (const chunk of chunks(appIds)) {
      const rows = await tx.all<{ id: number; app_id: string; version: string }>(
        `SELECT id, app_id, version FROM app_catalog
         WHERE tenant_id = ? AND platform = ? AND app_id IN (${placeholders(chunk.length)})`,
        [device.tenantId, device.platform, ...chunk],
      );
      for (const row of rows) found.set(key(row.app_id, row.version), row.id);
    }
  };
  await lookup(apps);
  const missing = apps.filter((app) => !found.has(key(app.appId, app.version)));
  for (const chunk of chunks(missing)) {
    const rows = await tx.all<{ id: number; app_id: string; version: string }>(
      `INSERT INTO app_catalog
         (tenant_id, platform, app_id, version, display_name, publisher, size_in_bytes, install_location, device_count, first_seen_at)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, 0, ?)').join(', ')}
       ON CONFLICT (tenant_id, platform, app_id, version) DO NOTHING
       RETURNING id, app_id, version`,
      chunk.flatMap((app) => [
        device.tenantId,
        device.platform,
        app.appId,
        app.version,
        app.displayName,
        app.publisher ?? null,
        app.sizeInBytes ?? null,
        app.installLocation ?? null,
        now,
      ]),
    );
    for (const row of rows) found.set(key(row.app_id, row.version), row.id);
  }
  // Rows another transaction created between our lookup and our insert (PostgreSQL only).
  const raced = apps.filter((app) => !found.has(key(app.appId, app.version)));
  if (raced.length > 0) await lookup(raced);
  return apps.map((app) => {
    const id = found.get(key(app.appId, app.version));
    if (id === undefined) throw new Error('App catalog row vanished during the check-in');
    return id;
  });
}

export function placeholders(count: number): string {
  return new Array(count).fill('?').join(', ');
}

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
