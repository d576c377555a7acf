import { Module } from '@nestjs/common';
import { DiagnosticsController } from './diagnostics.controller';
import { DiagnosticsService } from './diagnostics.service';
import { DiagnosticsSummaryService } from './diagnostics-summary.service';

/** Optional, pseudonymized diagnostics: stored by the check-in, read by admins as aggregates. */
@Module({
  controllers: [DiagnosticsController],
  providers: [DiagnosticsService, DiagnosticsSummaryService],
  exports: [DiagnosticsService],
})
export class DiagnosticsModule {}
