import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Graph's deviceCompliancePolicies (iOS, Android, macOS and Windows 10 compliance policies), their
 * documented settings kept as JSON, their assignments; and on each device the result of its last
 * evaluation against them with the security state it last reported (docs/graph-api.md
 * "deviceCompliancePolicies").
 */
export class DeviceCompliancePolicies1733173400000 implements MigrationInterface {
  name = 'DeviceCompliancePolicies1733173400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE device_compliance_policy (
      id varchar(36) PRIMARY KEY,
      tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      platform varchar(16) NOT NULL,
      display_name varchar(256) NOT NULL,
      description varchar(2000) NULL,
      version integer NOT NULL,
      settings text NOT NULL,
      assignments text NOT NULL,
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL
    )`);
    await queryRunner.query(
      'CREATE INDEX ix_device_compliance_policy_tenant_platform ON device_compliance_policy (tenant_id, platform)',
    );
    await queryRunner.query('ALTER TABLE device ADD COLUMN compliance_policy_states text NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE device DROP COLUMN compliance_policy_states');
    await queryRunner.query('DROP TABLE device_compliance_policy');
  }
}
