import { Controller, Get, Param, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '../admin-auth/admin-auth.guard';
import {
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../admin-auth/authenticated-admin';
import { guidParam } from '../common/guid.pipe';
import { graphRequestOf } from './graph-request';
import { MobileAppQueries } from './mobile-apps.queries';

@Controller(['v1.0/deviceAppManagement', 'beta/deviceAppManagement'])
@UseGuards(AdminAuthGuard)
@RequirePermission('read')
export class MobileAppsController {
  constructor(private readonly apps: MobileAppQueries) {}

  @Get('mobileApps')
  list(@CurrentAdmin() admin: AuthenticatedAdmin, @Req() request: FastifyRequest) {
    return this.apps.list(admin.tenantId, graphRequestOf(request));
  }

  @Get('mobileApps/:id')
  get(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.apps.get(admin.tenantId, id, graphRequestOf(request));
  }

  @Get('mobileApps/:id/installSummary')
  installSummary(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.apps.installSummary(admin.tenantId, id, graphRequestOf(request));
  }
}
