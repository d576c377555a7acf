import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DEVICE_CLEANUP_DAYS } from './tenant-settings.service';

/** PATCH /admin/settings: what an administrator may change. `null` turns the cleanup rule off. */
export class UpdateTenantSettingsDto {
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) diagnosticsEnabled?: boolean;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of days, or null' })
  @Min(DEVICE_CLEANUP_DAYS.min)
  @Max(DEVICE_CLEANUP_DAYS.max)
  deviceCleanupDays?: number | null;
}

/**
 * Graph's managedDeviceCleanupSettings: the number of days is a string there (Edm.String), from 30
 * to 270 as Intune accepts; `null` turns the rule off.
 */
export class ManagedDeviceCleanupSettingsDto {
  @IsOptional()
  @Matches(/^(3\d|[4-9]\d|1\d\d|2[0-6]\d|270)$/, {
    message: `must be a number of days from ${DEVICE_CLEANUP_DAYS.min} to ${DEVICE_CLEANUP_DAYS.max}, as a string, or null`,
  })
  deviceInactivityBeforeRetirementInDays?: string | null;
}
