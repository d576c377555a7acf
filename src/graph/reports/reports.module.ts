import { Module } from '@nestjs/common';
import { ExportDownloadsController, ExportJobsController } from './export-jobs.controller';
import { ExportJobsService } from './export-jobs.service';

/** deviceManagement/reports: the export jobs (DevicesWithInventory, AppInvRawData). */
@Module({
  controllers: [ExportJobsController, ExportDownloadsController],
  providers: [ExportJobsService],
  exports: [ExportJobsService],
})
export class ReportsModule {}
