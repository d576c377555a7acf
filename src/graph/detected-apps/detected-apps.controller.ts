import { Controller, Get, Param, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '../../platform/auth/admin-auth.guard';
import {
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../platform/auth/authenticated-admin';
import { DetectedAppQueries } from './detected-apps.queries';
import { graphRequestOf } from '../http/graph-request';
import { ApiODataEntity, ApiODataList } from '../http/odata-openapi';

@Controller(['v1.0/deviceManagement', 'beta/deviceManagement'])
@ApiTags(`deviceManagement (Graph)`)
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@RequirePermission('read')
export class DetectedAppsController {
  constructor(private readonly apps: DetectedAppQueries) {}

  @Get('detectedApps')
  @ApiODataList('detectedApp')
  list(@CurrentAdmin() admin: AuthenticatedAdmin, @Req() request: FastifyRequest) {
    return this.apps.list(admin.tenantId, graphRequestOf(request));
  }

  @Get('detectedApps/:id')
  @ApiODataEntity('detectedApp')
  get(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.apps.get(admin.tenantId, id, graphRequestOf(request));
  }

  @Get('detectedApps/:id/managedDevices')
  @ApiODataList('managedDevice')
  managedDevices(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.apps.devicesOf(admin.tenantId, id, graphRequestOf(request));
  }
}
