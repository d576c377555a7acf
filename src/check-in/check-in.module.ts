import { Module } from '@nestjs/common';
import { DiagnosticsModule } from '../diagnostics/diagnostics.module';
import { CheckInController } from './check-in.controller';
import { CheckInService } from './check-in.service';

@Module({
  imports: [DiagnosticsModule],
  controllers: [CheckInController],
  providers: [CheckInService],
})
export class CheckInModule {}
