import { Module } from '@nestjs/common';
import {
  ManagedDeviceCleanupSettingsController,
  TenantSettingsController,
} from './tenant-settings.controller';
import { TenantSettingsService } from './tenant-settings.service';

@Module({
  controllers: [TenantSettingsController, ManagedDeviceCleanupSettingsController],
  providers: [TenantSettingsService],
})
export class TenantSettingsModule {}
