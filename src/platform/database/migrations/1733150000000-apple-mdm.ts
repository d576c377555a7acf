import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Apple MDM (docs/apple-mdm.md): each tenant's certificate authority (its key sealed with the
 * server's secret), one row per enrollment profile issued (the identity's fingerprint, then the
 * device it enrolled), and the queue of Apple commands a device fetches when it polls.
 */
export class AppleMdm1733150000000 implements MigrationInterface {
  name = 'AppleMdm1733150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE apple_mdm_ca (
      tenant_id varchar(36) PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,
      certificate text NOT NULL,
      sealed_private_key text NOT NULL,
      created_at bigint NOT NULL
    )`);
    await queryRunner.query(`CREATE TABLE apple_mdm_enrollment (
      id varchar(36) PRIMARY KEY,
      tenant_id varchar(36) NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
      enrollment_token_hash varchar(64) NOT NULL,
      kind varchar(8) NOT NULL,
      user_principal_name varchar(320),
      certificate_sha256 varchar(64) NOT NULL UNIQUE,
      topic varchar(200) NOT NULL,
      udid varchar(64),
      enrollment_id varchar(128),
      authenticate text,
      device_id varchar(36),
      sealed_credential text,
      inventory_requested_at bigint,
      created_at bigint NOT NULL,
      checked_out_at bigint
    )`);
    await queryRunner.query(
      'CREATE INDEX ix_apple_mdm_enrollment_device ON apple_mdm_enrollment (device_id)',
    );
    await queryRunner.query(`CREATE TABLE apple_mdm_command (
      command_uuid varchar(36) PRIMARY KEY,
      enrollment_id varchar(36) NOT NULL REFERENCES apple_mdm_enrollment (id) ON DELETE CASCADE,
      request_type varchar(40) NOT NULL,
      payload text,
      remote_action_id varchar(36),
      status varchar(16) NOT NULL,
      queued_at bigint NOT NULL,
      sent_at bigint,
      completed_at bigint
    )`);
    await queryRunner.query(
      'CREATE INDEX ix_apple_mdm_command_queue ON apple_mdm_command (enrollment_id, status, queued_at)',
    );
    await queryRunner.query(
      'CREATE INDEX ix_apple_mdm_command_remote_action ON apple_mdm_command (remote_action_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE apple_mdm_command');
    await queryRunner.query('DROP TABLE apple_mdm_enrollment');
    await queryRunner.query('DROP TABLE apple_mdm_ca');
  }
}
