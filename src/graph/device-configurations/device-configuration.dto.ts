import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsIn,
  IsOptional,
  IsObject,
  ValidateNested,
} from 'class-validator';
import { IsText } from '../../platform/http/validation';
import { COMPLIANT_APP_LIST_TYPES, CompliantAppListType } from '../../rules';
import { CONFIGURATION_TYPES } from './device-configuration.mapper';

/** Enough for any real app list; Graph allows up to 10,000 items, our request body limit less. */
export const MAX_LISTED_APPS = 500;

export class AppListItemDto {
  @IsOptional()
  @Equals('#microsoft.graph.appListItem', { message: 'must be #microsoft.graph.appListItem' })
  '@odata.type'?: string;

  @IsText(256) name!: string;
  @IsOptional() @IsText(256) publisher?: string | null;
  @IsOptional() @IsText(2048) appStoreUrl?: string | null;
  /** Bundle id (Apple) or package name (Android). */
  @IsText(256) appId!: string;
}

const CONFIGURATION_TYPE_NAMES = Object.values(CONFIGURATION_TYPES);
const TYPE_MESSAGE = `must be one of ${CONFIGURATION_TYPE_NAMES.join(', ')}`;
const LIST_TYPE_MESSAGE = `must be one of ${COMPLIANT_APP_LIST_TYPES.join(', ')}`;

export class CreateDeviceConfigurationDto {
  @IsIn(CONFIGURATION_TYPE_NAMES, { message: TYPE_MESSAGE })
  '@odata.type'!: string;

  @IsText(256) displayName!: string;
  @IsOptional() @IsText(2000) description?: string | null;

  @IsOptional()
  @IsIn(COMPLIANT_APP_LIST_TYPES, { message: LIST_TYPE_MESSAGE })
  compliantAppListType?: CompliantAppListType;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LISTED_APPS)
  // IsObject each: else a list element that is itself a list passes (nested lists are validated item by item).
  @IsObject({ each: true, message: 'must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => AppListItemDto)
  compliantAppsList?: AppListItemDto[];
}

/** Graph clients send `@odata.type` with a PATCH; the platform itself cannot change. */
export class UpdateDeviceConfigurationDto {
  @IsOptional()
  @IsIn(CONFIGURATION_TYPE_NAMES, { message: TYPE_MESSAGE })
  '@odata.type'?: string;

  @IsOptional() @IsText(256) displayName?: string;
  @IsOptional() @IsText(2000) description?: string | null;

  @IsOptional()
  @IsIn(COMPLIANT_APP_LIST_TYPES, { message: LIST_TYPE_MESSAGE })
  compliantAppListType?: CompliantAppListType;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LISTED_APPS)
  @IsObject({ each: true, message: 'must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => AppListItemDto)
  compliantAppsList?: AppListItemDto[];
}
