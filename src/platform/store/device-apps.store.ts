import { hasCompliantAppFeature, installLocationWithoutUserName, Platform } from '../../rules';
import { PostgresTx, Tx } from '../database/write-transactions';

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
  if (tx.dialect === 'postgres') return replaceDetectedAppsOnPostgres(tx, device, apps, now);
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

  const addIds =
    toAdd.length > 0
      ? (await ensureCatalogEntries(tx, device, toAdd, now)).sort((a, b) => a - b)
      : [];
  await lockCatalogRows(tx, [...addIds, ...toRemove]);
  for (const chunk of chunks(addIds)) {
    await tx.run(
      `INSERT INTO device_app (device_id, app_catalog_id) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`,
      chunk.flatMap((id) => [device.id, id]),
    );
    await tx.run(
      `UPDATE app_catalog SET device_count = device_count + 1 WHERE id IN (${placeholders(chunk.length)})`,
      chunk,
    );
  }
  await unlinkApps(tx, device.id, toRemove);
  return { added: toAdd.length, removed: toRemove.length };
}

/**
 * The catalog rows of the given app versions, created where missing (PostgreSQL): each version
 * looked up by the whole unique key (a subquery per input row, one index descent each), and rows
 * inserted for the versions not found. Sent unnamed, so that it is planned at every execution:
 * until the catalog has statistics, the planner takes every column for unique and may pick any
 * index that starts with the tenant — a named statement keeps that plan for the connection's life,
 * and a fleet's first check-ins then scanned the tenant's whole catalog (up to 11 ms of PostgreSQL
 * CPU for one 60-app check-in); planned anew, the choice follows the catalog's size.
 */
const ENSURE_CATALOG_ROWS = `WITH input AS (
    SELECT i.*, (SELECT c.id FROM app_catalog c
                  WHERE c.tenant_id = $1 AND c.platform = $2 AND c.app_id = i.app_id AND c.version = i.version) AS id
      FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[])
        AS i(app_id, version, display_name, publisher, size_in_bytes, install_location)
  ), inserted AS (
    INSERT INTO app_catalog
      (tenant_id, platform, app_id, version, display_name, publisher, size_in_bytes, install_location, device_count, first_seen_at)
    SELECT $1, $2, app_id, version, display_name, publisher, size_in_bytes, install_location, 0, $9
      FROM input WHERE id IS NULL
     ORDER BY app_id, version
    ON CONFLICT (tenant_id, platform, app_id, version) DO NOTHING
    RETURNING id, app_id, version
  )
  SELECT id, app_id, version FROM input WHERE id IS NOT NULL
  UNION ALL
  SELECT id, app_id, version FROM inserted`;
const LOCK_CATALOG_ROWS =
  'SELECT id FROM app_catalog WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE';
/** Links added and removed, and the counts of both moved, in one statement (rows already locked). */
const RELINK = `WITH linked AS (
    INSERT INTO device_app (device_id, app_catalog_id) SELECT $1, unnest($2::int[])
  ), unlinked AS (
    DELETE FROM device_app WHERE device_id = $1 AND app_catalog_id = ANY($3::int[])
  )
  UPDATE app_catalog SET device_count = device_count + CASE WHEN id = ANY($2::int[]) THEN 1 ELSE -1 END
   WHERE id = ANY($2::int[] || $3::int[])`;
const DROP_UNCOUNTED = 'DELETE FROM app_catalog WHERE id = ANY($1::int[]) AND device_count <= 0';

/**
 * replaceDetectedApps on PostgreSQL: statements with one array parameter per column instead of a
 * statement per step and per 250 apps, named but for the catalog's — the current links, the
 * catalog rows (found and created in one statement), their locks in id order, then the links and
 * counts in one statement (and the catalog rows no device has any more, when some were removed).
 */
async function replaceDetectedAppsOnPostgres(
  tx: PostgresTx,
  device: { id: string; tenantId: string; platform: Platform },
  apps: readonly DetectedAppInput[],
  now: number,
): Promise<DetectedAppsChange> {
  const current = await tx.prepared<{ id: number; app_id: string; version: string }>(
    `SELECT c.id, c.app_id, c.version FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id
     WHERE l.device_id = $1`,
    [device.id],
  );
  const wanted = new Map(apps.map((app) => [key(app.appId, app.version), app]));
  const currentIds = new Map(current.map((row) => [key(row.app_id, row.version), row.id]));
  const toAdd = [...wanted.entries()].filter(([k]) => !currentIds.has(k)).map(([, app]) => app);
  const toRemove = [...currentIds.entries()].filter(([k]) => !wanted.has(k)).map(([, id]) => id);
  if (toAdd.length === 0 && toRemove.length === 0) return { added: 0, removed: 0 };

  const found = new Map<string, number>();
  const ensure = async (subset: readonly DetectedAppInput[]) => {
    // Unnamed (planned each time), see ENSURE_CATALOG_ROWS.
    const { rows } = await tx.client.query<{ id: number; app_id: string; version: string }>(
      ENSURE_CATALOG_ROWS,
      [
        device.tenantId,
        device.platform,
        subset.map((app) => app.appId),
        subset.map((app) => app.version),
        subset.map((app) => app.displayName),
        subset.map((app) => app.publisher ?? null),
        subset.map((app) => app.sizeInBytes ?? null),
        subset.map((app) =>
          app.installLocation ? installLocationWithoutUserName(app.installLocation) : null,
        ),
        now,
      ],
    );
    for (const row of rows) found.set(key(row.app_id, row.version), row.id);
  };
  if (toAdd.length > 0) await ensure(toAdd);
  // Rows another transaction created after this statement's snapshot: found by a second one.
  const raced = toAdd.filter((app) => !found.has(key(app.appId, app.version)));
  if (raced.length > 0) await ensure(raced);
  const addIds = toAdd.map((app) => {
    const id = found.get(key(app.appId, app.version));
    if (id === undefined) throw new Error('App catalog row vanished during the check-in');
    return id;
  });
  // Locked in id order, so that check-ins of devices sharing apps queue instead of deadlocking.
  await tx.prepared(LOCK_CATALOG_ROWS, [[...addIds, ...toRemove].sort((a, b) => a - b)]);
  await tx.prepared(RELINK, [device.id, addIds, toRemove]);
  if (toRemove.length > 0) await tx.prepared(DROP_UNCOUNTED, [toRemove]);
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
  await lockCatalogRows(tx, ids);
  await unlinkApps(tx, deviceId, ids);
  return ids.length;
}

/**
 * Before several devices' apps are removed in one transaction (retention, erasure): locks every
 * catalog row they count in, in id order and at once on PostgreSQL, as a check-in does, so that
 * removing them one device after another cannot deadlock with concurrent check-ins.
 */
export async function lockCatalogRowsOfDevices(
  tx: Tx,
  deviceIds: readonly string[],
): Promise<void> {
  if (tx.dialect !== 'postgres' || deviceIds.length === 0) return;
  const rows = await tx.all<{ app_catalog_id: number }>(
    `SELECT DISTINCT app_catalog_id FROM device_app WHERE device_id IN (${placeholders(deviceIds.length)})`,
    deviceIds,
  );
  await lockCatalogRows(
    tx,
    rows.map((row) => row.app_catalog_id),
  );
}

/**
 * Deletes links, lowers the counts, and drops catalog rows no device has any more: an app version
 * seen only on a device that no longer reports it is not kept anywhere.
 */
async function unlinkApps(tx: Tx, deviceId: string, sortedIds: readonly number[]): Promise<void> {
  for (const chunk of chunks(sortedIds)) {
    const list = placeholders(chunk.length);
    await tx.run(`DELETE FROM device_app WHERE device_id = ? AND app_catalog_id IN (${list})`, [
      deviceId,
      ...chunk,
    ]);
    await tx.run(
      `UPDATE app_catalog SET device_count = device_count - 1 WHERE id IN (${list})`,
      chunk,
    );
    await tx.run(`DELETE FROM app_catalog WHERE id IN (${list}) AND device_count <= 0`, chunk);
  }
}

/**
 * On PostgreSQL, locks the catalog rows whose counts this transaction will change, in id order and
 * in one pass, so that concurrent check-ins of devices sharing apps queue instead of deadlocking
 * (an UPDATE … WHERE id IN (…) locks rows in physical order, which differs between transactions).
 * SQLite transactions are already serialised.
 */
async function lockCatalogRows(tx: Tx, ids: readonly number[]): Promise<void> {
  if (tx.dialect !== 'postgres' || ids.length === 0) return;
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  for (const chunk of chunks(sorted, 1000)) {
    await tx.all(
      `SELECT id FROM app_catalog WHERE id IN (${placeholders(chunk.length)}) ORDER BY id FOR UPDATE`,
      chunk,
    );
  }
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
        app.installLocation ? installLocationWithoutUserName(app.installLocation) : null,
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

/**
 * Deletes the stored unmanaged apps (apps the tenant does not assign to the platform) of the
 * selected devices, with their catalog counts. Used when collection narrows: an ownership change to
 * personal, the compliant-app feature turned off for a platform, or an app's last assignment removed
 * (docs/collection-rules.md "Apps"). `devices` is a SQL condition on the alias `d` with its
 * parameters.
 */
export async function purgeUnmanagedApps(
  tx: Tx,
  tenantId: string,
  platform: Platform,
  devices: { where: string; params: readonly unknown[] },
): Promise<number> {
  const unmanaged = `SELECT c.id FROM app_catalog c WHERE c.tenant_id = ? AND c.platform = ?
      AND NOT EXISTS (SELECT 1 FROM managed_app m WHERE m.tenant_id = c.tenant_id AND m.platform = c.platform
        AND m.app_id = c.app_id AND m.assignment_intent IS NOT NULL)`;
  const [{ links }] = await tx.all<{ links: number }>(
    `SELECT COUNT(*) AS links FROM device_app l JOIN device d ON d.id = l.device_id
     WHERE d.tenant_id = ? AND d.platform = ? AND (${devices.where}) AND l.app_catalog_id IN (${unmanaged})`,
    [tenantId, platform, ...devices.params, tenantId, platform],
  );
  if (Number(links) === 0) return 0;
  if (tx.dialect === 'postgres') {
    await tx.all(`SELECT id FROM app_catalog WHERE id IN (${unmanaged}) ORDER BY id FOR UPDATE`, [
      tenantId,
      platform,
    ]);
  }
  // Counts first (they need the links), then the links themselves.
  await tx.run(
    `UPDATE app_catalog SET device_count = device_count - (
       SELECT COUNT(*) FROM device_app l JOIN device d ON d.id = l.device_id
       WHERE l.app_catalog_id = app_catalog.id AND d.tenant_id = ? AND d.platform = ? AND (${devices.where}))
     WHERE id IN (${unmanaged})`,
    [tenantId, platform, ...devices.params, tenantId, platform],
  );
  await tx.run(
    `DELETE FROM device_app WHERE app_catalog_id IN (${unmanaged})
     AND device_id IN (SELECT d.id FROM device d WHERE d.tenant_id = ? AND d.platform = ? AND (${devices.where}))`,
    [tenantId, platform, tenantId, platform, ...devices.params],
  );
  await tx.run(`DELETE FROM app_catalog WHERE id IN (${unmanaged}) AND device_count <= 0`, [
    tenantId,
    platform,
  ]);
  return Number(links);
}

/**
 * The devices of a platform that may keep only assigned apps: personal and unknown ones unless the
 * compliant-app feature is on (it never is on Windows), and Macs under User Enrollment whoever owns
 * them (docs/collection-rules.md "Apps").
 */
export function managedAppsOnlyDevices(
  platform: Platform,
  compliantAppListOn: boolean,
): { where: string; params: readonly unknown[] } {
  const userEnrolledMac = platform === 'macos' ? ["d.enrollment_type = 'appleUserEnrollment'"] : [];
  const personal =
    compliantAppListOn && hasCompliantAppFeature(platform) ? [] : ["d.ownership <> 'corporate'"];
  const conditions = [...userEnrolledMac, ...personal];
  return { where: conditions.length ? conditions.join(' OR ') : '1 = 0', params: [] };
}

/**
 * Deletes the stored unmanaged apps of one device (an ownership change to personal): only that
 * device's links and the catalog rows they count in are touched and locked.
 */
export async function purgeUnmanagedAppsOfDevice(
  tx: Tx,
  device: { id: string; tenantId: string; platform: Platform },
): Promise<number> {
  const rows = await tx.all<{ app_catalog_id: number }>(
    `SELECT l.app_catalog_id FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id
     WHERE l.device_id = ? AND NOT EXISTS (
       SELECT 1 FROM managed_app m WHERE m.tenant_id = ? AND m.platform = ? AND m.app_id = c.app_id
         AND m.assignment_intent IS NOT NULL)
     ORDER BY l.app_catalog_id`,
    [device.id, device.tenantId, device.platform],
  );
  if (rows.length === 0) return 0;
  return removeDetectedApps(
    tx,
    device.id,
    rows.map((row) => row.app_catalog_id),
  );
}
