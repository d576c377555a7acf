import { Module } from '@nestjs/common';
import { DeviceConfigurationsController } from './device-configurations.controller';
import { DeviceConfigurationsService } from './device-configurations.service';

@Module({
  controllers: [DeviceConfigurationsController],
  providers: [DeviceConfigurationsService],
  exports: [DeviceConfigurationsService],
})
export class DeviceConfigurationsModule {}
