import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/tokens';
import { databaseErrorCode, WriteTransactions } from '../../platform/database/write-transactions';
import { RetentionService } from './retention.service';
import { claimScheduledRun, shortestInterval } from './schedule-claim';

const JOB = 'retention';

/**
 * Runs retention on the schedule RETENTION_SCHEDULE (cron; hourly by default) inside the server,
 * through @nestjs/schedule (stopped when the application closes). Several instances on one
 * PostgreSQL each tick, and one of them runs it per period (claimScheduledRun).
 */
@Injectable()
export class RetentionSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly retention: RetentionService,
    private readonly transactions: WriteTransactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const schedule = this.config.retention.schedule;
    if (!schedule) return;
    const job: CronJob = CronJob.from({
      cronTime: schedule,
      onTick: async (): Promise<void> => {
        await this.tick(job);
      },
      waitForCompletion: true,
      unrefTimeout: true,
    });
    this.registry.addCronJob(JOB, job);
    job.start();
  }

  /** Claims and runs this period's retention; resolves to whether this instance ran it. */
  async tick(job: CronJob): Promise<boolean> {
    const now = Date.now();
    const interval = shortestInterval(job.nextDates(5).map((date) => date.toMillis()));
    try {
      const claimed = await this.transactions.run((tx) =>
        claimScheduledRun(tx, JOB, now, interval),
      );
      if (!claimed) return false;
      const result = await this.retention.runForEveryTenant(now);
      this.logger.log(`Retention ran: ${JSON.stringify(result)}`);
      return true;
    } catch (error) {
      // Counts and codes only: nothing a row holds reaches the log.
      const code = databaseErrorCode(error);
      this.logger.error(`Retention failed${code ? ` (${code})` : ''}`);
      return false;
    }
  }
}
