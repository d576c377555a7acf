import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance } from 'fastify';
import { DeviceChannelModule } from '../device-channel.module';
import { CHECK_IN_CONTENT_TYPE, COMMAND_CONTENT_TYPE } from '../contract/apple-mdm';
import { AppleMdmController } from './apple-mdm.controller';
import { AppleMdmService } from './apple-mdm.service';

/**
 * The largest message a device sends is an InstalledApplicationList answer: a Mac with 2,000 apps
 * is about 1 MB of plist.
 */
export const MAX_APPLE_MESSAGE_BYTES = 4 * 1024 * 1024;

/** A transport into the device channel's pipeline: the same enrollment and check-in services. */
@Module({
  imports: [DeviceChannelModule],
  controllers: [AppleMdmController],
  providers: [AppleMdmService],
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
