import { Module } from '@nestjs/common';
import { QueryModule } from '../query/query.module';
import { ManagedDeviceUpdatesController } from './managed-device-updates.controller';
import { ManagedDeviceUpdatesService } from './managed-device-updates.service';

@Module({
  imports: [QueryModule],
  controllers: [ManagedDeviceUpdatesController],
  providers: [ManagedDeviceUpdatesService],
})
export class DevicesModule {}
