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
import { graphRequestOf } from '../graph-http/graph-request';
import {
  isPropertyProblem,
  readAppProperties,
  StoredAppProperties,
} from '../graph/mobile-apps/mobile-app-properties';
import { Platform } from '../collection-rules';
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
    const odataType = body['@odata.type'];
    const platform = platformOfMobileAppType(odataType)!;
    const idProperty = APP_ID_PROPERTY[platform];
    refuseOtherIdProperties(platform, odataType, body);
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
        documented: documentedProperties(platform, odataType, body),
      },
      auditActorOf(admin),
    );
    return {
      '@odata.context': entityContext(request, 'deviceAppManagement/mobileApps'),
      ...toMobileApp(mobileAppRowOf(app), graphRequestOf(request).version),
    };
  }

  /** Graph answers 200 with the updated app (see its iosStoreApp/win32LobApp/… update pages). */
  @Patch(':id')
  @HttpCode(200)
  @RequirePermission('administer')
  async update(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Body() body: UpdateMobileAppDto,
    @Req() request: FastifyRequest,
  ) {
    const stored = await this.apps.get(admin.tenantId, id);
    const odataType = MOBILE_APP_TYPES[stored.platform];
    if (body['@odata.type'] !== undefined && body['@odata.type'] !== odataType) {
      throw invalidRequest(
        '@odata.type',
        "Invalid field '@odata.type': the type of a mobile app cannot change.",
      );
    }
    refuseOtherIdProperties(stored.platform, odataType, body);
    const idProperty = APP_ID_PROPERTY[stored.platform];
    const appId = body[idProperty];
    if (appId !== undefined && appId !== stored.appId) {
      throw invalidRequest(
        idProperty,
        `Invalid field '${idProperty}': the app id cannot change (devices report the app under it); create another app instead.`,
      );
    }
    const app = await this.apps.update(
      admin.tenantId,
      id,
      {
        displayName: body.displayName,
        publisher: body.publisher,
        description: body.description,
        documented: documentedProperties(stored.platform, odataType, body),
      },
      auditActorOf(admin),
    );
    return {
      '@odata.context': entityContext(request, 'deviceAppManagement/mobileApps'),
      ...toMobileApp(mobileAppRowOf(app), graphRequestOf(request).version),
    };
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

/** Another type's app id property (e.g. packageId on an iosStoreApp) is refused, naming the right one. */
function refuseOtherIdProperties(
  platform: Platform,
  odataType: string,
  body: Partial<Record<(typeof MOBILE_APP_ID_PROPERTIES)[number], unknown>>,
): void {
  const idProperty = APP_ID_PROPERTY[platform];
  for (const property of MOBILE_APP_ID_PROPERTIES) {
    // macOSLobApp documents fileName (its package file) beside its bundleId.
    if (property === 'fileName' && platform === 'macos') continue;
    if (property !== idProperty && body[property] !== undefined) {
      throw invalidRequest(
        property,
        `Invalid field '${property}': ${odataType} carries its app id in ${idProperty}.`,
      );
    }
  }
}

function documentedProperties(
  platform: Platform,
  odataType: string,
  body: object,
): StoredAppProperties {
  const read = readAppProperties(
    platform,
    odataType,
    body as Record<string, unknown>,
    APP_ID_PROPERTY[platform],
  );
  if (isPropertyProblem(read)) {
    throw invalidRequest(read.property, `Invalid field '${read.property}': ${read.message}.`);
  }
  return read;
}
