import { Module } from '@nestjs/common';
import { ManagedAppsService } from './managed-apps.service';

@Module({ providers: [ManagedAppsService], exports: [ManagedAppsService] })
export class AppsModule {}
