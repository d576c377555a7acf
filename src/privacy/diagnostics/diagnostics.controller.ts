import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { AdminAuthGuard } from '../../platform/auth/admin-auth.guard';
import {
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../platform/auth/authenticated-admin';
import { DiagnosticsSummary, DiagnosticsSummaryService } from './diagnostics-summary.service';
import { DiagnosticsSummaryQueryDto } from './diagnostics-summary-query.dto';

/** Aggregates of the tenant's pseudonymized diagnostics (our resource: Graph has none that fits). */
@Controller(['v1.0/admin/diagnostics', 'beta/admin/diagnostics'])
@UseGuards(AdminAuthGuard)
export class DiagnosticsController {
  constructor(private readonly summaries: DiagnosticsSummaryService) {}

  @Get('summary')
  @RequirePermission('read')
  summary(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Query() query: DiagnosticsSummaryQueryDto,
  ): Promise<DiagnosticsSummary> {
    return this.summaries.summary(admin.tenantId, query.days ?? 30);
  }
}
