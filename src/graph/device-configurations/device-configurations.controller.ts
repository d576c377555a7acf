import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '../../platform/auth/admin-auth.guard';
import {
  auditActorOf,
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../platform/auth/authenticated-admin';
import { invalidRequest } from '../../platform/http/graph-error';
import { GraphCollection } from '../http/graph-list';
import { guidParam } from '../../platform/http/guid.pipe';
import { entityContext } from '../http/odata-response';
import { ListedApp } from '../../rules';
import { DeviceConfigurationsService } from './device-configurations.service';
import {
  CONFIGURATION_TYPES,
  ConfigurationPlatform,
  DeviceConfigurationView,
  mapDeviceConfiguration,
  platformOfConfigurationType,
} from './device-configuration.mapper';
import {
  AppListItemDto,
  CreateDeviceConfigurationDto,
  UpdateDeviceConfigurationDto,
} from './device-configuration.dto';

const listedApps = (items: readonly AppListItemDto[]): ListedApp[] =>
  items.map((item) => ({
    appId: item.appId,
    displayName: item.name,
    publisher: item.publisher ?? null,
    appStoreUrl: item.appStoreUrl ?? null,
  }));

const ENTITY_SET = 'deviceManagement/deviceConfigurations';

/**
 * Graph's deviceConfigurations, as the iOS, Android and macOS device restriction profiles whose
 * compliant-app list is the compliant-app feature (docs/collection-rules.md "Apps").
 */
@Controller([
  'v1.0/deviceManagement/deviceConfigurations',
  'beta/deviceManagement/deviceConfigurations',
])
@UseGuards(AdminAuthGuard)
export class DeviceConfigurationsController {
  constructor(private readonly configurations: DeviceConfigurationsService) {}

  @Get()
  @RequirePermission('read')
  list(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Req() request: FastifyRequest,
  ): Promise<GraphCollection<Partial<DeviceConfigurationView>>> {
    return this.configurations.list(admin.tenantId, request);
  }

  @Get(':id')
  @RequirePermission('read')
  async get(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    const configuration = await this.configurations.get(admin.tenantId, id);
    return {
      '@odata.context': entityContext(request, ENTITY_SET),
      ...mapDeviceConfiguration(configuration),
    };
  }

  @Post()
  @RequirePermission('administer')
  async create(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Body() body: CreateDeviceConfigurationDto,
    @Req() request: FastifyRequest,
  ) {
    const configuration = await this.configurations.create(
      admin.tenantId,
      {
        platform: platformOfConfigurationType(body['@odata.type'])!,
        displayName: body.displayName,
        description: body.description ?? null,
        compliantAppListType: body.compliantAppListType ?? 'none',
        compliantAppsList: listedApps(body.compliantAppsList ?? []),
      },
      auditActorOf(admin),
    );
    return {
      '@odata.context': entityContext(request, ENTITY_SET),
      ...mapDeviceConfiguration(configuration),
    };
  }

  @Patch(':id')
  @HttpCode(204)
  @RequirePermission('administer')
  async update(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Body() body: UpdateDeviceConfigurationDto,
  ): Promise<void> {
    const odataType = body['@odata.type'];
    if (odataType !== undefined) {
      const current = await this.configurations.get(admin.tenantId, id);
      if (odataType !== CONFIGURATION_TYPES[current.platform as ConfigurationPlatform]) {
        throw invalidRequest(
          '@odata.type',
          "Invalid field '@odata.type': the platform of a device configuration cannot change.",
        );
      }
    }
    await this.configurations.update(
      admin.tenantId,
      id,
      {
        displayName: body.displayName,
        description: body.description,
        compliantAppListType: body.compliantAppListType,
        compliantAppsList: body.compliantAppsList && listedApps(body.compliantAppsList),
      },
      auditActorOf(admin),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('administer')
  async delete(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
  ): Promise<void> {
    await this.configurations.delete(admin.tenantId, id, auditActorOf(admin));
  }
}
