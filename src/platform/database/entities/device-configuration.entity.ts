import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CompliantAppListType, ListedApp, Platform } from '../../../rules';
import { bigintAsNumber, jsonText } from '../column-transformers';

/**
 * A device restriction profile (Graph's iOS, Android or macOS general device configuration), as far
 * as this service models it: its compliant-app list. A profile with a list type other than `none`
 * turns the compliant-app feature on for its platform (docs/collection-rules.md "Apps").
 */
@Entity('device_configuration')
export class DeviceConfiguration {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 16 })
  platform!: Platform;

  @Column({ name: 'display_name', type: 'varchar', length: 256 })
  displayName!: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'compliant_app_list_type', type: 'varchar', length: 32 })
  compliantAppListType!: CompliantAppListType;

  @Column({ name: 'compliant_apps_list', type: 'text', transformer: jsonText })
  compliantAppsList!: ListedApp[];

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt!: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt!: number;
}
