import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import {
  AuthenticatedDevice,
  AuthenticatedEnrollment,
  CallingDevice,
  DeviceChannelCredential,
  EnrollmentCredential,
} from '../device-channel/device-authentication';
import { EnrollmentResponse } from '../check-in/device-channel.types';
import { DeviceMessage } from '../device-channel/json/json-transport';
import { openApiSchemaOf } from '../device-channel/json/message-validator';
import { EnrollRequest } from '../device-channel/json/messages';
import { EnrollmentService } from './enrollment.service';

/** The device channel: enrollment with a tenant's enrollment token, and removal by the device user. */
@ApiTags('device channel')
@ApiBearerAuth()
@Controller('enrollment/v1')
export class EnrollmentController {
  constructor(private readonly enrollment: EnrollmentService) {}

  @Post('enroll')
  @HttpCode(201)
  @DeviceChannelCredential('enrollmentToken')
  @RouteSchema({ body: EnrollRequest })
  @ApiBody({ schema: openApiSchemaOf(EnrollRequest) })
  enroll(
    @EnrollmentCredential() credential: AuthenticatedEnrollment,
    @DeviceMessage() body: EnrollRequest,
  ): Promise<EnrollmentResponse> {
    return this.enrollment.enroll(credential, body);
  }

  @Delete('devices/:id')
  @HttpCode(204)
  @DeviceChannelCredential('deviceCredential')
  async unenroll(@CallingDevice() device: AuthenticatedDevice): Promise<void> {
    await this.enrollment.unenroll(device);
  }
}
