import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

/**
 * The whole first schema. Written once for both SQLite and PostgreSQL: only the few type names that
 * differ come from `columnTypes`. Times are epoch milliseconds (bigint) everywhere, so ordering,
 * comparison and keyset paging behave identically on both databases.
 *
 * Hardware identifiers (serial, IMEI, UDID, MACs) are indexed but never unique: re-enrollment and
 * duplicate hardware happen in real fleets.
 */
export class InitialSchema1732500000000 implements MigrationInterface {
  name = 'InitialSchema1732500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    const statements = [
      `CREATE TABLE tenant (
        id varchar(36) PRIMARY KEY,
        name varchar(200) NOT NULL,
        created_at bigint NOT NULL,
        diagnostics_enabled ${t.boolean} NOT NULL DEFAULT ${t.false},
        device_cleanup_days integer NULL
      )`,
      `CREATE TABLE enrollment_token (
        id varchar(36) PRIMARY KEY,
        tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        token_hash varchar(64) NOT NULL UNIQUE,
        description varchar(200) NULL,
        created_at bigint NOT NULL,
        expires_at bigint NULL,
        revoked_at bigint NULL
      )`,
      `CREATE INDEX ix_enrollment_token_tenant ON enrollment_token (tenant_id)`,
      `CREATE TABLE admin (
        id varchar(36) PRIMARY KEY,
        tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        user_principal_name varchar(320) NOT NULL,
        display_name varchar(256) NULL,
        role varchar(32) NOT NULL,
        created_at bigint NOT NULL,
        revoked_at bigint NULL
      )`,
      `CREATE UNIQUE INDEX ux_admin_tenant_upn ON admin (tenant_id, user_principal_name)`,
      `CREATE TABLE admin_token (
        id varchar(36) PRIMARY KEY,
        admin_id varchar(36) NOT NULL REFERENCES admin(id) ON DELETE CASCADE,
        token_hash varchar(64) NOT NULL UNIQUE,
        created_at bigint NOT NULL,
        expires_at bigint NULL,
        revoked_at bigint NULL
      )`,
      `CREATE INDEX ix_admin_token_admin ON admin_token (admin_id)`,
      `CREATE TABLE device (
        id varchar(36) PRIMARY KEY,
        tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        platform varchar(16) NOT NULL,
        enrollment_type varchar(40) NOT NULL,
        ownership varchar(16) NOT NULL,
        ownership_reason varchar(32) NOT NULL,
        management_state varchar(24) NOT NULL,
        compliance_state varchar(16) NOT NULL,
        compliance_detail varchar(600) NULL,
        credential_hash varchar(64) NULL,
        device_name varchar(256) NOT NULL,
        managed_device_name varchar(256) NULL,
        manufacturer varchar(128) NOT NULL,
        model varchar(128) NOT NULL,
        os_version varchar(64) NOT NULL,
        serial_number varchar(64) NULL,
        imei varchar(15) NULL,
        imei2 varchar(15) NULL,
        meid varchar(14) NULL,
        iccid varchar(20) NULL,
        eid varchar(32) NULL,
        udid varchar(64) NULL,
        wifi_mac varchar(12) NULL,
        ethernet_mac varchar(12) NULL,
        phone_number varchar(16) NULL,
        phone_number_last4 varchar(4) NULL,
        subscriber_carrier varchar(128) NULL,
        ip_address varchar(45) NULL,
        total_storage_bytes bigint NULL,
        free_storage_bytes bigint NULL,
        physical_memory_bytes bigint NULL,
        apple_id varchar(320) NULL,
        android_id varchar(16) NULL,
        windows_device_id varchar(36) NULL,
        user_principal_name varchar(320) NULL,
        user_display_name varchar(256) NULL,
        user_email varchar(320) NULL,
        notes varchar(2000) NULL,
        enrolled_at bigint NOT NULL,
        last_checkin_at bigint NOT NULL,
        last_sequence bigint NOT NULL DEFAULT 0,
        checkin_count integer NOT NULL DEFAULT 0,
        app_inventory_hash varchar(64) NULL,
        retired_at bigint NULL
      )`,
      `CREATE INDEX ix_device_tenant_last_checkin ON device (tenant_id, last_checkin_at)`,
      `CREATE INDEX ix_device_tenant_serial ON device (tenant_id, serial_number)`,
      `CREATE INDEX ix_device_tenant_imei ON device (tenant_id, imei)`,
      `CREATE INDEX ix_device_tenant_udid ON device (tenant_id, udid)`,
      `CREATE INDEX ix_device_tenant_wifi_mac ON device (tenant_id, wifi_mac)`,
      `CREATE INDEX ix_device_tenant_ethernet_mac ON device (tenant_id, ethernet_mac)`,
      `CREATE INDEX ix_device_tenant_upn ON device (tenant_id, user_principal_name)`,
      `CREATE TABLE app_catalog (
        id ${t.autoIncrementPrimaryKey},
        tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        platform varchar(16) NOT NULL,
        app_id varchar(256) NOT NULL,
        version varchar(128) NOT NULL,
        display_name varchar(256) NOT NULL,
        publisher varchar(256) NULL,
        size_in_bytes bigint NULL,
        install_location varchar(1024) NULL,
        device_count integer NOT NULL DEFAULT 0,
        first_seen_at bigint NOT NULL
      )`,
      `CREATE UNIQUE INDEX ux_app_catalog_key ON app_catalog (tenant_id, platform, app_id, version)`,
      `CREATE INDEX ix_app_catalog_tenant_count ON app_catalog (tenant_id, device_count)`,
      // The device↔app link: only keys, so a 60-app inventory is 60 small rows.
      `CREATE TABLE device_app (
        device_id varchar(36) NOT NULL REFERENCES device(id) ON DELETE CASCADE,
        app_catalog_id integer NOT NULL REFERENCES app_catalog(id) ON DELETE CASCADE,
        PRIMARY KEY (device_id, app_catalog_id)
      )${t.withoutRowId}`,
      `CREATE INDEX ix_device_app_app ON device_app (app_catalog_id, device_id)`,
      `CREATE TABLE managed_app (
        id varchar(36) PRIMARY KEY,
        tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        platform varchar(16) NOT NULL,
        app_id varchar(256) NOT NULL,
        display_name varchar(256) NOT NULL,
        publisher varchar(256) NULL,
        description varchar(2000) NULL,
        assignment_intent varchar(16) NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      )`,
      `CREATE UNIQUE INDEX ux_managed_app_key ON managed_app (tenant_id, platform, app_id)`,
      `CREATE TABLE managed_app_install_state (
        device_id varchar(36) NOT NULL REFERENCES device(id) ON DELETE CASCADE,
        managed_app_id varchar(36) NOT NULL REFERENCES managed_app(id) ON DELETE CASCADE,
        state varchar(16) NOT NULL,
        error_code varchar(64) NULL,
        updated_at bigint NOT NULL,
        PRIMARY KEY (device_id, managed_app_id)
      )${t.withoutRowId}`,
      `CREATE INDEX ix_install_state_app ON managed_app_install_state (managed_app_id, state)`,
      `CREATE TABLE compliance_policy (
        id varchar(36) PRIMARY KEY,
        tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        platform varchar(16) NOT NULL,
        display_name varchar(256) NOT NULL,
        description varchar(2000) NULL,
        app_list_type varchar(16) NOT NULL,
        apps text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      )`,
      `CREATE INDEX ix_compliance_policy_tenant_platform ON compliance_policy (tenant_id, platform)`,
      `CREATE TABLE corporate_identifier (
        id varchar(36) PRIMARY KEY,
        tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        kind varchar(32) NOT NULL,
        value varchar(400) NOT NULL,
        description varchar(256) NULL,
        enrollment_state varchar(16) NOT NULL,
        last_contacted_at bigint NULL,
        created_at bigint NOT NULL
      )`,
      `CREATE UNIQUE INDEX ux_corporate_identifier_key ON corporate_identifier (tenant_id, kind, value)`,
      `CREATE TABLE audit_event (
        id varchar(36) PRIMARY KEY,
        tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        activity_at bigint NOT NULL,
        category varchar(64) NOT NULL,
        activity varchar(256) NOT NULL,
        activity_type varchar(256) NOT NULL,
        activity_operation_type varchar(32) NOT NULL,
        activity_result varchar(32) NOT NULL,
        actor text NOT NULL,
        resources text NOT NULL,
        correlation_id varchar(36) NOT NULL
      )`,
      `CREATE INDEX ix_audit_event_tenant_time ON audit_event (tenant_id, activity_at)`,
      `CREATE TABLE device_command (
        id varchar(36) PRIMARY KEY,
        tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        device_id varchar(36) NOT NULL REFERENCES device(id) ON DELETE CASCADE,
        action varchar(32) NOT NULL,
        parameters text NULL,
        status varchar(16) NOT NULL,
        requested_by varchar(320) NULL,
        requested_at bigint NOT NULL,
        delivered_at bigint NULL,
        completed_at bigint NULL,
        result text NULL
      )`,
      `CREATE INDEX ix_device_command_device_status ON device_command (device_id, status)`,
      `CREATE TABLE checkin_receipt (
        device_id varchar(36) NOT NULL REFERENCES device(id) ON DELETE CASCADE,
        sequence bigint NOT NULL,
        received_at bigint NOT NULL,
        response text NOT NULL,
        PRIMARY KEY (device_id, sequence)
      )${t.withoutRowId}`,
      `CREATE INDEX ix_checkin_receipt_received ON checkin_receipt (received_at)`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'checkin_receipt',
      'device_command',
      'audit_event',
      'corporate_identifier',
      'compliance_policy',
      'managed_app_install_state',
      'managed_app',
      'device_app',
      'app_catalog',
      'device',
      'admin_token',
      'admin',
      'enrollment_token',
      'tenant',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
