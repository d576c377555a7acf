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
import { guidParam } from '../../platform/http/guid.pipe';
import { Platform } from '../../rules';
import { graphRequestOf } from '../http/graph-request';
import { collectionResponse, entityContext, navigationPath } from '../http/odata-response';
import { readPolicySettings } from './compliance-policy-settings';
import { DeviceCompliancePoliciesService } from './device-compliance-policies.service';
import {
  ASSIGNMENT_TARGET_TYPES,
  COMPLIANCE_POLICY_TYPES,
  mapAssignment,
  mapDeviceCompliancePolicy,
  platformOfCompliancePolicyType,
} from './device-compliance-policy.mapper';
import {
  AssignDeviceCompliancePolicyDto,
  CreateDeviceCompliancePolicyDto,
  UpdateDeviceCompliancePolicyDto,
} from './device-compliance-policy.dto';
import type { CompliancePolicyAssignment } from '../../platform/database/entities/device-compliance-policy.entity';

const ENTITY_SET = 'deviceManagement/deviceCompliancePolicies';

function settingsOf(platform: Platform, odataType: string, body: object, request: FastifyRequest) {
  const read = readPolicySettings(
    platform,
    odataType,
    body as Record<string, unknown>,
    graphRequestOf(request).version,
  );
  if (!read.ok) {
    throw invalidRequest(read.property, `Invalid field '${read.property}': ${read.message}.`);
  }
  return read.settings;
}

const targetTypeOf = (odataType: string) =>
  (Object.keys(ASSIGNMENT_TARGET_TYPES) as CompliancePolicyAssignment['targetType'][]).find(
    (type) => ASSIGNMENT_TARGET_TYPES[type] === odataType,
  )!;

/**
 * Graph's deviceCompliancePolicies: iOS, Android, macOS and Windows 10 compliance policies with
 * their documented settings, assigned to all devices of their platform and evaluated at each
 * check-in (docs/graph-api.md "deviceCompliancePolicies").
 */
@Controller([
  'v1.0/deviceManagement/deviceCompliancePolicies',
  'beta/deviceManagement/deviceCompliancePolicies',
])
@UseGuards(AdminAuthGuard)
export class DeviceCompliancePoliciesController {
  constructor(private readonly policies: DeviceCompliancePoliciesService) {}

  @Get()
  @RequirePermission('read')
  list(@CurrentAdmin() admin: AuthenticatedAdmin, @Req() request: FastifyRequest) {
    return this.policies.list(admin.tenantId, request, graphRequestOf(request).version);
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
      ...mapDeviceCompliancePolicy(policy, graphRequestOf(request).version),
    };
  }

  @Post()
  @RequirePermission('administer')
  async create(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Body() body: CreateDeviceCompliancePolicyDto,
    @Req() request: FastifyRequest,
  ) {
    const odataType = body['@odata.type'];
    const platform = platformOfCompliancePolicyType(odataType)!;
    const policy = await this.policies.create(
      admin.tenantId,
      {
        platform,
        displayName: body.displayName,
        description: body.description ?? null,
        settings: settingsOf(platform, odataType, body, request),
      },
      auditActorOf(admin),
    );
    return {
      '@odata.context': entityContext(request, ENTITY_SET),
      ...mapDeviceCompliancePolicy(policy, graphRequestOf(request).version),
    };
  }

  /** Graph answers 200 with the updated policy (intune-deviceconfig-*compliancepolicy-update.md). */
  @Patch(':id')
  @HttpCode(200)
  @RequirePermission('administer')
  async update(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Body() body: UpdateDeviceCompliancePolicyDto,
    @Req() request: FastifyRequest,
  ) {
    const current = await this.policies.get(admin.tenantId, id);
    const odataType = COMPLIANCE_POLICY_TYPES[current.platform];
    if (body['@odata.type'] !== undefined && body['@odata.type'] !== odataType) {
      throw invalidRequest(
        '@odata.type',
        "Invalid field '@odata.type': the platform of a compliance policy cannot change.",
      );
    }
    const policy = await this.policies.update(
      admin.tenantId,
      id,
      {
        displayName: body.displayName,
        description: body.description,
        settings: settingsOf(current.platform, odataType, body, request),
      },
      auditActorOf(admin),
    );
    return {
      '@odata.context': entityContext(request, ENTITY_SET),
      ...mapDeviceCompliancePolicy(policy, graphRequestOf(request).version),
    };
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('administer')
  delete(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
  ): Promise<void> {
    return this.policies.delete(admin.tenantId, id, auditActorOf(admin));
  }

  /** Graph answers 200 with the assignments (intune-deviceconfig-devicecompliancepolicy-assign.md). */
  @Post(':id/assign')
  @HttpCode(200)
  @RequirePermission('administer')
  async assign(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Body() body: AssignDeviceCompliancePolicyDto,
    @Req() request: FastifyRequest,
  ) {
    const assignments = await this.policies.assign(
      admin.tenantId,
      id,
      body.assignments.map((assignment) => targetTypeOf(assignment.target['@odata.type'])),
      auditActorOf(admin),
    );
    return collectionResponse(
      graphRequestOf(request),
      'Collection(microsoft.graph.deviceCompliancePolicyAssignment)',
      {
        value: assignments.map(mapAssignment),
      },
    );
  }

  @Get(':id/assignments')
  @RequirePermission('read')
  async assignments(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    const policy = await this.policies.get(admin.tenantId, id);
    return collectionResponse(
      graphRequestOf(request),
      navigationPath(ENTITY_SET, policy.id, 'assignments'),
      { value: policy.assignments.map(mapAssignment) },
    );
  }

  @Get(':id/deviceStatuses')
  @RequirePermission('read')
  deviceStatuses(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.policies.deviceStatuses(admin.tenantId, id, request);
  }

  @Get(':id/deviceStatusOverview')
  @RequirePermission('read')
  async deviceStatusOverview(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    return {
      '@odata.context': entityContext(
        request,
        navigationPath(ENTITY_SET, id, 'deviceStatusOverview'),
      ),
      ...(await this.policies.deviceStatusOverview(admin.tenantId, id)),
    };
  }
}

/** managedDevice.deviceCompliancePolicyStates: the device's state on each policy that applies. */
@Controller(['v1.0/deviceManagement/managedDevices', 'beta/deviceManagement/managedDevices'])
@UseGuards(AdminAuthGuard)
export class DeviceCompliancePolicyStatesController {
  constructor(private readonly policies: DeviceCompliancePoliciesService) {}

  @Get(':id/deviceCompliancePolicyStates')
  @RequirePermission('read')
  async list(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    return collectionResponse(
      graphRequestOf(request),
      navigationPath('deviceManagement/managedDevices', id, 'deviceCompliancePolicyStates'),
      { value: await this.policies.policyStatesOfDevice(admin.tenantId, id) },
    );
  }
}
