import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What administration needs on top of the first schema:
 * - the audit trail is filtered by actor (`actor/userPrincipalName`), so the actor's UPN gets its own
 *   column next to the JSON (filled for events already written) and an index per tenant;
 * - an admin's UPN is unique among the tenant's *active* admins only, so that a revoked admin (kept
 *   for the audit trail) can be given access again as a new admin;
 * - deviceActionResults read the latest command per action of a device;
 * - an imported corporate identifier's description can be overwritten by a later import, so it
 *   gets a last-modified time (the creation time for the rows already there).
 */
export class Administration1732700000000 implements MigrationInterface {
  name = 'Administration1732700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const statements = [
      'ALTER TABLE audit_event ADD COLUMN actor_user_principal_name varchar(320) NULL',
      postgres
        ? "UPDATE audit_event SET actor_user_principal_name = (actor::json ->> 'userPrincipalName')"
        : "UPDATE audit_event SET actor_user_principal_name = json_extract(actor, '$.userPrincipalName')",
      'CREATE INDEX ix_audit_event_tenant_actor ON audit_event (tenant_id, actor_user_principal_name)',
      'DROP INDEX ux_admin_tenant_upn',
      'CREATE UNIQUE INDEX ux_admin_tenant_upn ON admin (tenant_id, user_principal_name) WHERE revoked_at IS NULL',
      'CREATE INDEX ix_device_command_device_action ON device_command (device_id, action, requested_at)',
      'ALTER TABLE corporate_identifier ADD COLUMN updated_at bigint NULL',
      'UPDATE corporate_identifier SET updated_at = created_at',
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      'ALTER TABLE corporate_identifier DROP COLUMN updated_at',
      'DROP INDEX ix_device_command_device_action',
      'DROP INDEX ux_admin_tenant_upn',
      'CREATE UNIQUE INDEX ux_admin_tenant_upn ON admin (tenant_id, user_principal_name)',
      'DROP INDEX ix_audit_event_tenant_actor',
      'ALTER TABLE audit_event DROP COLUMN actor_user_principal_name',
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }
}
