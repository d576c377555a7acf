import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Controller, HttpCode, Post } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import {
  AuthenticatedDevice,
  CallingDevice,
  DeviceChannelCredential,
} from '../device-channel/device-authentication';
import { jsonTransport } from '../device-channel/json/json-report';
import { DeviceMessage } from '../device-channel/json/json-transport';
import { openApiSchemaOf } from '../device-channel/json/message-validator';
import { CheckInRequest } from '../device-channel/json/messages';
import { CheckInService } from './check-in.service';
import { CheckInResponse } from './device-channel.types';

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
