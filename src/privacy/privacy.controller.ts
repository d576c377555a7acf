import { Controller, Get } from '@nestjs/common';
import {
  AuthenticatedDevice,
  CallingDevice,
  DeviceChannelCredential,
} from '../device-channel/device-authentication';
import { DevicePrivacyView, PrivacyService } from './privacy.service';

@Controller('enrollment/v1/devices')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  /** What my organization can see: each data category, whether and in what form it is kept, and why. */
  @Get(':id/privacy')
  @DeviceChannelCredential('deviceCredential')
  view(@CallingDevice() device: AuthenticatedDevice): Promise<DevicePrivacyView> {
    return this.privacy.viewFor(device);
  }
}
