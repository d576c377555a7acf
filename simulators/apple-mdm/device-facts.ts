import { AppleEnrollmentKind } from '../../src/device-channel/contract/apple-mdm';
import type { AppleSecurityFacts } from './security-info-keys';

/**
 * What a simulated Apple device is and has, before any server asks: the values its OS would put in
 * Authenticate and DeviceInformation. Which of them it reports depends on the platform, the OS
 * version and the enrollment type (device-information-keys.ts), never on the server's rules.
 */
export interface AppleSim {
  slot: 'CTSubscriptionSlotOne' | 'CTSubscriptionSlotTwo';
  iccid?: string;
  eid?: string;
  imei?: string;
  phoneNumber?: string;
  carrier?: string;
}

export interface AppleApp {
  identifier: string;
  name: string;
  shortVersion: string;
  version: string;
  bundleSize: number;
  /** Installed by management (the MDM server's assignment), not by the user. */
  managed: boolean;
}

export interface AppleDeviceFacts {
  platform: 'ios' | 'macos';
  kind: AppleEnrollmentKind;
  /** The user's Managed Apple ID (required for User Enrollment), given when the profile is fetched. */
  user?: string;
  /** `iPhone15,2`, `Mac14,2`. */
  productName: string;
  /** `iPhone`, `MacBook Air`. */
  modelName: string;
  /** The order number, `MQ0G3LL/A`. */
  model: string;
  deviceName: string;
  osVersion: string;
  buildVersion: string;
  serialNumber: string;
  udid: string;
  /** User Enrollment's per-enrollment id that stands in for the UDID. */
  enrollmentId: string;
  imei?: string;
  meid?: string;
  sims: AppleSim[];
  wiFiMac: string;
  bluetoothMac: string;
  ethernetMac?: string;
  capacityGb: number;
  availableGb: number;
  batteryLevel?: number;
  supervised: boolean;
  lostMode: boolean;
  location?: { latitude: number; longitude: number; accuracy: number };
  apps: AppleApp[];
  /** Passcode-locked right now: an app install arriving now is answered NotNow (try again later). */
  locked?: boolean;
  /** The share (0–1) of app installs that fail on this device (download, licence). */
  installFailureRate?: number;
  /** What SecurityInfo reports (security-info-keys.ts); unset: passcode, encryption, SIP and firewall on. */
  security?: Partial<AppleSecurityFacts>;
}
