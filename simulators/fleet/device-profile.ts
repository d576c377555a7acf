import {
  EnrollmentType,
  Ownership,
  Platform,
} from '../../src/device-channel/contract/wire-vocabulary';
import { Country } from './catalog/carriers';
import { NetworkKind } from './identifiers';

/**
 * What a simulated device sends on the device channel. Field names are the server's (its DTOs
 * are separate; these must stay identical to them).
 */

export interface EnrollmentUser {
  userPrincipalName: string;
  displayName: string;
  emailAddress: string;
}

/** Hardware inventory, with only the fields this platform and enrollment type can report. */
export interface HardwareInventory {
  deviceName: string;
  manufacturer: string;
  model: string;
  osVersion: string;
  serialNumber?: string;
  imei?: string;
  imei2?: string;
  meid?: string;
  iccid?: string;
  eid?: string;
  udid?: string;
  wiFiMacAddress?: string;
  ethernetMacAddress?: string;
  phoneNumber?: string;
  subscriberCarrier?: string;
  ipAddress?: string;
  totalStorageSpaceInBytes?: number;
  freeStorageSpaceInBytes?: number;
  physicalMemoryInBytes?: number;
  /** iOS only. */
  appleId?: string;
  /** Android only. */
  androidId?: string;
  /** Windows only. */
  windowsDeviceId?: string;
}

/** Body of `POST /enrollment/v1/enroll` (sent with `Authorization: Bearer <enrollment token>`). */
export interface EnrollRequest {
  platform: Platform;
  enrollmentType: EnrollmentType;
  user: EnrollmentUser;
  hardware: HardwareInventory;
}

/** One entry of a check-in's app inventory. */
export interface ReportedApp {
  /** Bundle id, package name, or Win32 product name / product code. */
  appId: string;
  displayName: string;
  version: string;
  publisher?: string;
  sizeInBytes?: number;
  /** Windows and macOS only. */
  installLocation?: string;
  /** Android only: which profile the app lives in. */
  profile?: 'work' | 'personal';
}

/** Limits the server enforces on a check-in's app inventory. */
export const MAX_REPORTED_APPS = 2000;
export const MAX_STRING_LENGTH = 256;
export const MAX_INSTALL_LOCATION_LENGTH = 1024;

/**
 * Deliberate faults of real fleets: a device that reports an empty serial, two devices sharing a
 * serial (a refurbisher's or an OEM's mistake), and the same hardware enrolling again as a new
 * device after a wipe. Indices name the other device involved.
 */
export type DeviceDefect =
  | { kind: 'emptySerial' }
  | { kind: 'duplicateSerial'; sharedWith: number }
  | { kind: 'reEnrollment'; of: number };

export type DefectKind = DeviceDefect['kind'];

/** One simulated device at one point of its life. */
export interface SimulatedDevice {
  /** The fleet's seed and this device's index in it: together they determine everything below. */
  seed: number;
  index: number;
  platform: Platform;
  enrollmentType: EnrollmentType;
  /** The ownership the enrollment type implies (docs/collection-rules.md "Ownership"). */
  ownership: Ownership;
  /** Catalogue key of the device model. */
  modelKey: string;
  country: Country;
  /** Key of the SIM's carrier, when the device has an active SIM. */
  carrierKey?: string;
  /** The kind of network the device is on (drives `ipAddress`). */
  network: NetworkKind;
  user: EnrollmentUser;
  hardware: HardwareInventory;
  apps: ReportedApp[];
  defects: DeviceDefect[];
}

/** The enrollment body of a device. */
export function enrollRequest(device: SimulatedDevice): EnrollRequest {
  return {
    platform: device.platform,
    enrollmentType: device.enrollmentType,
    user: device.user,
    hardware: device.hardware,
  };
}
