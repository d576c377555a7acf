import { Module } from '@nestjs/common';
import { CompliancePoliciesService } from './compliance-policies.service';

@Module({ providers: [CompliancePoliciesService], exports: [CompliancePoliciesService] })
export class ComplianceModule {}
