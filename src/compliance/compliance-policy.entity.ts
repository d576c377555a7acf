import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Platform } from '../collection-rules';
import { bigintAsNumber, jsonText } from '../database/column-transformers';

export const APP_LIST_TYPES = ['restricted', 'approved'] as const;
/** `restricted`: the listed apps are prohibited. `approved`: only listed (or managed) apps are allowed. */
export type AppListType = (typeof APP_LIST_TYPES)[number];

export interface ListedApp {
  appId: string;
  displayName?: string;
  publisher?: string | null;
  appStoreUrl?: string | null;
}

/**
 * An app-list compliance rule of a tenant for one platform. Its existence is what turns the
 * compliant-app feature on for that platform (COLLECTION-RULES.md §2).
 */
@Entity('compliance_policy')
export class CompliancePolicy {
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

  @Column({ name: 'app_list_type', type: 'varchar', length: 16 })
  appListType!: AppListType;

  @Column({ type: 'text', transformer: jsonText })
  apps!: ListedApp[];

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt!: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt!: number;
}
