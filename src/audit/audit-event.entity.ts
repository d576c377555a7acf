import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, jsonText } from '../database/column-transformers';

export interface AuditActor {
  type: 'admin' | 'device' | 'system' | 'application';
  userPrincipalName: string | null;
  ipAddress: string | null;
  applicationDisplayName: string;
  /** Admin id, device id, or an application's registration id. */
  id: string | null;
  /** An application's client id (app registrations signed in with a client secret). */
  applicationId?: string;
}

export interface AuditResource {
  resourceId: string;
  type: string;
  displayName: string | null;
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
}

export type AuditOperationType = 'Create' | 'Patch' | 'Delete' | 'Action' | 'Assign' | 'Refused';

/** One entry of the audit trail (Graph's auditEvent). Written in the transaction of the change itself. */
@Entity('audit_event')
export class AuditEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ name: 'activity_at', type: 'bigint', transformer: bigintAsNumber })
  activityAt!: number;

  @Column({ type: 'varchar', length: 64 })
  category!: string;

  @Column({ type: 'varchar', length: 256 })
  activity!: string;

  @Column({ name: 'activity_type', type: 'varchar', length: 256 })
  activityType!: string;

  @Column({ name: 'activity_operation_type', type: 'varchar', length: 32 })
  activityOperationType!: AuditOperationType;

  @Column({ name: 'activity_result', type: 'varchar', length: 32 })
  activityResult!: 'Success' | 'Failure';

  @Column({ type: 'text', transformer: jsonText })
  actor!: AuditActor;

  /** Copied from `actor` so that the trail can be filtered by who acted. */
  @Column({ name: 'actor_user_principal_name', type: 'varchar', length: 320, nullable: true })
  actorUserPrincipalName!: string | null;

  @Column({ type: 'text', transformer: jsonText })
  resources!: AuditResource[];

  @Column({ name: 'correlation_id', type: 'varchar', length: 36 })
  correlationId!: string;
}
