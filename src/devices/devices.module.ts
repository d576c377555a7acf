import { Module } from '@nestjs/common';
import { ManagedDeviceUpdatesController } from './managed-device-updates.controller';
import { ManagedDeviceUpdatesService } from './managed-device-updates.service';

@Module({
  controllers: [ManagedDeviceUpdatesController],
  providers: [ManagedDeviceUpdatesService],
})
export class DevicesModule {}
