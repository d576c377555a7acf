import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../column-transformers';

/** A bearer token of one admin; only its hash is stored. */
@Entity('admin_token')
export class AdminToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'admin_id', type: 'varchar', length: 36 })
  adminId!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt!: number;

  @Column({ name: 'expires_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  expiresAt!: number | null;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  revokedAt!: number | null;
}
