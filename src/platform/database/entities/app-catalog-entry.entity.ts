import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Platform } from '../../../rules';
import { bigintAsNumber } from '../column-transformers';

/**
 * One app version seen in a tenant (Graph's detectedApp): deduplicated by platform, app id and version,
 * with the number of devices that have it kept up to date by the check-in path.
 */
@Entity('app_catalog')
export class AppCatalogEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 16 })
  platform!: Platform;

  @Column({ name: 'app_id', type: 'varchar', length: 256 })
  appId!: string;

  @Column({ type: 'varchar', length: 128 })
  version!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 256 })
  displayName!: string;

  @Column({ type: 'varchar', length: 256, nullable: true })
  publisher!: string | null;

  @Column({ name: 'size_in_bytes', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  sizeInBytes!: number | null;

  @Column({ name: 'install_location', type: 'varchar', length: 1024, nullable: true })
  installLocation!: string | null;

  @Column({ name: 'device_count', type: 'integer' })
  deviceCount!: number;

  @Column({ name: 'first_seen_at', type: 'bigint', transformer: bigintAsNumber })
  firstSeenAt!: number;
}
