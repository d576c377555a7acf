import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsIn,
  IsOptional,
  IsObject,
  ValidateNested,
} from 'class-validator';
import { IsText } from '../../common/validation';
import {
  COMPLIANT_APP_LIST_TYPES,
  CompliantAppListType,
  POLICY_TYPES,
} from '../device-compliance-policy.mapper';

/** Enough for any real app list; Intune caps its own lists well below. */
export const MAX_LISTED_APPS = 500;

export class AppListItemDto {
  @IsOptional()
  @Equals('#microsoft.graph.appListItem', { message: 'must be #microsoft.graph.appListItem' })
  '@odata.type'?: string;

  @IsText(256) name!: string;
  @IsOptional() @IsText(256) publisher?: string | null;
  @IsOptional() @IsText(2048) appStoreUrl?: string | null;
  /** Bundle id (Apple), package name (Android) or product code / program name (Windows). */
  @IsText(256) appId!: string;
}

const POLICY_TYPE_NAMES = Object.values(POLICY_TYPES);

export class CreateDeviceCompliancePolicyDto {
  @IsIn(POLICY_TYPE_NAMES, { message: `must be one of ${POLICY_TYPE_NAMES.join(', ')}` })
  '@odata.type'!: string;

  @IsText(256) displayName!: string;
  @IsOptional() @IsText(2000) description?: string | null;

  @IsIn(COMPLIANT_APP_LIST_TYPES, {
    message: `must be one of ${COMPLIANT_APP_LIST_TYPES.join(', ')}`,
  })
  compliantAppListType!: CompliantAppListType;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LISTED_APPS)
  // IsObject each: else a list element that is itself a list passes (nested lists are validated item by item).
  @IsObject({ each: true, message: 'must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => AppListItemDto)
  compliantAppsList!: AppListItemDto[];
}

/** Graph clients send `@odata.type` with a PATCH; the platform itself cannot change. */
export class UpdateDeviceCompliancePolicyDto {
  @IsOptional()
  @IsIn(POLICY_TYPE_NAMES, { message: `must be one of ${POLICY_TYPE_NAMES.join(', ')}` })
  '@odata.type'?: string;

  @IsOptional() @IsText(256) displayName?: string;
  @IsOptional() @IsText(2000) description?: string | null;

  @IsOptional()
  @IsIn(COMPLIANT_APP_LIST_TYPES, {
    message: `must be one of ${COMPLIANT_APP_LIST_TYPES.join(', ')}`,
  })
  compliantAppListType?: CompliantAppListType;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LISTED_APPS)
  @IsObject({ each: true, message: 'must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => AppListItemDto)
  compliantAppsList?: AppListItemDto[];
}
