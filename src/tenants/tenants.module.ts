import { Module } from '@nestjs/common';
import { AdminsService } from './admins.service';
import { EnrollmentTokensService } from './enrollment-tokens.service';
import { TenantAdministrationController } from './tenant-administration.controller';
import { TenantsService } from './tenants.service';

@Module({
  controllers: [TenantAdministrationController],
  providers: [TenantsService, AdminsService, EnrollmentTokensService],
  exports: [TenantsService, AdminsService, EnrollmentTokensService],
})
export class TenantsModule {}
