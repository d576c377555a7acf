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
import { AdminAuthGuard } from '../admin-auth/admin-auth.guard';
import {
  auditActorOf,
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../admin-auth/authenticated-admin';
import { invalidRequest } from '../common/graph-error';
import { GraphCollection } from '../graph-http/graph-list';
import { guidParam } from '../common/guid.pipe';
import { entityContext } from '../graph-http/odata-response';
import { ListedApp } from './compliance-policy.entity';
import { CompliancePoliciesService } from './compliance-policies.service';
import {
  appListTypeOf,
  DeviceCompliancePolicyView,
  mapDeviceCompliancePolicy,
  platformOfPolicyType,
  POLICY_TYPES,
} from './device-compliance-policy.mapper';
import {
  AppListItemDto,
  CreateDeviceCompliancePolicyDto,
  UpdateDeviceCompliancePolicyDto,
} from './dto/device-compliance-policy.dto';

const listedApps = (items: readonly AppListItemDto[]): ListedApp[] =>
  items.map((item) => ({
    appId: item.appId,
    displayName: item.name,
    publisher: item.publisher ?? null,
    appStoreUrl: item.appStoreUrl ?? null,
  }));

const ENTITY_SET = 'deviceManagement/deviceCompliancePolicies';

/** Graph's deviceCompliancePolicies, as app-list rules: the compliant-app feature. */
@Controller([
  'v1.0/deviceManagement/deviceCompliancePolicies',
  'beta/deviceManagement/deviceCompliancePolicies',
])
@UseGuards(AdminAuthGuard)
export class DeviceCompliancePoliciesController {
  constructor(private readonly policies: CompliancePoliciesService) {}

  @Get()
  @RequirePermission('read')
  list(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Req() request: FastifyRequest,
  ): Promise<GraphCollection<Partial<DeviceCompliancePolicyView>>> {
    return this.policies.list(admin.tenantId, request);
  }

  @Get(':id')
  @RequirePermission('read')
  async get(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    const policy = await this.policies.get(admin.tenantId, id);
    return {
      '@odata.context': entityContext(request, ENTITY_SET),
      ...mapDeviceCompliancePolicy(policy),
    };
  }

  @Post()
  @RequirePermission('administer')
  async create(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Body() body: CreateDeviceCompliancePolicyDto,
    @Req() request: FastifyRequest,
  ) {
    const policy = await this.policies.create(
      admin.tenantId,
      {
        platform: platformOfPolicyType(body['@odata.type'])!,
        displayName: body.displayName,
        description: body.description ?? null,
        appListType: appListTypeOf(body.compliantAppListType),
        apps: listedApps(body.compliantAppsList),
      },
      auditActorOf(admin),
    );
    return {
      '@odata.context': entityContext(request, ENTITY_SET),
      ...mapDeviceCompliancePolicy(policy),
    };
  }

  @Patch(':id')
  @HttpCode(204)
  @RequirePermission('administer')
  async update(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Body() body: UpdateDeviceCompliancePolicyDto,
  ): Promise<void> {
    const odataType = body['@odata.type'];
    if (odataType !== undefined) {
      const current = await this.policies.get(admin.tenantId, id);
      if (odataType !== POLICY_TYPES[current.platform]) {
        throw invalidRequest(
          '@odata.type',
          "Invalid field '@odata.type': the platform of a compliance policy cannot change.",
        );
      }
    }
    await this.policies.update(
      admin.tenantId,
      id,
      {
        displayName: body.displayName,
        description: body.description,
        appListType: body.compliantAppListType && appListTypeOf(body.compliantAppListType),
        apps: body.compliantAppsList && listedApps(body.compliantAppsList),
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
    await this.policies.delete(admin.tenantId, id, auditActorOf(admin));
  }
}
