import { Module } from '@nestjs/common';
import { DiagnosticsModule } from '../diagnostics/diagnostics.module';
import { CheckInController } from './check-in.controller';
import { CheckInStore } from '../device-channel/check-in.store';
import { CheckInService } from './check-in.service';

@Module({
  imports: [DiagnosticsModule],
  controllers: [CheckInController],
  providers: [CheckInService, CheckInStore],
})
export class CheckInModule {}
