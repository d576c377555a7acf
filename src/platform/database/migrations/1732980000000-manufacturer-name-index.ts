import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `$filter=manufacturer eq '…'&$orderby=deviceName` — the usual inventory-by-vendor list — over live
 * devices. With one index per property the planner could only take the manufacturer's and sort
 * every matching device (50 ms at 100,000 devices when one vendor is 15 % of the fleet); this one
 * reads the first page in name order directly, and the keyset `$skiptoken` after it. Expressions
 * exactly as the OData translation writes them (see 1732600000000-query-indexes).
 */
export class ManufacturerNameIndex1732980000000 implements MigrationInterface {
  name = 'ManufacturerNameIndex1732980000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX ix_device_live_manufacturer_name ON device (tenant_id, LOWER(manufacturer), LOWER(device_name), id) WHERE retired_at IS NULL',
    );
    if (queryRunner.connection.options.type !== 'postgres') {
      await queryRunner.query('ANALYZE ix_device_live_manufacturer_name');
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_device_live_manufacturer_name');
  }
}
