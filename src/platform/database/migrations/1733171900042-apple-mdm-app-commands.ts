import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Apple MDM app commands (docs/apple-mdm.md "Apps"): InstallApplication and RemoveApplication name
 * the app they are for, so that the server knows what it installed on a device (to remove it when
 * its assignment goes) and what is still waiting for an answer, after the payload is dropped.
 */
export class AppleMdmAppCommands1733171900042 implements MigrationInterface {
  name = 'AppleMdmAppCommands1733171900042';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE apple_mdm_command ADD COLUMN app_identifier varchar(256)');
    await queryRunner.query(
      'CREATE INDEX ix_apple_mdm_command_app ON apple_mdm_command (enrollment_id, app_identifier)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_apple_mdm_command_app');
    await queryRunner.query('ALTER TABLE apple_mdm_command DROP COLUMN app_identifier');
  }
}
