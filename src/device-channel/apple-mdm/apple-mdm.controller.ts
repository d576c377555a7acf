import { Controller, Get, Headers, HttpCode, Put, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { TLSSocket } from 'node:tls';
import { FastifyReply, FastifyRequest } from 'fastify';
import { APPLE_MDM_PATHS, PROFILE_CONTENT_TYPE } from '../contract/apple-mdm';
import { AppleMdmService, Sender } from './apple-mdm.service';

/**
 * Apple's MDM endpoints (docs/apple-mdm.md): the enrollment profile, the check-in URL and the
 * server URL. Bodies arrive as raw bytes (apple-mdm.module.ts registers the content types), so that
 * the signature is checked over exactly what the device signed. Not in the OpenAPI document: the
 * wire format is Apple's plists, described by Apple's schema.
 */
@ApiExcludeController()
@Controller()
export class AppleMdmController {
  constructor(private readonly appleMdm: AppleMdmService) {}

  @Get(APPLE_MDM_PATHS.enroll)
  async profile(
    @Query('token') token: string | undefined,
    @Query('type') type: string | undefined,
    @Query('user') user: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const profile = await this.appleMdm.profile(
      typeof token === 'string' ? token : undefined,
      typeof type === 'string' ? type : undefined,
      typeof user === 'string' ? user : undefined,
      `${request.protocol}://${request.host}`,
    );
    void reply.header('content-type', PROFILE_CONTENT_TYPE);
    void reply.header('content-disposition', 'attachment; filename="enroll.mobileconfig"');
    return profile;
  }

  @Put(APPLE_MDM_PATHS.checkIn)
  @HttpCode(200)
  async checkIn(
    @Req() request: FastifyRequest,
    @Headers('mdm-signature') signature: string | undefined,
  ): Promise<string> {
    await this.appleMdm.checkIn(bodyOf(request), senderOf(request, signature));
    return '';
  }

  @Put(APPLE_MDM_PATHS.server)
  @HttpCode(200)
  async command(
    @Req() request: FastifyRequest,
    @Headers('mdm-signature') signature: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const command = await this.appleMdm.command(bodyOf(request), senderOf(request, signature));
    if (command === null) return '';
    void reply.header('content-type', 'application/xml; charset=utf-8');
    return command;
  }
}

/**
 * The message's proof of identity. Over HTTPS the server asks for (without requiring) a client
 * certificate (src/server.ts): a device may present its MDM identity there instead of signing.
 */
function senderOf(request: FastifyRequest, signature: string | undefined): Sender {
  const socket = request.raw.socket;
  const presented = socket instanceof TLSSocket ? socket.getPeerCertificate() : null;
  return {
    signature,
    clientCertificate: presented && Buffer.isBuffer(presented.raw) ? presented.raw : null,
  };
}

function bodyOf(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}
