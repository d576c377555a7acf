import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Platform } from '../collection-rules';
import { bigintAsNumber, jsonText } from '../database/column-transformers';

/**
 * Graph's appListType: `appsNotInListCompliant` = the listed apps are prohibited;
 * `appsInListCompliant` = only the listed (or assigned) apps are allowed; `none` = no list.
 */
export const COMPLIANT_APP_LIST_TYPES = [
  'none',
  'appsInListCompliant',
  'appsNotInListCompliant',
] as const;
export type CompliantAppListType = (typeof COMPLIANT_APP_LIST_TYPES)[number];

export interface ListedApp {
  appId: string;
  displayName?: string;
  publisher?: string | null;
  appStoreUrl?: string | null;
}

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
