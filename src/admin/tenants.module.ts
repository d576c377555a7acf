import { Module } from '@nestjs/common';
import { ApplicationsController } from './app-registrations/applications.controller';
import { FaultInjectionController } from './fault-injection.controller';
import { AdminsService } from './admins.service';
import { EnrollmentTokensService } from './enrollment-tokens.service';
import { TenantAdministrationController } from './tenant-administration.controller';
import { TenantsService } from './tenants.service';

@Module({
  controllers: [TenantAdministrationController, ApplicationsController, FaultInjectionController],
  providers: [TenantsService, AdminsService, EnrollmentTokensService],
  exports: [TenantsService, AdminsService, EnrollmentTokensService],
})
export class TenantsModule {}
