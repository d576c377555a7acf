import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import {
  AuthenticatedDevice,
  AuthenticatedEnrollment,
  CallingDevice,
  DeviceChannelCredential,
  EnrollmentCredential,
} from '../../platform/auth/device-authentication';
import { EnrollmentResponse } from '../contract/device-channel.types';
import { DeviceMessage } from './json-transport';
import { openApiSchemaOf } from './message-validator';
import { EnrollRequest } from './messages';
import { EnrollmentService } from '../enrollment.service';

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
