import { Controller, Get, Param, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '../../platform/auth/admin-auth.guard';
import {
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../platform/auth/authenticated-admin';
import { guidParam } from '../../platform/http/guid.pipe';
import { graphRequestOf } from '../http/graph-request';
import { ApiODataEntity, ApiODataList } from '../http/odata-openapi';
import { MobileAppQueries } from './mobile-apps.queries';

@Controller(['v1.0/deviceAppManagement', 'beta/deviceAppManagement'])
@ApiTags(`deviceAppManagement (Graph)`)
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@RequirePermission('read')
export class MobileAppsController {
  constructor(private readonly apps: MobileAppQueries) {}

  @Get('mobileApps')
  @ApiODataList('mobileApp')
  list(@CurrentAdmin() admin: AuthenticatedAdmin, @Req() request: FastifyRequest) {
    return this.apps.list(admin.tenantId, graphRequestOf(request));
  }

  @Get('mobileApps/:id')
  @ApiODataEntity('mobileApp')
  get(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.apps.get(admin.tenantId, id, graphRequestOf(request));
  }

  @Get('mobileApps/:id/installSummary')
  @ApiODataEntity('mobileAppInstallSummary')
  installSummary(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.apps.installSummary(admin.tenantId, id, graphRequestOf(request));
  }
}
