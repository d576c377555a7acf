import { Body, Controller, Delete, Get, Put, UseGuards } from '@nestjs/common';
import { AdminAuthGuard } from '../../admin-auth/admin-auth.guard';
import {
  auditActorOf,
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../admin-auth/authenticated-admin';
import { invalidRequest } from '../../common/graph-error';
import { validateFaultInjection } from './fault-injection';
import { FaultInjectionService, FaultInjectionView } from './fault-injection.service';

/**
 * The tenant's fault-injection switch (docs/graph-api.md): PUT settings to inject faults into the
 * tenant's Graph requests, DELETE to go back to GRAPH_FAULTS (off unless set).
 */
@Controller(['v1.0/admin/faultInjection', 'beta/admin/faultInjection'])
@UseGuards(AdminAuthGuard)
export class FaultInjectionController {
  constructor(private readonly faults: FaultInjectionService) {}

  @Get()
  @RequirePermission('read')
  get(@CurrentAdmin() me: AuthenticatedAdmin): Promise<FaultInjectionView> {
    return this.faults.view(me.tenantId);
  }

  @Put()
  @RequirePermission('administer')
  set(@CurrentAdmin() me: AuthenticatedAdmin, @Body() body: unknown): Promise<FaultInjectionView> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw invalidRequest('body', 'The body must be a JSON object of fault-injection settings.');
    }
    const parsed = validateFaultInjection(body as Record<string, unknown>);
    if (!parsed.ok) throw invalidRequest(parsed.target, parsed.problem);
    return this.faults.set(me.tenantId, parsed.settings, auditActorOf(me));
  }

  @Delete()
  @RequirePermission('administer')
  reset(@CurrentAdmin() me: AuthenticatedAdmin): Promise<FaultInjectionView> {
    return this.faults.set(me.tenantId, null, auditActorOf(me));
  }
}
