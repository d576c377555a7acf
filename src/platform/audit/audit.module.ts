import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The audit trail's writer, available to every module (Graph's auditEvents reads it). */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
