import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { decideOwnership, EnrollmentType, Platform } from '../src/rules';
import { hashToken } from '../src/platform/secrets';
import { dataSourceOptions } from '../src/platform/database/data-source-options';
import { runMigrations } from '../src/platform/database/migrate';
import { canonicalHardware, hardwareColumns } from '../src/device-channel/hardware-inventory';
import { appsOf, enrollBody, inventoryHashOf } from './workload';

/**
 * The storage ceiling: the rows our server writes for the same workload (device, audit event,
 * catalog rows, app links and counts, the device's one receipt), written with raw
 * better-sqlite3 prepared statements on the same schema and pragmas, one transaction per device (first
 * check-in: enrollment and its check-in together) or per check-in — no HTTP, no framework, no ORM.
 * Rows are prepared before the clock starts; only the SQL is timed.
 *
 *   npx ts-node --transpile-only bench/storage-ceiling.ts <sqlite file> <devices> <seconds>
 */

/** Per scenario: writes per second, and CPU ms of this process per write. */
export interface StorageCeiling {
  first: number;
  steady: number;
  churn: number;
  cpuMsPerOp: { first: number; steady: number; churn: number };
}

/** A receipt the size of our check-in answer. */
const RECEIPT = JSON.stringify({ padding: 'x'.repeat(500) });

export async function measureStorageCeiling(
  file: string,
  devices: number,
  seconds: number,
): Promise<StorageCeiling> {
  const dataSource = new DataSource(dataSourceOptions({ kind: 'sqlite', file }));
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('secure_delete = ON');
  db.pragma('cache_size = -32000');
  db.pragma('temp_store = MEMORY');
  const tenantId = randomUUID();
  db.prepare(
    'INSERT INTO tenant (id, name, created_at, diagnostics_enabled) VALUES (?, ?, ?, 0)',
  ).run(tenantId, 'Storage ceiling', Date.now());

  const insertDevice = new Map<string, Database.Statement>();
  const insertAudit = db.prepare(
    `INSERT INTO audit_event (id, tenant_id, activity_at, category, activity, activity_type, activity_operation_type, activity_result, actor, resources, correlation_id)
     VALUES (?, ?, ?, 'Enrollment', 'Enroll device', 'Create ManagedDevice', 'Create', 'Success', ?, ?, ?)`,
  );
  const findCatalog = db.prepare(
    `SELECT id, app_id, version FROM app_catalog WHERE tenant_id = ? AND platform = ? AND app_id IN (${new Array(60).fill('?').join(', ')})`,
  );
  const insertCatalog = db.prepare(
    `INSERT INTO app_catalog (tenant_id, platform, app_id, version, display_name, publisher, size_in_bytes, install_location, device_count, first_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 0, ?) RETURNING id`,
  );
  const insertLink = db.prepare('INSERT INTO device_app (device_id, app_catalog_id) VALUES (?, ?)');
  const deleteLink = db.prepare(
    'DELETE FROM device_app WHERE device_id = ? AND app_catalog_id = ?',
  );
  const countUp = db.prepare('UPDATE app_catalog SET device_count = device_count + 1 WHERE id = ?');
  const countDown = db.prepare(
    'UPDATE app_catalog SET device_count = device_count - 1 WHERE id = ?',
  );
  const readDevice = db.prepare(
    'SELECT d.*, t.diagnostics_enabled FROM device d JOIN tenant t ON t.id = d.tenant_id WHERE d.id = ?',
  );
  const readLinks = db.prepare(
    'SELECT c.id, c.app_id, c.version FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id WHERE l.device_id = ?',
  );
  const checkedIn = db.prepare(
    'UPDATE device SET app_inventory_hash = ?, last_checkin_at = ?, last_sequence = ?, checkin_count = checkin_count + 1 WHERE id = ?',
  );
  const dropReceipt = db.prepare('DELETE FROM checkin_receipt WHERE device_id = ?');
  const receipt = db.prepare(
    'INSERT INTO checkin_receipt (device_id, sequence, received_at, response) VALUES (?, ?, ?, ?)',
  );

  const planned = Array.from({ length: devices }, (_, n) => {
    const body = JSON.parse(enrollBody(n)) as {
      platform: Platform;
      enrollmentType: EnrollmentType;
      user: { userPrincipalName: string; displayName: string };
      hardware: Record<string, unknown>;
    };
    const ownership = decideOwnership({
      enrollmentType: body.enrollmentType,
      matchesCorporateIdentifier: false,
    });
    return {
      n,
      platform: body.platform,
      apps: appsOf(n),
      hash: inventoryHashOf(n),
      columns: {
        id: randomUUID(),
        tenant_id: tenantId,
        platform: body.platform,
        enrollment_type: body.enrollmentType,
        ownership: ownership.ownership,
        ownership_reason: ownership.reason,
        management_state: 'managed',
        compliance_state: 'compliant',
        credential_hash: hashToken('storage-ceiling-pepper', `dev_${n}`),
        ...hardwareColumns(canonicalHardware(body.platform, body.hardware), ownership.ownership),
        user_principal_name: body.user.userPrincipalName,
        user_display_name: body.user.displayName,
        user_email: body.user.userPrincipalName,
        enrolled_at: Date.now(),
        last_checkin_at: Date.now(),
        last_sequence: 0,
        checkin_count: 0,
      } as Record<string, unknown>,
    };
  });

  const first = db.transaction((device: (typeof planned)[number]) => {
    const now = Date.now();
    const names = Object.keys(device.columns);
    const shape = names.join(',');
    let insert = insertDevice.get(shape);
    if (!insert) {
      insert = db.prepare(
        `INSERT INTO device (${shape}) VALUES (${names.map(() => '?').join(', ')})`,
      );
      insertDevice.set(shape, insert);
    }
    insert.run(...Object.values(device.columns));
    const id = device.columns.id as string;
    insertAudit.run(
      randomUUID(),
      tenantId,
      now,
      JSON.stringify({ type: 'device', id, applicationDisplayName: 'Device enrollment' }),
      JSON.stringify([{ resourceId: id, type: 'managedDevice', modifiedProperties: [] }]),
      randomUUID(),
    );
    readDevice.get(id);
    readLinks.all(id);
    const found = new Map(
      (
        findCatalog.all(tenantId, device.platform, ...device.apps.map((app) => app.appId)) as {
          id: number;
          app_id: string;
          version: string;
        }[]
      ).map((row) => [`${row.app_id}\u0000${row.version}`, row.id]),
    );
    for (const app of device.apps) {
      let catalogId = found.get(`${app.appId}\u0000${app.version}`);
      if (catalogId === undefined) {
        catalogId = (
          insertCatalog.get(
            tenantId,
            device.platform,
            app.appId,
            app.version,
            app.displayName,
            app.publisher,
            app.sizeInBytes,
            now,
          ) as { id: number }
        ).id;
      }
      insertLink.run(id, catalogId);
      countUp.run(catalogId);
    }
    checkedIn.run(device.hash, now, 1, id);
    dropReceipt.run(id);
    receipt.run(id, 1, now, RECEIPT);
  });

  const cpu: number[] = [];
  const written: number[] = [];
  const timed = (work: (i: number) => void, limit: number) => {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const deadline = started + seconds * 1000;
    let done = 0;
    while (done < limit && performance.now() < deadline) work(done++);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000 / done);
    written.push(done);
    return done / ((performance.now() - started) / 1000);
  };

  const firstRate = timed((i) => first(planned[i]), planned.length);
  // Steady and churn check-ins of the devices written (all of them, unless time ran out first).
  const enrolled = planned.slice(0, Math.min(written[0], 1000));
  const sequences = new Map<string, number>();
  const steady = db.transaction((device: (typeof planned)[number]) => {
    const id = device.columns.id as string;
    const sequence = (sequences.get(id) ?? 1) + 1;
    sequences.set(id, sequence);
    const now = Date.now();
    readDevice.get(id);
    checkedIn.run(device.hash, now, sequence, id);
    dropReceipt.run(id);
    receipt.run(id, sequence, now, RECEIPT);
  });
  const steadyRate = timed((i) => steady(enrolled[i % enrolled.length]), Infinity);

  // Churn: two links swapped per check-in (the catalog row of the replacement already exists after
  // the first round).
  const churn = db.transaction((device: (typeof planned)[number]) => {
    const id = device.columns.id as string;
    const sequence = (sequences.get(id) ?? 1) + 1;
    sequences.set(id, sequence);
    const now = Date.now();
    readDevice.get(id);
    const links = readLinks.all(id) as { id: number }[];
    const [a, b] = links.slice(0, 2).map((row) => row.id);
    deleteLink.run(id, a);
    countDown.run(a);
    deleteLink.run(id, b);
    countDown.run(b);
    insertLink.run(id, a);
    countUp.run(a);
    insertLink.run(id, b);
    countUp.run(b);
    checkedIn.run(device.hash, now, sequence, id);
    dropReceipt.run(id);
    receipt.run(id, sequence, now, RECEIPT);
  });
  const churnRate = timed((i) => churn(enrolled[i % enrolled.length]), Infinity);
  db.close();
  return {
    first: firstRate,
    steady: steadyRate,
    churn: churnRate,
    cpuMsPerOp: { first: cpu[0], steady: cpu[1], churn: cpu[2] },
  };
}

if (require.main === module) {
  const [file, devices, seconds] = process.argv.slice(2);
  measureStorageCeiling(file, Number(devices), Number(seconds)).then(
    (result) => {
      if (process.send) process.send({ result });
      else console.log(JSON.stringify(result));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
