import { Body, Controller, Get, Patch, UseGuards } from '@nestjs/common';
import { AdminAuthGuard } from '../../platform/auth/admin-auth.guard';
import {
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../platform/auth/authenticated-admin';
import { ManagedDeviceCleanupSettingsDto, UpdateTenantSettingsDto } from './tenant-settings.dto';
import { TenantSettings, TenantSettingsService } from './tenant-settings.service';

/** The tenant's settings (our resource: diagnostics, the device cleanup rule, retention periods). */
@Controller(['v1.0/admin/settings', 'beta/admin/settings'])
@UseGuards(AdminAuthGuard)
export class TenantSettingsController {
  constructor(private readonly settings: TenantSettingsService) {}

  @Get()
  @RequirePermission('read')
  get(@CurrentAdmin() admin: AuthenticatedAdmin): Promise<TenantSettings> {
    return this.settings.get(admin.tenantId);
  }

  @Patch()
  @RequirePermission('administer')
  update(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Body() body: UpdateTenantSettingsDto,
  ): Promise<TenantSettings> {
    return this.settings.update(admin, { ...body });
  }
}

interface ManagedDeviceCleanupSettingsView {
  '@odata.type': '#microsoft.graph.managedDeviceCleanupSettings';
  deviceInactivityBeforeRetirementInDays: string | null;
}

const cleanupSettingsOf = (settings: TenantSettings): ManagedDeviceCleanupSettingsView => ({
  '@odata.type': '#microsoft.graph.managedDeviceCleanupSettings',
  deviceInactivityBeforeRetirementInDays:
    settings.deviceCleanupDays === null ? null : String(settings.deviceCleanupDays),
});

/**
 * Graph's device cleanup rule, `deviceManagement/managedDeviceCleanupSettings` (beta in Graph),
 * so that scripts written against Intune set the same value as `deviceCleanupDays` above.
 */
@Controller([
  'v1.0/deviceManagement/managedDeviceCleanupSettings',
  'beta/deviceManagement/managedDeviceCleanupSettings',
])
@UseGuards(AdminAuthGuard)
export class ManagedDeviceCleanupSettingsController {
  constructor(private readonly settings: TenantSettingsService) {}

  @Get()
  @RequirePermission('read')
  async get(@CurrentAdmin() admin: AuthenticatedAdmin): Promise<ManagedDeviceCleanupSettingsView> {
    return cleanupSettingsOf(await this.settings.get(admin.tenantId));
  }

  @Patch()
  @RequirePermission('administer')
  async update(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Body() body: ManagedDeviceCleanupSettingsDto,
  ): Promise<ManagedDeviceCleanupSettingsView> {
    const days = body.deviceInactivityBeforeRetirementInDays;
    return cleanupSettingsOf(
      await this.settings.update(admin, {
        deviceCleanupDays: days === undefined ? undefined : days === null ? null : Number(days),
      }),
    );
  }
}
