import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AdminAuthGuard } from '../../platform/auth/admin-auth.guard';
import {
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../platform/auth/authenticated-admin';
import { guidParam } from '../../platform/http/guid.pipe';
import { WipeManagedDeviceDto } from './wipe-managed-device.dto';
import { RemoteActionsService } from './remote-actions.service';

/** Graph's managedDevice actions: each one queues a command for the device and answers 204. */
@Controller(['v1.0/deviceManagement/managedDevices', 'beta/deviceManagement/managedDevices'])
@UseGuards(AdminAuthGuard)
export class RemoteActionsController {
  constructor(private readonly actions: RemoteActionsService) {}

  @Post(':id/retire')
  @HttpCode(204)
  @RequirePermission('remoteActions')
  retire(@CurrentAdmin() admin: AuthenticatedAdmin, @Param('id', guidParam('id')) id: string) {
    return this.actions.request(admin, id, 'retire');
  }

  @Post(':id/wipe')
  @HttpCode(204)
  @RequirePermission('remoteActions')
  wipe(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Body() body: WipeManagedDeviceDto,
  ) {
    return this.actions.request(admin, id, 'wipe', { ...body });
  }

  @Post(':id/syncDevice')
  @HttpCode(204)
  @RequirePermission('remoteActions')
  syncDevice(@CurrentAdmin() admin: AuthenticatedAdmin, @Param('id', guidParam('id')) id: string) {
    return this.actions.request(admin, id, 'syncDevice');
  }

  @Post(':id/rebootNow')
  @HttpCode(204)
  @RequirePermission('remoteActions')
  rebootNow(@CurrentAdmin() admin: AuthenticatedAdmin, @Param('id', guidParam('id')) id: string) {
    return this.actions.request(admin, id, 'rebootNow');
  }

  @Post(':id/remoteLock')
  @HttpCode(204)
  @RequirePermission('remoteActions')
  remoteLock(@CurrentAdmin() admin: AuthenticatedAdmin, @Param('id', guidParam('id')) id: string) {
    return this.actions.request(admin, id, 'remoteLock');
  }

  @Post(':id/shutDown')
  @HttpCode(204)
  @RequirePermission('remoteActions')
  shutDown(@CurrentAdmin() admin: AuthenticatedAdmin, @Param('id', guidParam('id')) id: string) {
    return this.actions.request(admin, id, 'shutDown');
  }

  @Post(':id/locateDevice')
  @HttpCode(204)
  @RequirePermission('remoteActions')
  locateDevice(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
  ) {
    return this.actions.request(admin, id, 'locateDevice');
  }
}
