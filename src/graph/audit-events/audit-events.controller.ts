import { Controller, Get, Param, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '../../platform/auth/admin-auth.guard';
import {
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../platform/auth/authenticated-admin';
import { GraphCollection } from '../http/graph-list';
import { guidParam } from '../../platform/http/guid.pipe';
import { entityContext } from '../http/odata-response';
import { AuditEventView, mapAuditEvent } from './audit-event.mapper';
import { AuditEventsService } from './audit-events.service';

/**
 * Graph's auditEvents, read-only: there is deliberately no route that creates, changes or deletes
 * an audit event, and no setting that turns auditing off.
 */
@Controller(['v1.0/deviceManagement/auditEvents', 'beta/deviceManagement/auditEvents'])
@UseGuards(AdminAuthGuard)
export class AuditEventsController {
  constructor(private readonly events: AuditEventsService) {}

  @Get()
  @RequirePermission('read')
  list(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Req() request: FastifyRequest,
  ): Promise<GraphCollection<Partial<AuditEventView>>> {
    return this.events.list(admin.tenantId, request);
  }

  @Get(':id')
  @RequirePermission('read')
  async get(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    const event = await this.events.get(admin.tenantId, id);
    return {
      '@odata.context': entityContext(request, 'deviceManagement/auditEvents'),
      ...mapAuditEvent(event),
    };
  }
}
