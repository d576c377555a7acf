import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Body, Controller, Delete, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { guidParam } from '../common/guid.pipe';
import { bearerToken } from '../common/bearer';
import { EnrollmentResponse } from '../device-channel/contract/device-channel.types';
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
  enroll(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: EnrollDto,
  ): Promise<EnrollmentResponse> {
    return this.enrollment.enroll(bearerToken(authorization), body);
  }

  @Delete('devices/:id')
  @HttpCode(204)
  async unenroll(
    @Param('id', guidParam('id')) id: string,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<void> {
    await this.enrollment.unenroll(id, bearerToken(authorization));
  }
}
