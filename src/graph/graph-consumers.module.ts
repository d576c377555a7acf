import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { FaultInjectionController } from './throttling/fault-injection.controller';
import { BatchController } from './batch/batch.controller';
import { ApplicationsController } from './sign-in/applications.controller';
import { SignInController } from './sign-in/sign-in.controller';

/**
 * Consumers' own code against this service: sign-in shaped like Entra ID, app registrations,
 * `$batch`, and the fault-injection switch (docs/graph-api.md). The services they share with the
 * guard live in AdminAuthModule.
 */
@Module({
  imports: [TenantsModule],
  controllers: [
    SignInController,
    ApplicationsController,
    BatchController,
    FaultInjectionController,
  ],
})
export class GraphConsumersModule {}
