import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../column-transformers';

export const INSTALL_STATES = [
  'installed',
  'failed',
  'notInstalled',
  'notApplicable',
  'pendingInstall',
] as const;
export type InstallState = (typeof INSTALL_STATES)[number];

/** What a device last reported about one of the tenant's deployed apps. */
@Entity('managed_app_install_state')
export class ManagedAppInstallState {
  @PrimaryColumn({ name: 'device_id', type: 'varchar', length: 36 })
  deviceId!: string;

  @PrimaryColumn({ name: 'managed_app_id', type: 'varchar', length: 36 })
  managedAppId!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: InstallState;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt!: number;
}
