import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { RetentionController } from './retention.controller';
import { RetentionSchedule } from './retention-schedule';
import { RetentionService } from './retention.service';

@Module({
  imports: [ScheduleModule.forRoot()],
  controllers: [RetentionController],
  providers: [RetentionService, RetentionSchedule],
  exports: [RetentionService],
})
export class RetentionModule {}
