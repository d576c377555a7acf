import { DynamicModule, Module } from '@nestjs/common';
import { AdminAuthModule } from './platform/auth/admin-auth.module';
import { AdminViewsModule } from './admin/console-views/admin-views.module';
import { AuditModule } from './platform/audit/audit.module';
import { ServerSecrets } from './platform/secrets';
import { AppConfig } from './platform/config/config';
import { CoreModule } from './platform/core.module';
import { DataSubjectRequestsModule } from './privacy/data-subject-requests/data-subject-requests.module';
import { DatabaseModule } from './platform/database/database.module';
import { AppleMdmModule } from './device-channel/apple-mdm/apple-mdm.module';
import { DeviceChannelModule } from './device-channel/device-channel.module';
import { DiagnosticsModule } from './privacy/diagnostics/diagnostics.module';
import { HealthModule } from './platform/health/health.module';
import { PrivacyModule } from './privacy/privacy.module';
import { GraphModule } from './graph/graph.module';
import { RetentionModule } from './privacy/retention/retention.module';
import { TenantSettingsModule } from './admin/settings/tenant-settings.module';
import { TenantsModule } from './admin/tenants.module';

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
        AppleMdmModule,
        TenantsModule,
        PrivacyModule,
        GraphModule,
        DiagnosticsModule,
        TenantSettingsModule,
        RetentionModule,
        DataSubjectRequestsModule,
        AdminViewsModule,
        HealthModule,
      ],
    };
  }
}
