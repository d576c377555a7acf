import { Module } from '@nestjs/common';
import { TenantPolicies } from '../platform/store/tenant-policies';
import { CheckInService } from './check-in.service';
import { CheckInStore } from './check-in.store';
import { DiagnosticsService } from './diagnostics-intake.service';
import { EnrollmentService } from './enrollment.service';
import { CheckInController } from './json/check-in.controller';
import { EnrollmentController } from './json/enrollment.controller';

/**
 * Everything devices talk to: enrollment and check-in, one pipeline behind every transport (the JSON
 * channel here; Apple MDM imports it).
 */
@Module({
  controllers: [EnrollmentController, CheckInController],
  providers: [EnrollmentService, CheckInService, CheckInStore, DiagnosticsService, TenantPolicies],
  exports: [EnrollmentService, CheckInService],
})
export class DeviceChannelModule {}
