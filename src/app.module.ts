import { DynamicModule, Module } from '@nestjs/common';
import { AdminAuthModule } from './admin-auth/admin-auth.module';
import { AdminViewsModule } from './admin-views/admin-views.module';
import { AppsModule } from './apps/apps.module';
import { AuditModule } from './audit/audit.module';
import { CheckInModule } from './check-in/check-in.module';
import { ServerSecrets } from './common/secrets';
import { AppConfig } from './config/config';
import { ComplianceModule } from './compliance/compliance.module';
import { CoreModule } from './core/core.module';
import { CorporateIdentifiersModule } from './corporate-identifiers/corporate-identifiers.module';
import { DataSubjectRequestsModule } from './data-subject-requests/data-subject-requests.module';
import { DatabaseModule } from './database/database.module';
import { DevicesModule } from './devices/devices.module';
import { AppleMdmModule } from './device-channel/apple-mdm/apple-mdm.module';
import { DeviceChannelModule } from './device-channel/device-channel.module';
import { DiagnosticsModule } from './diagnostics/diagnostics.module';
import { EnrollmentModule } from './enrollment/enrollment.module';
import { GraphConsumersModule } from './graph/graph-consumers.module';
import { HealthModule } from './health/health.module';
import { PrivacyModule } from './privacy/privacy.module';
import { QueryModule } from './query/query.module';
import { RemoteActionsModule } from './remote-actions/remote-actions.module';
import { ReportsModule } from './graph/reports/reports.module';
import { RetentionModule } from './retention/retention.module';
import { TenantSettingsModule } from './tenant-settings/tenant-settings.module';
import { TenantsModule } from './tenants/tenants.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, secrets: ServerSecrets): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, secrets),
        DatabaseModule,
        AuditModule,
        AdminAuthModule,
        DeviceChannelModule,
        TenantsModule,
        AppsModule,
        ComplianceModule,
        CorporateIdentifiersModule,
        EnrollmentModule,
        CheckInModule,
        AppleMdmModule,
        PrivacyModule,
        QueryModule,
        DevicesModule,
        ReportsModule,
        RemoteActionsModule,
        DiagnosticsModule,
        TenantSettingsModule,
        RetentionModule,
        DataSubjectRequestsModule,
        AdminViewsModule,
        GraphConsumersModule,
        HealthModule,
      ],
    };
  }
}
