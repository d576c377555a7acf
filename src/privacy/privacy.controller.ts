import { Controller, Get, Headers, Param } from '@nestjs/common';
import { bearerToken } from '../common/bearer';
import { guidParam } from '../common/guid.pipe';
import { DevicePrivacyView, PrivacyService } from './privacy.service';

@Controller('enrollment/v1/devices')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  /** What my organization can see: each data category, whether and in what form it is kept, and why. */
  @Get(':id/privacy')
  view(
    @Param('id', guidParam('id')) id: string,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<DevicePrivacyView> {
    return this.privacy.viewFor(id, bearerToken(authorization));
  }
}
