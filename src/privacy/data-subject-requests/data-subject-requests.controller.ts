import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { AdminAuthGuard } from '../../platform/auth/admin-auth.guard';
import {
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../platform/auth/authenticated-admin';
import {
  DataSubjectRequestsService,
  ErasureResult,
  ExportDocument,
} from './data-subject-requests.service';
import { DataSubjectRequestDto } from './data-subject-request.dto';

/**
 * Data-subject requests, administrators only (our resource: Graph's subjectRightsRequests are an
 * asynchronous Purview workflow, not an answer). Both take `{userPrincipalName}` in the body, so
 * that the UPN never appears in a URL (URLs end up in proxies' logs).
 */
@Controller(['v1.0/admin/dataSubjectRequests', 'beta/admin/dataSubjectRequests'])
@UseGuards(AdminAuthGuard)
export class DataSubjectRequestsController {
  constructor(private readonly requests: DataSubjectRequestsService) {}

  @Post('export')
  @HttpCode(200)
  @RequirePermission('administer')
  export(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Body() body: DataSubjectRequestDto,
  ): Promise<ExportDocument> {
    return this.requests.export(admin, body.userPrincipalName);
  }

  @Post('erase')
  @HttpCode(200)
  @RequirePermission('administer')
  erase(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Body() body: DataSubjectRequestDto,
  ): Promise<ErasureResult> {
    return this.requests.erase(admin, body.userPrincipalName);
  }
}
