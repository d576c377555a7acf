import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../column-transformers';

export const ADMIN_ROLES = ['administrator', 'helpDeskOperator', 'readOnlyOperator'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** A person who administers one tenant, with one role. */
@Entity('admin')
export class Admin {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ name: 'user_principal_name', type: 'varchar', length: 320 })
  userPrincipalName!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 256, nullable: true })
  displayName!: string | null;

  @Column({ type: 'varchar', length: 32 })
  role!: AdminRole;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt!: number;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  revokedAt!: number | null;
}
