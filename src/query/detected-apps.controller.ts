import { Controller, Get, Param, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '../admin-auth/admin-auth.guard';
import {
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../admin-auth/authenticated-admin';
import { DetectedAppQueries } from './detected-apps.queries';
import { graphRequestOf } from './graph-request';

@Controller(['v1.0/deviceManagement', 'beta/deviceManagement'])
@UseGuards(AdminAuthGuard)
@RequirePermission('read')
export class DetectedAppsController {
  constructor(private readonly apps: DetectedAppQueries) {}

  @Get('detectedApps')
  list(@CurrentAdmin() admin: AuthenticatedAdmin, @Req() request: FastifyRequest) {
    return this.apps.list(admin.tenantId, graphRequestOf(request));
  }

  @Get('detectedApps/:id')
  get(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.apps.get(admin.tenantId, id, graphRequestOf(request));
  }

  @Get('detectedApps/:id/managedDevices')
  managedDevices(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.apps.devicesOf(admin.tenantId, id, graphRequestOf(request));
  }
}
