import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tenant's policy version: raised by every admin write that changes what a check-in decides with
 * (deployed apps and their assignments, compliant-app lists). Read with the device, it tells every
 * instance when its cached tenant policy is stale.
 */
export class TenantPolicyVersion1732993000000 implements MigrationInterface {
  name = 'TenantPolicyVersion1732993000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE tenant ADD COLUMN policy_version bigint NOT NULL DEFAULT 0',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE tenant DROP COLUMN policy_version');
  }
}
