import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, jsonText } from '../column-transformers';

export const REMOTE_ACTIONS = [
  'retire',
  'wipe',
  'syncDevice',
  'rebootNow',
  'remoteLock',
  'shutDown',
  'locateDevice',
] as const;
export type RemoteAction = (typeof REMOTE_ACTIONS)[number];

/** pending → delivered (sent in a check-in response) → done | failed; cancelled if it became moot. */
export type DeviceCommandStatus = 'pending' | 'delivered' | 'done' | 'failed' | 'cancelled';

/** A remote action queued for a device and delivered in its next check-in response. */
@Entity('device_command')
export class DeviceCommand {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 36 })
  deviceId!: string;

  @Column({ type: 'varchar', length: 32 })
  action!: RemoteAction;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  parameters!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 16 })
  status!: DeviceCommandStatus;

  @Column({ name: 'requested_by', type: 'varchar', length: 320, nullable: true })
  requestedBy!: string | null;

  @Column({ name: 'requested_at', type: 'bigint', transformer: bigintAsNumber })
  requestedAt!: number;

  @Column({ name: 'delivered_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  deliveredAt!: number | null;

  @Column({ name: 'completed_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  completedAt!: number | null;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  result!: Record<string, unknown> | null;
}
