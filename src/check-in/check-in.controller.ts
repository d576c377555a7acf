import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { guidParam } from '../common/guid.pipe';
import { bearerToken } from '../common/bearer';
import { CheckInService } from './check-in.service';
import { CheckInResponse } from './device-channel.types';
import { CheckInDto } from './dto/check-in.dto';

@ApiTags('device channel')
@ApiBearerAuth()
@Controller('enrollment/v1/devices')
export class CheckInController {
  constructor(private readonly checkIns: CheckInService) {}

  @Post(':id/checkin')
  @HttpCode(200)
  checkIn(
    @Param('id', guidParam('id')) id: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: CheckInDto,
  ): Promise<CheckInResponse> {
    return this.checkIns.checkIn(id, bearerToken(authorization), body);
  }
}
