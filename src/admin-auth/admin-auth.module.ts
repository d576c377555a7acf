import { Global, Module } from '@nestjs/common';
import { InMemoryRateCounters } from '../rate-limits/fixed-window';
import { AdminAuthGuard } from './admin-auth.guard';

@Global()
@Module({
  providers: [AdminAuthGuard, InMemoryRateCounters],
  exports: [AdminAuthGuard, InMemoryRateCounters],
})
export class AdminAuthModule {}
