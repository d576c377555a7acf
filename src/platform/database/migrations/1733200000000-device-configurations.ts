import { MigrationInterface, QueryRunner } from 'typeorm';

/** Catalog rows whose app the tenant does not assign to the platform (docs/collection-rules.md "Apps"). */
const UNASSIGNED_APPS = `SELECT c.id FROM app_catalog c WHERE NOT EXISTS (
  SELECT 1 FROM managed_app m WHERE m.tenant_id = c.tenant_id AND m.platform = c.platform
    AND m.app_id = c.app_id AND m.assignment_intent IS NOT NULL)`;

/**
 * Devices that may keep only assigned apps once the compliant-app lists live on device
 * configurations: personal and unknown ones without a list for their platform (never one on
 * Windows), and Macs under User Enrollment.
 */
const MANAGED_APPS_ONLY_DEVICES = `SELECT d.id FROM device d WHERE
  (d.platform = 'macos' AND d.enrollment_type = 'appleUserEnrollment')
  OR (d.ownership <> 'corporate' AND NOT EXISTS (
    SELECT 1 FROM device_configuration g WHERE g.tenant_id = d.tenant_id AND g.platform = d.platform
      AND g.compliant_app_list_type <> 'none'))`;

/**
 * The compliant-app feature moves from compliance policies to device restriction profiles, as in
 * Graph: each iOS, Android and macOS app-list rule becomes a general device configuration with the
 * same list; Windows rules have no equivalent and go. Then what the rules no longer keep is
 * deleted: unassigned apps from devices that keep only assigned ones (Windows personal devices now
 * among them), and every device re-sends its inventory at its next check-in.
 */
export class DeviceConfigurations1733200000000 implements MigrationInterface {
  name = 'DeviceConfigurations1733200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE device_configuration (
      id varchar(36) PRIMARY KEY,
      tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      platform varchar(16) NOT NULL,
      display_name varchar(256) NOT NULL,
      description varchar(2000) NULL,
      version integer NOT NULL,
      compliant_app_list_type varchar(32) NOT NULL,
      compliant_apps_list text NOT NULL,
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL
    )`);
    await queryRunner.query(
      'CREATE INDEX ix_device_configuration_tenant_platform ON device_configuration (tenant_id, platform)',
    );
    await queryRunner.query(`INSERT INTO device_configuration
      (id, tenant_id, platform, display_name, description, version, compliant_app_list_type,
       compliant_apps_list, created_at, updated_at)
      SELECT id, tenant_id, platform, display_name, description, 1,
        CASE app_list_type WHEN 'restricted' THEN 'appsNotInListCompliant' ELSE 'appsInListCompliant' END,
        apps, created_at, updated_at
      FROM compliance_policy WHERE platform <> 'windows'`);
    await queryRunner.query('DROP TABLE compliance_policy');

    await queryRunner.query(`UPDATE device SET compliance_detail = REPLACE(REPLACE(compliance_detail,
      '"rule":"restricted"', '"rule":"appsNotInListCompliant"'),
      '"rule":"approved"', '"rule":"appsInListCompliant"')
      WHERE compliance_detail IS NOT NULL`);
    await queryRunner.query(`UPDATE device SET compliance_state = 'compliant', compliance_detail = NULL
      WHERE platform = 'windows' AND retired_at IS NULL`);
    await queryRunner.query(`UPDATE app_catalog SET device_count = device_count - (
        SELECT COUNT(*) FROM device_app l WHERE l.app_catalog_id = app_catalog.id
          AND l.device_id IN (${MANAGED_APPS_ONLY_DEVICES}))
      WHERE id IN (${UNASSIGNED_APPS})`);
    await queryRunner.query(`DELETE FROM device_app WHERE app_catalog_id IN (${UNASSIGNED_APPS})
      AND device_id IN (${MANAGED_APPS_ONLY_DEVICES})`);
    await queryRunner.query(
      `DELETE FROM app_catalog WHERE id IN (${UNASSIGNED_APPS}) AND device_count <= 0`,
    );
    await queryRunner.query('UPDATE device SET app_inventory_hash = NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE compliance_policy (
      id varchar(36) PRIMARY KEY,
      tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      platform varchar(16) NOT NULL,
      display_name varchar(256) NOT NULL,
      description varchar(2000) NULL,
      app_list_type varchar(16) NOT NULL,
      apps text NOT NULL,
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL
    )`);
    await queryRunner.query(
      'CREATE INDEX ix_compliance_policy_tenant_platform ON compliance_policy (tenant_id, platform)',
    );
    await queryRunner.query(`INSERT INTO compliance_policy
      (id, tenant_id, platform, display_name, description, app_list_type, apps, created_at, updated_at)
      SELECT id, tenant_id, platform, display_name, description,
        CASE compliant_app_list_type WHEN 'appsNotInListCompliant' THEN 'restricted' ELSE 'approved' END,
        compliant_apps_list, created_at, updated_at
      FROM device_configuration WHERE compliant_app_list_type <> 'none'`);
    await queryRunner.query('DROP TABLE device_configuration');
  }
}
