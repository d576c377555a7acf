import { Controller, Get, Param, Req, StreamableFile, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '../../platform/auth/admin-auth.guard';
import {
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../platform/auth/authenticated-admin';
import { guidParam } from '../../platform/http/guid.pipe';
import { graphRequestOf } from '../../graph/http/graph-request';
import { DevicePrivacyView, PrivacyService } from '../../privacy/privacy.service';
import {
  AdminViewsService,
  DeviceActionHistory,
  DeviceComplianceView,
  ManagedDeviceCounts,
  SignedInAdmin,
} from './admin-views.service';

const NOT_FOUND = 'itemNotFound: unknown device id, or another tenant’s';

/** Read-only admin views beyond Graph's routes (used by the admin console; every role may read). */
@Controller(['v1.0/admin', 'beta/admin'])
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@RequirePermission('read')
export class AdminViewsController {
  constructor(
    private readonly views: AdminViewsService,
    private readonly privacy: PrivacyService,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'The signed-in admin: UPN, role, what the role allows, tenant' })
  me(@CurrentAdmin() admin: AuthenticatedAdmin): Promise<SignedInAdmin> {
    return this.views.me(admin);
  }

  @Get('managedDeviceCounts')
  @ApiOperation({ summary: 'Managed devices counted per operating system and owner type' })
  counts(@CurrentAdmin() admin: AuthenticatedAdmin): Promise<ManagedDeviceCounts> {
    return this.views.counts(admin.tenantId);
  }

  @Get('managedDevices/export')
  @ApiOperation({
    summary: 'The devices a filter selects, as CSV (streamed)',
    description:
      'Takes the `$filter`, `$search` and `$orderby` of `GET /beta/deviceManagement/managedDevices` ' +
      '(beta: `managementState` is filterable); any other `$` option is a 400. One header line of ' +
      'Graph property names, then one line per device.',
  })
  @ApiQuery({ name: '$filter', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: '$search', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: '$orderby', required: false, schema: { type: 'string' } })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv; charset=utf-8, as an attachment' })
  export(@CurrentAdmin() admin: AuthenticatedAdmin, @Req() request: FastifyRequest) {
    return new StreamableFile(this.views.exportCsv(admin.tenantId, graphRequestOf(request)), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="managed-devices.csv"',
    });
  }

  @Get('managedDevices/:id/privacy')
  @ApiOperation({
    summary: 'What is kept about the device and why (the device user’s privacy view)',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  privacyView(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
  ): Promise<DevicePrivacyView> {
    return this.privacy.adminViewFor(admin.tenantId, id);
  }

  @Get('managedDevices/:id/compliance')
  @ApiOperation({ summary: 'The device’s compliance state and the offending app, if any' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  compliance(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
  ): Promise<DeviceComplianceView> {
    return this.views.compliance(admin.tenantId, id);
  }

  @Get('managedDevices/:id/actionHistory')
  @ApiOperation({
    summary: 'Every remote action requested for the device, newest first',
    description: 'Also answers for a retired or wiped device of the tenant (its tombstone).',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  actionHistory(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
  ): Promise<DeviceActionHistory> {
    return this.views.actionHistory(admin.tenantId, id);
  }
}
