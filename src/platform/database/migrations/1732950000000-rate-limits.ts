import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fixed-window rate-limit counters on the rows they limit — the device (check-ins), the enrollment
 * token (enrollments) and the admin token (admin API requests) — so that every server instance on
 * one database counts the same requests, and a check-in updates its counter in the UPDATE of the
 * device row it makes anyway.
 */
export class RateLimits1732950000000 implements MigrationInterface {
  name = 'RateLimits1732950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['device', 'enrollment_token', 'admin_token']) {
      await queryRunner.query(
        `ALTER TABLE ${table} ADD COLUMN rate_window_start bigint NOT NULL DEFAULT 0`,
      );
      await queryRunner.query(
        `ALTER TABLE ${table} ADD COLUMN rate_window_count integer NOT NULL DEFAULT 0`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['device', 'enrollment_token', 'admin_token']) {
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN rate_window_count`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN rate_window_start`);
    }
  }
}
