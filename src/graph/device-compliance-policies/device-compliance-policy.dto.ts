import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  Equals,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  ValidateNested,
} from 'class-validator';
import { acceptReadOnly, IsText } from '../../platform/http/validation';
import {
  BETA_COMPLIANCE_POLICY_SETTINGS,
  COMPLIANCE_POLICY_IGNORED,
  COMPLIANCE_POLICY_SETTINGS,
  COMPLIANCE_POLICY_READ_ONLY,
  COMPLIANCE_POLICY_SETTING_NAMES,
} from './compliance-policy-settings';
import {
  ASSIGNMENT_TARGET_TYPES,
  COMPLIANCE_POLICY_TYPES,
} from './device-compliance-policy.mapper';

const TYPE_NAMES = Object.values(COMPLIANCE_POLICY_TYPES);
const TYPE_MESSAGE = { message: `must be one of ${TYPE_NAMES.join(', ')}` };

/** A compliance policy: `@odata.type` decides the platform; its settings are checked per type. */
export class CreateDeviceCompliancePolicyDto {
  @IsIn(TYPE_NAMES, TYPE_MESSAGE) '@odata.type'!: string;
  @IsText(256) displayName!: string;
  @IsOptional() @IsText(2000) description?: string | null;
}

/** Graph clients send `@odata.type` with a PATCH; the platform itself cannot change. */
export class UpdateDeviceCompliancePolicyDto {
  @IsOptional() @IsIn(TYPE_NAMES, TYPE_MESSAGE) '@odata.type'?: string;
  @IsOptional() @IsText(256) displayName?: string;
  @IsOptional() @IsText(2000) description?: string | null;
}

/**
 * The documented settings pass the whitelist here and are checked per type by readPolicySettings
 * (compliance-policy-settings.ts), which knows which type has which.
 */
const KEPT = {
  description:
    "A documented setting of the policy's type: kept and answered back; see docs/graph-properties.md for the ones evaluated at check-in.",
};
/** Names no type has on v1.0 (deviceThreatProtectionEnabled is beta-only on Windows alone). */
const V1_NAMES = new Set(
  Object.values(COMPLIANCE_POLICY_SETTINGS).flatMap((type) => Object.keys(type)),
);
const BETA_ONLY = new Set(
  Object.values(BETA_COMPLIANCE_POLICY_SETTINGS)
    .flatMap((type) => Object.keys(type))
    .filter((name) => !V1_NAMES.has(name)),
);
const KEPT_BETA = {
  description:
    "A setting Graph documents on beta only: on /beta kept and answered back — evaluated at check-in for validOperatingSystemBuildRanges (Windows build), not evaluated otherwise (no device reports what it needs here); on /v1.0 refused with a 400, as Graph's v1.0 schema lacks it.",
};
const IGNORED = {
  description: 'Documented and writable in Graph, without effect here: accepted and ignored.',
};
for (const dto of [CreateDeviceCompliancePolicyDto, UpdateDeviceCompliancePolicyDto]) {
  acceptReadOnly(dto, COMPLIANCE_POLICY_READ_ONLY);
  for (const name of COMPLIANCE_POLICY_SETTING_NAMES) {
    Allow({ context: BETA_ONLY.has(name) ? KEPT_BETA : KEPT })(dto.prototype, name);
  }
  for (const name of COMPLIANCE_POLICY_IGNORED) Allow({ context: IGNORED })(dto.prototype, name);
}

const TARGET_NAMES = Object.values(ASSIGNMENT_TARGET_TYPES);

export class CompliancePolicyTargetDto {
  @IsIn(TARGET_NAMES, {
    message: `must be one of ${TARGET_NAMES.join(', ')}: policies apply to all devices of their platform (there are no groups here)`,
  })
  '@odata.type'!: string;
}

export class CompliancePolicyAssignmentDto {
  @IsOptional()
  @Equals('#microsoft.graph.deviceCompliancePolicyAssignment', {
    message: 'must be #microsoft.graph.deviceCompliancePolicyAssignment',
  })
  '@odata.type'?: string;

  /** Read-only in Graph: accepted and ignored (an assignment read back and sent again has one). */
  @Allow({ context: { description: 'Read-only in Graph: accepted and ignored.' } }) id?: unknown;

  @IsObject()
  @ValidateNested()
  @Type(() => CompliancePolicyTargetDto)
  target!: CompliancePolicyTargetDto;
}

/** Graph's assign action: the policy's assignments replaced; an empty list unassigns it. */
export class AssignDeviceCompliancePolicyDto {
  @IsArray()
  @ArrayMaxSize(TARGET_NAMES.length)
  // IsObject each: else a list element that is itself a list passes.
  @IsObject({ each: true, message: 'must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => CompliancePolicyAssignmentDto)
  assignments!: CompliancePolicyAssignmentDto[];
}
