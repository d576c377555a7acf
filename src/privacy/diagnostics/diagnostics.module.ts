import { Module } from '@nestjs/common';
import { DiagnosticsController } from './diagnostics.controller';
import { DiagnosticsSummaryService } from './diagnostics-summary.service';

/** Optional, pseudonymized diagnostics: stored by the check-in (src/device-channel), read by admins as aggregates. */
@Module({
  controllers: [DiagnosticsController],
  providers: [DiagnosticsSummaryService],
})
export class DiagnosticsModule {}
