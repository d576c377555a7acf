import { DynamicModule, Global, Module } from '@nestjs/common';
import { ServerSecrets } from './secrets';
import { AppConfig } from './config/config';
import { APP_CONFIG, SERVER_SECRETS } from './tokens';

/** Process-wide configuration and secrets, available to every module. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, secrets: ServerSecrets): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: SERVER_SECRETS, useValue: secrets },
      ],
      exports: [APP_CONFIG, SERVER_SECRETS],
    };
  }
}
