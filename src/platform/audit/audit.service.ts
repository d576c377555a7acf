import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Tx } from '../database/write-transactions';
import {
  AuditActor,
  AuditEvent,
  AuditOperationType,
  AuditResource,
} from '../database/entities/audit-event.entity';

export interface AuditRecord {
  tenantId: string;
  category: string;
  activity: string;
  activityType: string;
  operationType: AuditOperationType;
  result?: 'Success' | 'Failure';
  actor: AuditActor;
  resources: AuditResource[];
  correlationId: string;
}

export const SYSTEM_ACTOR: AuditActor = {
  type: 'system',
  id: null,
  userPrincipalName: null,
  ipAddress: null,
  applicationDisplayName: 'Device Inventory Collector',
};

/**
 * Writes audit events. Always inside the caller's transaction, so an event exists exactly when the
 * change it describes does. There is deliberately no update or delete here.
 */
@Injectable()
export class AuditService {
  async record(tx: Tx, record: AuditRecord): Promise<AuditEvent> {
    const event = Object.assign(new AuditEvent(), {
      id: randomUUID(),
      tenantId: record.tenantId,
      activityAt: Date.now(),
      category: record.category,
      activity: record.activity,
      activityType: record.activityType,
      activityOperationType: record.operationType,
      activityResult: record.result ?? 'Success',
      actor: record.actor,
      actorUserPrincipalName: record.actor.userPrincipalName,
      resources: record.resources,
      correlationId: record.correlationId,
    } satisfies AuditEvent);
    // One cached prepared statement (every enrollment writes an event): TypeORM's insert built the
    // statement anew each time.
    await tx.run(
      `INSERT INTO audit_event (id, tenant_id, activity_at, category, activity, activity_type,
         activity_operation_type, activity_result, actor, actor_user_principal_name, resources, correlation_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        event.id,
        event.tenantId,
        event.activityAt,
        event.category,
        event.activity,
        event.activityType,
        event.activityOperationType,
        event.activityResult,
        JSON.stringify(event.actor),
        event.actorUserPrincipalName,
        JSON.stringify(event.resources),
        event.correlationId,
      ],
    );
    return event;
  }
}
