import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../tokens';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './migrate';
import { SharedSecretsCheck } from './shared-secrets-check';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { SqliteStatistics } from './sqlite-statistics';
import { WriteTransactions } from './write-transactions';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(config.database),
      // Migrations own the schema and run on start, before anything is served.
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrations(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [WriteTransactions, SqliteStatistics, SqliteCheckpointer, SharedSecretsCheck],
  exports: [WriteTransactions, SqliteStatistics, SqliteCheckpointer],
})
export class DatabaseModule {}
