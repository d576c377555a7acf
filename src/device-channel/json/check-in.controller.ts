import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Controller, HttpCode, Post } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import {
  AuthenticatedDevice,
  CallingDevice,
  DeviceChannelCredential,
} from '../../platform/auth/device-authentication';
import { jsonTransport } from './json-report';
import { DeviceMessage } from './json-transport';
import { openApiSchemaOf } from './message-validator';
import { CheckInRequest } from './messages';
import { CheckInService } from '../check-in.service';
import { CheckInResponse } from '../contract/device-channel.types';

@ApiTags('device channel')
@ApiBearerAuth()
@Controller('enrollment/v1/devices')
export class CheckInController {
  constructor(private readonly checkIns: CheckInService) {}

  @Post(':id/checkin')
  @HttpCode(200)
  @DeviceChannelCredential('deviceCredential')
  @RouteSchema({ body: CheckInRequest })
  @ApiBody({ schema: openApiSchemaOf(CheckInRequest) })
  checkIn(
    @CallingDevice() device: AuthenticatedDevice,
    @DeviceMessage() body: CheckInRequest,
  ): Promise<CheckInResponse> {
    return this.checkIns.checkIn(device, jsonTransport.reportOf(body));
  }
}
