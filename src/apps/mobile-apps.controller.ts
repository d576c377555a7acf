import {
  Body,
  Controller,
  Delete,
  HttpCode,
  Param,
  Patch,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '../admin-auth/admin-auth.guard';
import {
  auditActorOf,
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../admin-auth/authenticated-admin';
import { invalidRequest } from '../common/graph-error';
import { guidParam } from '../common/guid.pipe';
import { entityContext } from '../graph-http/odata-response';
import { AssignMobileAppDto, CreateMobileAppDto, UpdateMobileAppDto } from './dto/mobile-app.dto';
import { ManagedAppsService } from './managed-apps.service';
import { MOBILE_APP_TYPES, mobileAppRowOf, toMobileApp } from '../graph/mobile-app';
import {
  APP_ID_PROPERTY,
  MOBILE_APP_ID_PROPERTIES,
  platformOfMobileAppType,
} from './mobile-app-types';

/** Changes to Graph's mobileApps (the tenant's deployed apps); reads are served by the query API. */
@Controller(['v1.0/deviceAppManagement/mobileApps', 'beta/deviceAppManagement/mobileApps'])
@UseGuards(AdminAuthGuard)
export class MobileAppsController {
  constructor(private readonly apps: ManagedAppsService) {}

  @Post()
  @RequirePermission('administer')
  async create(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Body() body: CreateMobileAppDto,
    @Req() request: FastifyRequest,
  ) {
    const platform = platformOfMobileAppType(body['@odata.type'])!;
    const idProperty = APP_ID_PROPERTY[platform];
    for (const property of MOBILE_APP_ID_PROPERTIES) {
      if (property !== idProperty && body[property] !== undefined) {
        throw invalidRequest(
          property,
          `Invalid field '${property}': ${body['@odata.type']} carries its app id in ${idProperty}.`,
        );
      }
    }
    const appId = body[idProperty];
    if (appId === undefined || appId === null) {
      throw invalidRequest(idProperty, `Invalid field '${idProperty}': is required.`);
    }
    const app = await this.apps.create(
      admin.tenantId,
      {
        platform,
        appId,
        displayName: body.displayName,
        publisher: body.publisher ?? null,
        description: body.description ?? null,
      },
      auditActorOf(admin),
    );
    return {
      '@odata.context': entityContext(request, 'deviceAppManagement/mobileApps'),
      ...toMobileApp(mobileAppRowOf(app)),
    };
  }

  @Patch(':id')
  @HttpCode(204)
  @RequirePermission('administer')
  async update(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Body() body: UpdateMobileAppDto,
  ): Promise<void> {
    const odataType = body['@odata.type'];
    if (odataType !== undefined) {
      const app = await this.apps.get(admin.tenantId, id);
      if (odataType !== MOBILE_APP_TYPES[app.platform]) {
        throw invalidRequest(
          '@odata.type',
          "Invalid field '@odata.type': the type of a mobile app cannot change.",
        );
      }
    }
    await this.apps.update(
      admin.tenantId,
      id,
      { displayName: body.displayName, publisher: body.publisher, description: body.description },
      auditActorOf(admin),
    );
  }

  @Post(':id/assign')
  @HttpCode(204)
  @RequirePermission('administer')
  assign(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Body() body: AssignMobileAppDto,
  ): Promise<void> {
    const [assignment] = body.mobileAppAssignments;
    return this.apps.assign(admin.tenantId, id, assignment?.intent ?? null, auditActorOf(admin));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('administer')
  delete(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
  ): Promise<void> {
    return this.apps.delete(admin.tenantId, id, auditActorOf(admin));
  }
}
