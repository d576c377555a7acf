import { IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { IsIdentifier, IsText } from '../../common/validation';
import {
  checkAndroidId,
  checkE164PhoneNumber,
  checkEid,
  checkIccid,
  checkImei,
  checkIpAddress,
  checkMacAddress,
  checkMeid,
  checkWindowsDeviceId,
  IdentifierCheck,
} from '../../identifiers';

const MAX_BYTES = Number.MAX_SAFE_INTEGER;

/**
 * Serials and UDIDs have per-platform formats, which a DTO cannot know; here they are only bounded
 * text, and the service checks them against the device's platform (checkSerialNumber, checkUdid).
 */
export const anyFormat = (raw: string): IdentifierCheck =>
  /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(raw.trim())
    ? { ok: true, value: raw }
    : { ok: false, problem: 'must be 1–64 letters, digits or hyphens' };

/**
 * Hardware inventory fields shared by enrollment and check-in. Optional identifiers may be `null`
 * on check-in to say "no longer present" (a SIM taken out). Which fields a platform may send at all
 * is decided by the collection rules (findFieldNotOnPlatform), not here.
 */
export class HardwareIdentifiersDto {
  /** Some devices report an empty serial (VMs, white-box PCs): it is kept as absent, not refused. */
  @IsOptional()
  @ValidateIf((o: HardwareIdentifiersDto) => o.serialNumber !== '')
  @IsIdentifier(anyFormat)
  serialNumber?: string | null;
  @IsOptional() @IsIdentifier(checkImei) imei?: string | null;
  @IsOptional() @IsIdentifier(checkImei) imei2?: string | null;
  @IsOptional() @IsIdentifier(checkMeid) meid?: string | null;
  @IsOptional() @IsIdentifier(checkIccid) iccid?: string | null;
  @IsOptional() @IsIdentifier(checkEid) eid?: string | null;
  @IsOptional() @IsIdentifier(anyFormat) udid?: string | null;
  @IsOptional() @IsIdentifier(checkMacAddress) wiFiMacAddress?: string | null;
  @IsOptional() @IsIdentifier(checkMacAddress) ethernetMacAddress?: string | null;
  @IsOptional() @IsIdentifier(checkE164PhoneNumber) phoneNumber?: string | null;
  @IsOptional() @IsText(128) subscriberCarrier?: string | null;
  @IsOptional() @IsIdentifier(checkIpAddress) ipAddress?: string | null;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_BYTES) totalStorageSpaceInBytes?: number | null;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_BYTES) freeStorageSpaceInBytes?: number | null;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_BYTES) physicalMemoryInBytes?: number | null;
  @IsOptional() @IsText(320) appleId?: string | null;
  @IsOptional() @IsIdentifier(checkAndroidId) androidId?: string | null;
  @IsOptional() @IsIdentifier(checkWindowsDeviceId) windowsDeviceId?: string | null;
}

/** At enrollment the descriptive fields are required. */
export class EnrollmentHardwareDto extends HardwareIdentifiersDto {
  @IsText(256) deviceName!: string;
  @IsText(128) manufacturer!: string;
  @IsText(128) model!: string;
  @IsText(64) osVersion!: string;
}

/** At check-in every field is optional; the descriptive ones can change but not be cleared. */
export class CheckInHardwareDto extends HardwareIdentifiersDto {
  @ValidateIf((o: CheckInHardwareDto) => o.deviceName !== undefined)
  @IsText(256)
  deviceName?: string;
  @ValidateIf((o: CheckInHardwareDto) => o.manufacturer !== undefined)
  @IsText(128)
  manufacturer?: string;
  @ValidateIf((o: CheckInHardwareDto) => o.model !== undefined) @IsText(128) model?: string;
  @ValidateIf((o: CheckInHardwareDto) => o.osVersion !== undefined) @IsText(64) osVersion?: string;
}
