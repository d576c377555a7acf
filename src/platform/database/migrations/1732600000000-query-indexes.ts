import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the Graph query API (src/graph whitelists). Each device index is
 * `(tenant_id, <the property's filter/sort expression>, id)`, exactly as the OData translation
 * writes it — LOWER() for strings (they compare case-insensitively), COALESCE() where Graph shows
 * "" or 0 for a missing value — so one index serves `$filter` on the property, `$orderby` on it
 * and the keyset `$skiptoken` that follows (the id is the tiebreaker). They are partial indexes
 * over live devices only: retired and wiped tombstones are never listed.
 *
 * Detected apps are listed by their maintained device_count, never counted from device_app.
 *
 * PostgreSQL does not use the statistics of a partial index's expressions when it estimates how
 * many rows a condition keeps (it guessed 500 devices for `LOWER(platform) = 'windows'` where
 * there were 30,000, and sorted them all: 80 ms instead of 2.5 ms), so each expression gets its
 * own extended statistics there.
 */
const LIVE = 'WHERE retired_at IS NULL';

const DEVICE_ORDER_EXPRESSIONS: Record<string, string> = {
  id: 'id',
  name: 'LOWER(device_name), id',
  ownership: 'ownership, id',
  compliance: 'compliance_state, id',
  management: 'management_state, id',
  os: 'LOWER(platform), id',
  os_version: 'LOWER(os_version), id',
  manufacturer: 'LOWER(manufacturer), id',
  model: 'LOWER(model), id',
  serial: "LOWER(COALESCE(serial_number, '')), id",
  imei: "LOWER(COALESCE(imei, '')), id",
  meid: "LOWER(COALESCE(meid, '')), id",
  wifi_mac: "LOWER(COALESCE(wifi_mac, '')), id",
  upn: "LOWER(COALESCE(user_principal_name, '')), id",
  user_name: "LOWER(COALESCE(user_display_name, '')), id",
  email: "LOWER(COALESCE(user_email, '')), id",
  enrolled: 'enrolled_at, id',
  last_sync: 'last_checkin_at, id',
  total_storage: 'COALESCE(total_storage_bytes, 0), id',
  free_storage: 'COALESCE(free_storage_bytes, 0), id',
};

export class QueryIndexes1732600000000 implements MigrationInterface {
  name = 'QueryIndexes1732600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, expression] of Object.entries(DEVICE_ORDER_EXPRESSIONS)) {
      await queryRunner.query(
        `CREATE INDEX ix_device_live_${name} ON device (tenant_id, ${expression}) ${LIVE}`,
      );
    }
    if (queryRunner.connection.options.type === 'postgres') {
      for (const [name, expression] of expressionsOnly()) {
        await queryRunner.query(
          `CREATE STATISTICS st_device_${name} ON (${expression}) FROM device`,
        );
      }
    }
    // managedDeviceOverview: counts per platform and enrollment type from the index alone.
    await queryRunner.query(
      `CREATE INDEX ix_device_live_platform_enrollment ON device (tenant_id, platform, enrollment_type) ${LIVE}`,
    );
    // Top detected apps by deviceCount, with the id as tiebreaker for keyset paging.
    await queryRunner.query('DROP INDEX ix_app_catalog_tenant_count');
    await queryRunner.query(
      'CREATE INDEX ix_app_catalog_tenant_count ON app_catalog (tenant_id, device_count, id)',
    );
    await queryRunner.query(
      'CREATE INDEX ix_app_catalog_tenant_name ON app_catalog (tenant_id, LOWER(display_name), id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_app_catalog_tenant_name');
    await queryRunner.query('DROP INDEX ix_app_catalog_tenant_count');
    await queryRunner.query(
      'CREATE INDEX ix_app_catalog_tenant_count ON app_catalog (tenant_id, device_count)',
    );
    await queryRunner.query('DROP INDEX ix_device_live_platform_enrollment');
    if (queryRunner.connection.options.type === 'postgres') {
      for (const [name] of expressionsOnly()) {
        await queryRunner.query(`DROP STATISTICS st_device_${name}`);
      }
    }
    for (const name of Object.keys(DEVICE_ORDER_EXPRESSIONS)) {
      await queryRunner.query(`DROP INDEX ix_device_live_${name}`);
    }
  }
}

/** The computed (not plain-column) sort expressions, without the id tiebreaker. */
function expressionsOnly(): [string, string][] {
  return Object.entries(DEVICE_ORDER_EXPRESSIONS)
    .map(([name, expression]): [string, string] => [name, expression.replace(/, id$/, '')])
    .filter(([, expression]) => expression.includes('('));
}
