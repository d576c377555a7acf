import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import {
  AuthenticatedDevice,
  AuthenticatedEnrollment,
  CallingDevice,
  DeviceChannelCredential,
  EnrollmentCredential,
} from '../device-channel/device-authentication';
import { EnrollmentResponse } from '../check-in/device-channel.types';
import { EnrollDto } from './dto/enroll.dto';
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
  enroll(
    @EnrollmentCredential() credential: AuthenticatedEnrollment,
    @Body() body: EnrollDto,
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
