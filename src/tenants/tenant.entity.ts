import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';

@Entity('tenant')
export class Tenant {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt!: number;

  @Column({ name: 'diagnostics_enabled', type: 'boolean', default: false })
  diagnosticsEnabled!: boolean;

  @Column({ name: 'device_cleanup_days', type: 'integer', nullable: true })
  deviceCleanupDays!: number | null;

  /** Raised by each change of what check-ins decide with (see src/device-channel/tenant-policies.ts). */
  @Column({ name: 'policy_version', type: 'bigint', default: 0, transformer: bigintAsNumber })
  policyVersion!: number;
}
