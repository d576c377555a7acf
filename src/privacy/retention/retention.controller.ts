import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { AdminAuthGuard } from '../../platform/auth/admin-auth.guard';
import {
  auditActorOf,
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../platform/auth/authenticated-admin';
import { RetentionResult, RetentionService } from './retention.service';

/** Retention on demand for the admin's tenant (the same run the schedule makes for every tenant). */
@Controller(['v1.0/admin/retention', 'beta/admin/retention'])
@UseGuards(AdminAuthGuard)
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Post('run')
  @HttpCode(200)
  @RequirePermission('administer')
  run(@CurrentAdmin() admin: AuthenticatedAdmin): Promise<RetentionResult> {
    return this.retention.runForTenant(admin.tenantId, {
      actor: auditActorOf(admin),
      correlationId: admin.correlationId,
      onDemand: true,
    });
  }
}
