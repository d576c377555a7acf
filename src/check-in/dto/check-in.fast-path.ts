import { isIdentifier, isText } from '../../common/validation';
import { anyFormat } from '../../devices/dto/hardware-inventory.dto';
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
} from '../../identifiers';
import { MAX_APPS_PER_CHECK_IN } from './check-in.dto';

/**
 * The check-in's validation fast path. class-validator and class-transformer cost a steady
 * check-in more than its SQL does (one metadata walk and one object per field, per app).
 * `acceptsCheckIn` answers true only for a body that the ValidationPipe would accept as a
 * CheckInDto unchanged — the ordinary shapes: sequence, hardware, apps or appInventoryHash. Anything
 * else, valid or not, answers false and goes through the ValidationPipe, which therefore still
 * decides every refusal and words every error. It uses the same predicates as the DTOs' decorators;
 * check-in.fast-path.spec.ts compares it with the ValidationPipe on generated bodies.
 */

type Check = (value: unknown) => boolean;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const integer = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_SAFE;
const text =
  (maxLength: number): Check =>
  (value) =>
    isText(value, maxLength);
const identifier =
  (check: Parameters<typeof isIdentifier>[1]): Check =>
  (value) =>
    isIdentifier(value, check);
/** @IsOptional(): null and undefined skip the field's other checks. */
const optional =
  (check: Check): Check =>
  (value) =>
    value === null || value === undefined || check(value);

/** CheckInHardwareDto (src/devices/dto/hardware-inventory.dto.ts), field by field. */
export const CHECK_IN_HARDWARE_FIELDS: Record<string, Check> = {
  serialNumber: (value) =>
    value === null || value === undefined || value === '' || isIdentifier(value, anyFormat),
  imei: optional(identifier(checkImei)),
  imei2: optional(identifier(checkImei)),
  meid: optional(identifier(checkMeid)),
  iccid: optional(identifier(checkIccid)),
  eid: optional(identifier(checkEid)),
  udid: optional(identifier(anyFormat)),
  wiFiMacAddress: optional(identifier(checkMacAddress)),
  ethernetMacAddress: optional(identifier(checkMacAddress)),
  phoneNumber: optional(identifier(checkE164PhoneNumber)),
  subscriberCarrier: optional(text(128)),
  ipAddress: optional(identifier(checkIpAddress)),
  totalStorageSpaceInBytes: optional(integer),
  freeStorageSpaceInBytes: optional(integer),
  physicalMemoryInBytes: optional(integer),
  appleId: optional(text(320)),
  androidId: optional(identifier(checkAndroidId)),
  windowsDeviceId: optional(identifier(checkWindowsDeviceId)),
  // @ValidateIf(value !== undefined) @IsText: may be left out, never null.
  deviceName: (value) => value === undefined || isText(value, 256),
  manufacturer: (value) => value === undefined || isText(value, 128),
  model: (value) => value === undefined || isText(value, 128),
  osVersion: (value) => value === undefined || isText(value, 64),
};

/** ReportedAppDto. */
export const REPORTED_APP_FIELDS: Record<string, Check> = {
  appId: text(256),
  displayName: text(256),
  version: text(128),
  publisher: optional(text(256)),
  sizeInBytes: optional(integer),
  installLocation: optional(text(1024)),
  profile: optional((value) => value === 'work' || value === 'personal'),
};
const REQUIRED_APP_FIELDS = ['appId', 'displayName', 'version'];

const HASH = /^[0-9a-f]{64}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function fieldsPass(value: Record<string, unknown>, fields: Record<string, Check>): boolean {
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) return false;
    const check = fields[key];
    if (!Object.prototype.hasOwnProperty.call(fields, key) || !check(value[key])) return false;
  }
  return true;
}

export function acceptsCheckIn(body: unknown): boolean {
  if (!isPlainObject(body)) return false;
  let sequenceSeen = false;
  for (const key in body) {
    if (!Object.prototype.hasOwnProperty.call(body, key)) return false;
    const value = body[key];
    switch (key) {
      case 'sequence':
        if (!integer(value) || (value as number) < 1) return false;
        sequenceSeen = true;
        break;
      case 'hardware':
        if (!isPlainObject(value) || !fieldsPass(value, CHECK_IN_HARDWARE_FIELDS)) return false;
        break;
      case 'apps':
        if (!Array.isArray(value) || value.length > MAX_APPS_PER_CHECK_IN) return false;
        for (const app of value) {
          if (!isPlainObject(app) || !fieldsPass(app, REPORTED_APP_FIELDS)) return false;
          for (const required of REQUIRED_APP_FIELDS) if (!(required in app)) return false;
        }
        break;
      case 'appInventoryHash':
        if (typeof value !== 'string' || !HASH.test(value)) return false;
        break;
      default:
        // installStates, commandResults, diagnostics and anything unknown: the ValidationPipe.
        return false;
    }
  }
  return sequenceSeen;
}
