import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in shaped like Entra ID (docs/graph-api.md): app registrations with their Graph application
 * permissions and client secrets (stored as keyed hashes only), the public half of every server's
 * token-signing key (so that each instance verifies tokens any other instance signed), and each
 * tenant's fault-injection switch for testing consumers.
 */
export class GraphSignIn1732990000000 implements MigrationInterface {
  name = 'GraphSignIn1732990000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE app_registration (
        id varchar(36) PRIMARY KEY,
        tenant_id varchar(36) NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        client_id varchar(36) NOT NULL UNIQUE,
        display_name varchar(200) NOT NULL,
        permissions text NOT NULL,
        created_at bigint NOT NULL,
        revoked_at bigint NULL
      )`,
      `CREATE INDEX ix_app_registration_tenant ON app_registration (tenant_id)`,
      `CREATE TABLE app_client_secret (
        id varchar(36) PRIMARY KEY,
        app_id varchar(36) NOT NULL REFERENCES app_registration(id) ON DELETE CASCADE,
        secret_hash varchar(64) NOT NULL UNIQUE,
        hint varchar(8) NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NULL,
        revoked_at bigint NULL
      )`,
      `CREATE INDEX ix_app_client_secret_app ON app_client_secret (app_id)`,
      `CREATE TABLE token_signing_key (
        kid varchar(64) PRIMARY KEY,
        public_jwk text NOT NULL,
        created_at bigint NOT NULL,
        retired_at bigint NULL
      )`,
      `CREATE TABLE graph_fault_injection (
        tenant_id varchar(36) PRIMARY KEY REFERENCES tenant(id) ON DELETE CASCADE,
        settings text NOT NULL,
        updated_at bigint NOT NULL
      )`,
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'graph_fault_injection',
      'token_signing_key',
      'app_client_secret',
      'app_registration',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
