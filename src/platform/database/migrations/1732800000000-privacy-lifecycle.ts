import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

/**
 * The privacy lifecycle (docs/collection-rules.md "Retention and erasure"):
 * - diagnostic_event holds optional diagnostics, pseudonymized: a device and its user appear only
 *   as keyed hashes (the key is kept outside the database), with no name, phone number, UPN, e-mail
 *   or IP next to them. Read as aggregates per tenant and time, deleted by pseudonym on erasure;
 * - scheduled_job records when a scheduled job last ran, so that several instances on one
 *   PostgreSQL run it once per period;
 * - retired and wiped tombstones are purged by age once their audit events expire.
 */
export class PrivacyLifecycle1732800000000 implements MigrationInterface {
  name = 'PrivacyLifecycle1732800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    const statements = [
      `CREATE TABLE diagnostic_event (
        id ${t.autoIncrementPrimaryKey},
        tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        device_pseudonym varchar(32) NOT NULL,
        user_pseudonym varchar(32) NULL,
        platform varchar(16) NOT NULL,
        os_version varchar(64) NOT NULL,
        event_type varchar(32) NOT NULL,
        value ${t.double} NULL,
        occurred_at bigint NOT NULL,
        received_at bigint NOT NULL
      )`,
      'CREATE INDEX ix_diagnostic_event_tenant_received ON diagnostic_event (tenant_id, received_at)',
      'CREATE INDEX ix_diagnostic_event_tenant_device ON diagnostic_event (tenant_id, device_pseudonym)',
      'CREATE INDEX ix_diagnostic_event_tenant_user ON diagnostic_event (tenant_id, user_pseudonym)',
      `CREATE TABLE scheduled_job (
        name varchar(64) PRIMARY KEY,
        last_run_at bigint NOT NULL
      )`,
      'CREATE INDEX ix_device_tombstone ON device (tenant_id, retired_at) WHERE retired_at IS NOT NULL',
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      'DROP INDEX ix_device_tombstone',
      'DROP TABLE scheduled_job',
      'DROP TABLE diagnostic_event',
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }
}
