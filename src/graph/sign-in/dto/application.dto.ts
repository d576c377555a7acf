import { ArrayMaxSize, IsArray, IsISO8601, IsOptional, IsString } from 'class-validator';
import { IsText } from '../../../common/validation';

export class CreateApplicationDto {
  @IsText(200) displayName!: string;

  /** Graph application permission names, e.g. DeviceManagementManagedDevices.Read.All. */
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  permissions!: string[];

  /** Expiry of the first client secret (ISO 8601); absent = until revoked. */
  @IsOptional() @IsISO8601({ strict: true }) secretExpiresDateTime?: string;
}

export class AddClientSecretDto {
  @IsOptional() @IsISO8601({ strict: true }) endDateTime?: string;
}
