import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report export jobs are written under a lease (src/graph/reports/export-lease.ts): the instance
 * writing one and until when, and how many attempts it took, so that a job whose instance died is
 * taken up again by another (or failed after a bounded number of attempts) instead of staying
 * `inProgress` forever. Jobs in progress when this runs have no lease: the next instance runs them.
 */
export class ReportExportLeases1733172600318 implements MigrationInterface {
  name = 'ReportExportLeases1733172600318';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      'ALTER TABLE report_export_job ADD COLUMN lease_owner varchar(64) NULL',
      'ALTER TABLE report_export_job ADD COLUMN lease_expires_at bigint NULL',
      'ALTER TABLE report_export_job ADD COLUMN attempts integer NOT NULL DEFAULT 0',
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE report_export_job DROP COLUMN attempts');
    await queryRunner.query('ALTER TABLE report_export_job DROP COLUMN lease_expires_at');
    await queryRunner.query('ALTER TABLE report_export_job DROP COLUMN lease_owner');
  }
}
