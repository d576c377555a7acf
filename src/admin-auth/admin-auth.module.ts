import { Global, Module } from '@nestjs/common';
import { AppRegistrationsService } from '../graph/sign-in/app-registrations.service';
import { TokenSigningKeys } from '../graph/sign-in/token-signing-keys';
import { FaultInjectionService } from '../graph/throttling/fault-injection.service';
import { GraphRequestGate } from '../graph/throttling/graph-request-gate';
import { InMemoryRateCounters } from '../rate-limits/fixed-window';
import { AdminAuthGuard } from './admin-auth.guard';

/** The guard and what it consults: admin tokens, access tokens of applications, the Graph gate. */
@Global()
@Module({
  providers: [
    AdminAuthGuard,
    InMemoryRateCounters,
    TokenSigningKeys,
    AppRegistrationsService,
    FaultInjectionService,
    GraphRequestGate,
  ],
  exports: [
    AdminAuthGuard,
    InMemoryRateCounters,
    TokenSigningKeys,
    AppRegistrationsService,
    FaultInjectionService,
    GraphRequestGate,
  ],
})
export class AdminAuthModule {}
