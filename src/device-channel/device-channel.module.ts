import { Module } from '@nestjs/common';
import { AuditService } from '../platform/audit/audit.service';
import { WriteTransactions } from '../platform/database/write-transactions';
import { TenantPolicies } from '../platform/store/tenant-policies';
import { CheckInService } from './check-in.service';
import { CheckInStore } from './check-in.store';
import { DiagnosticsService } from './diagnostics-intake.service';
import { EnrollmentService } from './enrollment.service';
import { PostgresCheckInStore } from './postgres-check-in.store';
import { SqliteCheckInStore } from './sqlite-check-in.store';
import { CheckInController } from './json/check-in.controller';
import { EnrollmentController } from './json/enrollment.controller';

/**
 * Everything devices talk to: enrollment and check-in, one pipeline behind every transport (the JSON
 * channel here; Apple MDM imports it).
 */
@Module({
  controllers: [EnrollmentController, CheckInController],
  providers: [
    EnrollmentService,
    CheckInService,
    DiagnosticsService,
    TenantPolicies,
    {
      // The store of the configured database (check-in.store.ts).
      provide: CheckInStore,
      inject: [WriteTransactions, AuditService, DiagnosticsService],
      useFactory: (
        transactions: WriteTransactions,
        audit: AuditService,
        diagnostics: DiagnosticsService,
      ): CheckInStore =>
        transactions.dialect === 'postgres'
          ? new PostgresCheckInStore(audit, diagnostics)
          : new SqliteCheckInStore(audit, diagnostics),
    },
  ],
  exports: [EnrollmentService, CheckInService],
})
export class DeviceChannelModule {}
