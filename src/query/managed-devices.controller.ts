import { Controller, Get, Param, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '../admin-auth/admin-auth.guard';
import {
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../admin-auth/authenticated-admin';
import { guidParam } from '../common/guid.pipe';
import { DetectedAppQueries } from './detected-apps.queries';
import { graphRequestOf } from '../graph-http/graph-request';
import { takeExpand } from '../graph-http/expand';
import { ApiODataEntity, ApiODataList } from './odata-openapi';
import { ManagedDeviceQueries } from './managed-devices.queries';

/** Detected apps shown inline by `$expand=detectedApps` (a device has a few hundred at most). */
const EXPANDED_DETECTED_APPS = 1000;

@Controller(['v1.0/deviceManagement', 'beta/deviceManagement'])
@ApiTags(`deviceManagement (Graph)`)
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@RequirePermission('read')
export class ManagedDevicesController {
  constructor(
    private readonly devices: ManagedDeviceQueries,
    private readonly apps: DetectedAppQueries,
  ) {}

  @Get('managedDevices')
  @ApiODataList('managedDevice')
  list(@CurrentAdmin() admin: AuthenticatedAdmin, @Req() request: FastifyRequest) {
    return this.devices.list(admin.tenantId, graphRequestOf(request));
  }

  @Get('managedDevices/:id')
  @ApiODataEntity('managedDevice')
  async get(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    const { request: plain, expand } = takeExpand(graphRequestOf(request), 'detectedApps');
    const device = await this.devices.get(admin.tenantId, id, plain);
    if (!expand) return device;
    // Bounded: the first page of the device's apps, and a link to the rest as Graph gives one.
    const apps = await this.apps.listOfDevice(admin.tenantId, id, {
      ...plain,
      path: `${plain.path}/detectedApps`,
      query: { $top: String(EXPANDED_DETECTED_APPS) },
    });
    return {
      ...device,
      detectedApps: apps.value,
      ...(apps['@odata.nextLink'] && { 'detectedApps@odata.nextLink': apps['@odata.nextLink'] }),
    };
  }

  @Get('managedDevices/:id/detectedApps')
  @ApiODataList('detectedApp')
  detectedApps(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.apps.listOfDevice(admin.tenantId, id, graphRequestOf(request));
  }

  @Get('managedDeviceOverview')
  @ApiODataEntity('managedDeviceOverview')
  overview(@CurrentAdmin() admin: AuthenticatedAdmin, @Req() request: FastifyRequest) {
    return this.devices.overview(admin.tenantId, graphRequestOf(request));
  }
}
