import { Module } from '@nestjs/common';
import { CompliancePoliciesService } from './compliance-policies.service';
import { DeviceCompliancePoliciesController } from './device-compliance-policies.controller';

@Module({
  controllers: [DeviceCompliancePoliciesController],
  providers: [CompliancePoliciesService],
  exports: [CompliancePoliciesService],
})
export class ComplianceModule {}
