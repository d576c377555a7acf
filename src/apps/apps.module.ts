import { Module } from '@nestjs/common';
import { ManagedAppsService } from './managed-apps.service';
import { MobileAppsController } from './mobile-apps.controller';

@Module({
  controllers: [MobileAppsController],
  providers: [ManagedAppsService],
  exports: [ManagedAppsService],
})
export class AppsModule {}
