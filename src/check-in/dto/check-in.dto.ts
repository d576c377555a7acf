import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsReportedDateTime, IsText } from '../../common/validation';
import { CheckInHardwareDto } from '../../devices/dto/hardware-inventory.dto';
import { INSTALL_STATES, InstallState } from '../../apps/managed-app-install-state.entity';

/**
 * The most apps MAX_APPS_PER_CHECKIN may allow. The configured limit (2,000 by default: a developer
 * workstation's full program list) is enforced by the controller with a 413.
 */
export const MAX_APPS_PER_CHECK_IN = 20000;

export class ReportedAppDto {
  /** Bundle id (Apple), package name (Android), product code or program name (Windows). */
  @IsText(256) appId!: string;
  @IsText(256) displayName!: string;
  @IsText(128) version!: string;
  @IsOptional() @IsText(256) publisher?: string;
  @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) sizeInBytes?: number;
  @IsOptional() @IsText(1024) installLocation?: string;
  /** Android only: which profile the app lives in on a work-profile device. */
  @IsOptional() @IsIn(['work', 'personal']) profile?: 'work' | 'personal';
}

export class InstallStateReportDto {
  @IsUUID('4', { message: 'must be the id of one of the tenant’s deployed apps' })
  mobileAppId!: string;
  @IsIn(INSTALL_STATES, { message: `must be one of ${INSTALL_STATES.join(', ')}` })
  state!: InstallState;
  @IsOptional() @IsText(64) errorCode?: string;
}

export class ReportedLocationDto {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-90) @Max(90) latitude!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-180) @Max(180) longitude!: number;
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e7)
  accuracyInMeters?: number;
  @IsOptional() @IsReportedDateTime(7) observedDateTime?: string;
}

export class CommandResultDto {
  @IsUUID('4', { message: 'must be the id of a command delivered to this device' })
  commandId!: string;
  @IsIn(['done', 'failed'], { message: 'must be done or failed' }) status!: 'done' | 'failed';
  @IsOptional() @IsText(500) errorDetail?: string;
  /** Only as the answer of a corporate device to locateDevice (docs/collection-rules.md "Phone number, location, diagnostics"). */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReportedLocationDto)
  location?: ReportedLocationDto;
}

export const DIAGNOSTIC_EVENT_TYPES = [
  'crash',
  'checkInLatency',
  'enrollmentFailure',
  'storageHealth',
  'batteryHealth',
] as const;

/**
 * One optional diagnostic event (docs/collection-rules.md "Phone number, location, diagnostics"). Kept only when the tenant has diagnostics
 * on, and then pseudonymized: the type, the time and the number are stored; `detail` is free text
 * that could carry anything (a device name, a path with a user name), so it is never stored.
 */
export class DiagnosticEventDto {
  @IsIn(DIAGNOSTIC_EVENT_TYPES, { message: `must be one of ${DIAGNOSTIC_EVENT_TYPES.join(', ')}` })
  type!: (typeof DIAGNOSTIC_EVENT_TYPES)[number];
  @IsReportedDateTime(90) occurredDateTime!: string;
  /** checkInLatency: milliseconds; storageHealth: free space in percent; batteryHealth: capacity in percent. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e12)
  value?: number;
  @IsOptional() @IsText(500) detail?: string;
}

export class CheckInDto {
  /** Increases by one per check-in; a retry repeats it and is answered from the receipt. */
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) sequence!: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CheckInHardwareDto)
  hardware?: CheckInHardwareDto;

  /** The full app inventory; omit it and send appInventoryHash when nothing changed. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_APPS_PER_CHECK_IN)
  // IsObject each: else a list element that is itself a list passes (nested lists are validated item by item).
  @IsObject({ each: true, message: 'must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => ReportedAppDto)
  apps?: ReportedAppDto[];

  /** sha256 (hex) of the inventory the device would send, computed by appInventoryHash(). */
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be a lower-case hex SHA-256' })
  appInventoryHash?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsObject({ each: true, message: 'must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => InstallStateReportDto)
  installStates?: InstallStateReportDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true, message: 'must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => CommandResultDto)
  commandResults?: CommandResultDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true, message: 'must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => DiagnosticEventDto)
  diagnostics?: DiagnosticEventDto[];
}
