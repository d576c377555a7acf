import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

/**
 * One check-in receipt per device, keyed by the device: each check-in replaces it with one upsert
 * instead of a delete and an insert (a device repeats only its latest check-in). Only the latest
 * receipt of each device is carried over; with no superseded receipts left for retention to purge,
 * the index by reception time goes.
 */
export class ReceiptPerDevice1732992000000 implements MigrationInterface {
  name = 'ReceiptPerDevice1732992000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.rebuild(
      queryRunner,
      'device_id',
      'r.sequence = (SELECT MAX(x.sequence) FROM checkin_receipt x WHERE x.device_id = r.device_id)',
    );
    await queryRunner.query('ALTER TABLE checkin_receipt_rebuilt RENAME TO checkin_receipt');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.rebuild(queryRunner, 'device_id, sequence', '1 = 1');
    await queryRunner.query('ALTER TABLE checkin_receipt_rebuilt RENAME TO checkin_receipt');
    await queryRunner.query(
      'CREATE INDEX ix_checkin_receipt_received ON checkin_receipt (received_at)',
    );
  }

  private async rebuild(queryRunner: QueryRunner, primaryKey: string, kept: string): Promise<void> {
    const t = columnTypes(queryRunner);
    const statements = [
      `CREATE TABLE checkin_receipt_rebuilt (
        device_id varchar(36) NOT NULL REFERENCES device(id) ON DELETE CASCADE,
        sequence bigint NOT NULL,
        received_at bigint NOT NULL,
        response text NOT NULL,
        PRIMARY KEY (${primaryKey})
      )${t.withoutRowId}`,
      `INSERT INTO checkin_receipt_rebuilt (device_id, sequence, received_at, response)
       SELECT r.device_id, r.sequence, r.received_at, r.response FROM checkin_receipt r WHERE ${kept}`,
      'DROP TABLE checkin_receipt',
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }
}
