import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Platform } from '../collection-rules';
import { bigintAsNumber } from '../database/column-transformers';

export const ASSIGNMENT_INTENTS = ['required', 'available'] as const;
export type AssignmentIntent = (typeof ASSIGNMENT_INTENTS)[number];

/**
 * An app the tenant itself deploys (Graph's mobileApp). These are the "managed apps" that are
 * collected from every device, personal ones included.
 */
@Entity('managed_app')
export class ManagedApp {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 16 })
  platform!: Platform;

  @Column({ name: 'app_id', type: 'varchar', length: 256 })
  appId!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 256 })
  displayName!: string;

  @Column({ type: 'varchar', length: 256, nullable: true })
  publisher!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description!: string | null;

  /** Graph's largeIcon (mimeContent without its @odata.type), as JSON; null when none. */
  @Column({ name: 'large_icon', type: 'text', nullable: true })
  largeIcon!: string | null;

  /**
   * The other documented mobileApp properties set on create/update, as one JSON object (see
   * src/graph/mobile-apps/mobile-app-properties.ts); null when none.
   */
  @Column({ name: 'graph_properties', type: 'text', nullable: true })
  graphProperties!: string | null;

  @Column({ name: 'assignment_intent', type: 'varchar', length: 16, nullable: true })
  assignmentIntent!: AssignmentIntent | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt!: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt!: number;
}
