import { Body, Controller, Delete, HttpCode, Param, Patch, UseGuards } from '@nestjs/common';
import { AdminAuthGuard } from '../admin-auth/admin-auth.guard';
import {
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../admin-auth/authenticated-admin';
import { guidParam } from '../common/guid.pipe';
import { UpdateManagedDeviceDto } from './dto/update-managed-device.dto';
import { ManagedDeviceUpdatesService } from './managed-device-updates.service';

/** PATCH and DELETE of Graph's managedDevice (reads are served by the query API). */
@Controller(['v1.0/deviceManagement/managedDevices', 'beta/deviceManagement/managedDevices'])
@UseGuards(AdminAuthGuard)
export class ManagedDeviceUpdatesController {
  constructor(private readonly updates: ManagedDeviceUpdatesService) {}

  @Patch(':id')
  @HttpCode(204)
  @RequirePermission('changeOwnership')
  update(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Body() body: UpdateManagedDeviceDto,
  ): Promise<void> {
    return this.updates.update(admin, id, { ...body });
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
