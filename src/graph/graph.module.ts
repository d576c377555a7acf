import { Module } from '@nestjs/common';
import { AuditEventsController } from './audit-events/audit-events.controller';
import { AuditEventsService } from './audit-events/audit-events.service';
import { BatchController } from './batch/batch.controller';
import { DetectedAppQueries } from './detected-apps/detected-apps.queries';
import { DetectedAppsController } from './detected-apps/detected-apps.controller';
import {
  DeviceCompliancePoliciesController,
  DeviceCompliancePolicyStatesController,
} from './device-compliance-policies/device-compliance-policies.controller';
import { DeviceCompliancePoliciesService } from './device-compliance-policies/device-compliance-policies.service';
import { DeviceConfigurationsController } from './device-configurations/device-configurations.controller';
import { DeviceConfigurationsService } from './device-configurations/device-configurations.service';
import { CorporateIdentifiersService } from './imported-device-identities/corporate-identifiers.service';
import { ImportedDeviceIdentitiesController } from './imported-device-identities/imported-device-identities.controller';
import { ManagedDeviceUpdatesController } from './managed-devices/managed-device-updates.controller';
import { ManagedDeviceUpdatesService } from './managed-devices/managed-device-updates.service';
import { ManagedDeviceQueries } from './managed-devices/managed-devices.queries';
import { ManagedDevicesController } from './managed-devices/managed-devices.controller';
import { RemoteActionsController } from './managed-devices/remote-actions.controller';
import { RemoteActionsService } from './managed-devices/remote-actions.service';
import { ManagedAppsService } from './mobile-apps/managed-apps.service';
import { MobileAppUpdatesController } from './mobile-apps/mobile-app-updates.controller';
import { MobileAppQueries } from './mobile-apps/mobile-apps.queries';
import { MobileAppsController } from './mobile-apps/mobile-apps.controller';
import { ExportDownloadsController, ExportJobsController } from './reports/export-jobs.controller';
import { ExportJobsService } from './reports/export-jobs.service';

/** The Graph-shaped API: one folder per resource, each with its routes, queries and mapping. */
@Module({
  controllers: [
    ManagedDevicesController,
    ManagedDeviceUpdatesController,
    RemoteActionsController,
    DetectedAppsController,
    MobileAppsController,
    MobileAppUpdatesController,
    DeviceConfigurationsController,
    DeviceCompliancePoliciesController,
    DeviceCompliancePolicyStatesController,
    ImportedDeviceIdentitiesController,
    AuditEventsController,
    ExportJobsController,
    ExportDownloadsController,
    BatchController,
  ],
  providers: [
    ManagedDeviceQueries,
    ManagedDeviceUpdatesService,
    RemoteActionsService,
    DetectedAppQueries,
    MobileAppQueries,
    ManagedAppsService,
    DeviceConfigurationsService,
    DeviceCompliancePoliciesService,
    CorporateIdentifiersService,
    AuditEventsService,
    ExportJobsService,
  ],
  exports: [ManagedDeviceQueries],
})
export class GraphModule {}
