import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  Body,
  Controller,
  Headers,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
} from '@nestjs/common';
import { guidParam } from '../common/guid.pipe';
import { bearerToken } from '../common/bearer';
import { GraphError } from '../common/graph-error';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../core/tokens';
import { CheckInService } from './check-in.service';
import { CheckInResponse } from '../device-channel/contract/device-channel.types';
import { CheckInDto } from './dto/check-in.dto';

@ApiTags('device channel')
@ApiBearerAuth()
@Controller('enrollment/v1/devices')
export class CheckInController {
  constructor(
    private readonly checkIns: CheckInService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(':id/checkin')
  @HttpCode(200)
  checkIn(
    @Param('id', guidParam('id')) id: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: CheckInDto,
  ): Promise<CheckInResponse> {
    if (body.apps && body.apps.length > this.config.maxAppsPerCheckIn) {
      throw new GraphError(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'requestTooLarge',
        `Invalid field 'apps': at most ${this.config.maxAppsPerCheckIn} apps per check-in.`,
        'apps',
      );
    }
    return this.checkIns.checkIn(id, bearerToken(authorization), body);
  }
}
