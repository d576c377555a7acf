import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * server_secret keeps a fingerprint (a keyed hash, not the secret) of each secret the server keeps
 * outside the database, so that an instance started with another TOKEN_PEPPER than the one this
 * database's tokens were made with refuses to start instead of refusing every device.
 */
export class SharedSecrets1732970000000 implements MigrationInterface {
  name = 'SharedSecrets1732970000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE server_secret (
      name varchar(32) PRIMARY KEY,
      fingerprint varchar(64) NOT NULL
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE server_secret');
  }
}
