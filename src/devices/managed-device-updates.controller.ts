import { Body, Controller, Delete, HttpCode, Param, Patch, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '../admin-auth/admin-auth.guard';
import {
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../admin-auth/authenticated-admin';
import { guidParam } from '../common/guid.pipe';
import { graphRequestOf } from '../graph-http/graph-request';
import { invalidRequest } from '../common/graph-error';
import { ManagedDeviceQueries } from '../query/managed-devices.queries';
import { UpdateManagedDeviceDto } from './dto/update-managed-device.dto';
import { ManagedDeviceUpdatesService } from './managed-device-updates.service';

/** PATCH and DELETE of Graph's managedDevice (reads are served by the query API). */
@Controller(['v1.0/deviceManagement/managedDevices', 'beta/deviceManagement/managedDevices'])
@UseGuards(AdminAuthGuard)
export class ManagedDeviceUpdatesController {
  constructor(
    private readonly updates: ManagedDeviceUpdatesService,
    private readonly devices: ManagedDeviceQueries,
  ) {}

  /** Graph answers 200 with the updated device (its "Update managedDevice" page). */
  @Patch(':id')
  @HttpCode(200)
  @RequirePermission('changeOwnership')
  async update(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Body() body: UpdateManagedDeviceDto,
    @Req() request: FastifyRequest,
  ) {
    const { managedDeviceOwnerType, ownerType, managedDeviceName, notes } = body;
    if (
      managedDeviceOwnerType !== undefined &&
      ownerType !== undefined &&
      managedDeviceOwnerType !== ownerType
    ) {
      throw invalidRequest(
        'ownerType',
        "Invalid field 'ownerType': it names the same ownership as managedDeviceOwnerType and must agree with it.",
      );
    }
    const graphRequest = { ...graphRequestOf(request), query: {} };
    // Until renamed, a device shows Intune's generated name: sent back, it is not a rename.
    const shownName = (await this.devices.get(admin.tenantId, id, graphRequest)).managedDeviceName;
    await this.updates.update(admin, id, {
      managedDeviceOwnerType: managedDeviceOwnerType ?? ownerType,
      managedDeviceName: managedDeviceName === shownName ? undefined : managedDeviceName,
      notes,
    });
    return this.devices.get(admin.tenantId, id, graphRequest);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('administer')
  delete(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
  ): Promise<void> {
    return this.updates.delete(admin, id);
  }
}
