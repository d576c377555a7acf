import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance } from 'fastify';
import { CheckInService } from '../../check-in/check-in.service';
import { CheckInStore } from '../check-in.store';
import { DiagnosticsModule } from '../../diagnostics/diagnostics.module';
import { EnrollmentService } from '../../enrollment/enrollment.service';
import { CHECK_IN_CONTENT_TYPE, COMMAND_CONTENT_TYPE } from '../contract/apple-mdm';
import { AppleMdmController } from './apple-mdm.controller';
import { AppleMdmService } from './apple-mdm.service';

/**
 * The largest message a device sends is an InstalledApplicationList answer: a Mac with 2,000 apps
 * is about 1 MB of plist.
 */
export const MAX_APPLE_MESSAGE_BYTES = 4 * 1024 * 1024;

/** The enrollment and check-in services are the JSON channel's (stateless; provided here too). */
@Module({
  imports: [DiagnosticsModule],
  controllers: [AppleMdmController],
  providers: [AppleMdmService, EnrollmentService, CheckInService, CheckInStore],
})
export class AppleMdmModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Apple's plist bodies are read as bytes: the signature covers the bytes, not a parsed value. */
  onModuleInit(): void {
    // An application context without HTTP (the admin CLI) has no parsers to add.
    if (!this.adapterHost.httpAdapter) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    for (const type of [CHECK_IN_CONTENT_TYPE, COMMAND_CONTENT_TYPE]) {
      fastify.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: MAX_APPLE_MESSAGE_BYTES },
        (_request, body, done) => done(null, body),
      );
    }
  }
}
