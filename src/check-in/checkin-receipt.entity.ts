import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';

/**
 * Proof that the latest check-in (`sequence`) of a device was applied, with the response it got: a
 * retry of it is answered from here instead of being applied twice. One per device (its primary
 * key) — each check-in replaces it with one upsert. The response holds counts and reasons only, never dropped data.
 */
@Entity('checkin_receipt')
export class CheckInReceipt {
  @PrimaryColumn({ name: 'device_id', type: 'varchar', length: 36 })
  deviceId!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  sequence!: number;

  @Column({ name: 'received_at', type: 'bigint', transformer: bigintAsNumber })
  receivedAt!: number;

  @Column({ type: 'text' })
  response!: string;
}
