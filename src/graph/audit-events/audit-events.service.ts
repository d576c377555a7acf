import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { itemNotFound } from '../../platform/http/graph-error';
import { GraphCollection, graphList } from '../http/graph-list';
import { AuditEvent } from '../../platform/database/entities/audit-event.entity';
import { AUDIT_EVENTS, AuditEventView, mapAuditEventRow } from './audit-event.mapper';

/** Reads the audit trail of a tenant (writing is AuditService's, inside each change's transaction). */
@Injectable()
export class AuditEventsService {
  constructor(private readonly dataSource: DataSource) {}

  list(
    tenantId: string,
    request: FastifyRequest,
  ): Promise<GraphCollection<Partial<AuditEventView>>> {
    return graphList({
      request,
      resource: AUDIT_EVENTS,
      entitySet: 'deviceManagement/auditEvents',
      defaultOrderBy: 'activityDateTime desc',
      builder: this.dataSource
        .createQueryBuilder()
        .select([
          'a.id AS id',
          'a.activity_at AS activity_at',
          'a.category AS category',
          'a.activity AS activity',
          'a.activity_type AS activity_type',
          'a.activity_operation_type AS activity_operation_type',
          'a.activity_result AS activity_result',
          'a.actor AS actor',
          'a.actor_user_principal_name AS actor_user_principal_name',
          'a.resources AS resources',
          'a.correlation_id AS correlation_id',
        ])
        .from('audit_event', 'a')
        .where('a.tenant_id = :tenantId', { tenantId }),
      map: mapAuditEventRow,
    });
  }

  async get(tenantId: string, id: string): Promise<AuditEvent> {
    const event = await this.dataSource.manager.findOneBy(AuditEvent, { id, tenantId });
    if (!event) throw itemNotFound('The audit event');
    return event;
  }
}
