import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documented Graph properties we now keep (docs/graph-properties.md): a mobile app's large icon and
 * its other descriptive properties, and the report export jobs of
 * `/beta/deviceManagement/reports/exportJobs` (the zip itself is a file under DATA_DIR).
 */
export class GraphProperties1733100000000 implements MigrationInterface {
  name = 'GraphProperties1733100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      'ALTER TABLE managed_app ADD COLUMN large_icon text NULL',
      'ALTER TABLE managed_app ADD COLUMN graph_properties text NULL',
      `CREATE TABLE report_export_job (
        id varchar(100) PRIMARY KEY,
        tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        report_name varchar(64) NOT NULL,
        filter varchar(2000) NULL,
        select_columns text NOT NULL,
        format varchar(8) NOT NULL,
        localization_type varchar(40) NOT NULL,
        status varchar(16) NOT NULL,
        requested_at bigint NOT NULL,
        completed_at bigint NULL,
        expires_at bigint NULL
      )`,
      'CREATE INDEX ix_report_export_job_tenant ON report_export_job (tenant_id, requested_at)',
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE report_export_job');
    await queryRunner.query('ALTER TABLE managed_app DROP COLUMN graph_properties');
    await queryRunner.query('ALTER TABLE managed_app DROP COLUMN large_icon');
  }
}
