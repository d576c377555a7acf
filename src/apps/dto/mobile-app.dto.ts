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
import { acceptReadOnly, IsText } from '../../common/validation';
import { MOBILE_APP_TYPE_NAMES as TYPE_NAMES } from '../mobile-app-types';
import {
  MOBILE_APP_DOCUMENTED_NAMES,
  MOBILE_APP_READ_ONLY,
} from '../../graph/mobile-apps/mobile-app-properties';

const TYPE_MESSAGE = { message: `must be one of ${TYPE_NAMES.join(', ')}` };

/**
 * A deployed app: `@odata.type` decides the platform, and the app's id goes in that type's property
 * (bundleId, packageId or fileName; checked by the controller).
 */
export class CreateMobileAppDto {
  @IsIn(TYPE_NAMES, TYPE_MESSAGE) '@odata.type'!: string;
  @IsText(256) displayName!: string;
  @IsOptional() @IsText(2000) description?: string | null;
  @IsOptional() @IsText(256) publisher?: string | null;
  @IsOptional() @IsText(256) bundleId?: string;
  @IsOptional() @IsText(256) packageId?: string;
  @IsOptional() @IsText(256) fileName?: string;
}

export class UpdateMobileAppDto {
  @IsOptional() @IsIn(TYPE_NAMES, TYPE_MESSAGE) '@odata.type'?: string;
  @IsOptional() @IsText(256) displayName?: string;
  @IsOptional() @IsText(2000) description?: string | null;
  @IsOptional() @IsText(256) publisher?: string | null;
  /** The app id cannot change; the same value (an object sent back unchanged) is accepted. */
  @IsOptional() @IsText(256) bundleId?: string;
  @IsOptional() @IsText(256) packageId?: string;
  @IsOptional() @IsText(256) fileName?: string;
}

/**
 * The other documented mobileApp properties pass the whitelist here and are checked per type by
 * readAppProperties (src/graph/mobile-apps/mobile-app-properties.ts), which knows which type has
 * which; read-only ones are accepted and ignored.
 */
const KEPT = {
  description:
    "A documented property of the app's type: kept and answered back (no effect on collection); checked per type, see docs/graph-properties.md.",
};
for (const dto of [CreateMobileAppDto, UpdateMobileAppDto]) {
  acceptReadOnly(dto, MOBILE_APP_READ_ONLY);
  for (const name of MOBILE_APP_DOCUMENTED_NAMES) {
    if (name !== 'fileName' && !MOBILE_APP_READ_ONLY.includes(name)) {
      Allow({ context: KEPT })(dto.prototype, name);
    }
  }
}

export class AllDevicesTargetDto {
  @Equals('#microsoft.graph.allDevicesAssignmentTarget', {
    message:
      'must be #microsoft.graph.allDevicesAssignmentTarget: apps are assigned to all devices of their platform',
  })
  '@odata.type'!: string;
}

export class MobileAppAssignmentDto {
  @IsOptional()
  @Equals('#microsoft.graph.mobileAppAssignment', {
    message: 'must be #microsoft.graph.mobileAppAssignment',
  })
  '@odata.type'?: string;

  @IsIn(['required', 'available'], { message: 'must be required or available' })
  intent!: 'required' | 'available';

  /** Read-only in Graph: accepted and ignored (an assignment read back and sent again has one). */
  @Allow({ context: { description: 'Read-only in Graph: accepted and ignored.' } }) id?: unknown;

  /** mobileAppAssignmentSettings (per-type install options): accepted and ignored here. */
  @IsOptional() @IsObject() settings?: Record<string, unknown> | null;

  @IsObject()
  @ValidateNested()
  @Type(() => AllDevicesTargetDto)
  target!: AllDevicesTargetDto;
}

/** Graph's assign action; an empty list removes the assignment. */
export class AssignMobileAppDto {
  @IsArray()
  @ArrayMaxSize(1, { message: 'must hold at most one assignment (all devices of the platform)' })
  // IsObject each: else a list element that is itself a list passes (nested lists are validated item by item).
  @IsObject({ each: true, message: 'must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => MobileAppAssignmentDto)
  mobileAppAssignments!: MobileAppAssignmentDto[];
}
