import { Module } from '@nestjs/common';
import { DetectedAppQueries } from './detected-apps.queries';
import { DetectedAppsController } from './detected-apps.controller';
import { ManagedDeviceQueries } from './managed-devices.queries';
import { ManagedDevicesController } from './managed-devices.controller';
import { MobileAppQueries } from './mobile-apps.queries';
import { MobileAppsController } from './mobile-apps.controller';

/** The Graph-shaped read API: managedDevices, detectedApps, mobileApps, managedDeviceOverview. */
@Module({
  controllers: [ManagedDevicesController, DetectedAppsController, MobileAppsController],
  providers: [ManagedDeviceQueries, DetectedAppQueries, MobileAppQueries],
  exports: [ManagedDeviceQueries],
})
export class QueryModule {}
