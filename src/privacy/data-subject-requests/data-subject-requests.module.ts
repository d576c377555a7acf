import { Module } from '@nestjs/common';
import { DataSubjectRequestsController } from './data-subject-requests.controller';
import { DataSubjectRequestsService } from './data-subject-requests.service';

@Module({
  controllers: [DataSubjectRequestsController],
  providers: [DataSubjectRequestsService],
})
export class DataSubjectRequestsModule {}
