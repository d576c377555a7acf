import { Global, Module } from '@nestjs/common';
import { AppRegistrationsService } from './app-registrations.service';
import { TokenSigningKeys } from './token-signing-keys';
import { FaultInjectionService } from '../limits/fault-injection.service';
import { GraphRequestGate } from '../limits/graph-request-gate';
import { InMemoryRateCounters } from '../limits/fixed-window';
import { AdminAuthGuard } from './admin-auth.guard';
import { DeviceAuthentication } from './device-authentication';
import { SignInController } from './sign-in.controller';

/**
 * Who is calling: admin tokens and applications' access tokens (the guard, the Graph gate it consults,
 * and the Entra-shaped sign-in that issues the tokens), and device credentials.
 */
@Global()
@Module({
  controllers: [SignInController],
  providers: [
    AdminAuthGuard,
    DeviceAuthentication,
    InMemoryRateCounters,
    TokenSigningKeys,
    AppRegistrationsService,
    FaultInjectionService,
    GraphRequestGate,
  ],
  exports: [
    AdminAuthGuard,
    DeviceAuthentication,
    InMemoryRateCounters,
    TokenSigningKeys,
    AppRegistrationsService,
    FaultInjectionService,
    GraphRequestGate,
  ],
})
export class AdminAuthModule {}
