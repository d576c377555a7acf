import { real, PlistValue } from '../../src/device-channel/contract/apple-plist';
import { AppleDeviceFacts } from './device-facts';

/**
 * Which DeviceInformation keys a device answers, from Apple's schema
 * (apple/device-management mdm/commands/information.device.yaml): the platforms that have the key,
 * the OS version it appeared in, and whether User Enrollment withholds it ("userenrollment: mode:
 * forbidden"). A device answers only the keys asked for that it has.
 */
interface KeyAvailability {
  ios?: string;
  macos?: string;
  userEnrollment: boolean;
  value: (facts: AppleDeviceFacts) => PlistValue | undefined;
}

const ALL = '0';

export const DEVICE_INFORMATION_KEYS: Record<string, KeyAvailability> = {
  UDID: { ios: ALL, macos: ALL, userEnrollment: false, value: (f) => f.udid },
  SerialNumber: { ios: ALL, macos: ALL, userEnrollment: false, value: (f) => f.serialNumber },
  DeviceName: { ios: ALL, macos: ALL, userEnrollment: true, value: (f) => f.deviceName },
  OSVersion: { ios: ALL, macos: ALL, userEnrollment: true, value: (f) => f.osVersion },
  BuildVersion: { ios: ALL, macos: ALL, userEnrollment: true, value: (f) => f.buildVersion },
  ModelName: { ios: ALL, macos: ALL, userEnrollment: true, value: (f) => f.modelName },
  Model: { ios: ALL, macos: ALL, userEnrollment: true, value: (f) => f.model },
  ProductName: { ios: ALL, macos: ALL, userEnrollment: true, value: (f) => f.productName },
  DeviceCapacity: { ios: ALL, macos: ALL, userEnrollment: true, value: (f) => real(f.capacityGb) },
  AvailableDeviceCapacity: {
    ios: ALL,
    macos: ALL,
    userEnrollment: true,
    value: (f) => real(f.availableGb),
  },
  BatteryLevel: {
    ios: '5.0',
    macos: '13.3',
    userEnrollment: true,
    value: (f) => (f.batteryLevel === undefined ? undefined : real(f.batteryLevel)),
  },
  IsSupervised: { ios: '6.0', macos: '10.15', userEnrollment: true, value: (f) => f.supervised },
  IsMDMLostModeEnabled: { ios: '9.3', userEnrollment: false, value: (f) => f.lostMode },
  IMEI: { ios: ALL, userEnrollment: false, value: (f) => f.imei },
  MEID: { ios: ALL, userEnrollment: false, value: (f) => f.meid },
  ICCID: { ios: ALL, userEnrollment: false, value: (f) => f.sims[0]?.iccid },
  PhoneNumber: { ios: ALL, userEnrollment: false, value: (f) => f.sims[0]?.phoneNumber },
  SubscriberCarrierNetwork: { ios: '5.0', userEnrollment: false, value: (f) => f.sims[0]?.carrier },
  CurrentCarrierNetwork: { ios: ALL, userEnrollment: false, value: (f) => f.sims[0]?.carrier },
  ServiceSubscriptions: {
    ios: '12.0',
    userEnrollment: false,
    value: (f) =>
      f.sims.length === 0
        ? undefined
        : f.sims.map((sim) => ({
            Slot: sim.slot,
            ICCID: sim.iccid ?? '',
            ...(sim.eid ? { EID: sim.eid } : {}),
            IMEI: sim.imei ?? '',
            PhoneNumber: sim.phoneNumber ?? '',
            ...(sim.carrier ? { SubscriberCarrierNetwork: sim.carrier } : {}),
            IsDataPreferred: sim.slot === 'CTSubscriptionSlotOne',
            IsVoicePreferred: sim.slot === 'CTSubscriptionSlotOne',
          })),
  },
  WiFiMAC: { ios: ALL, macos: ALL, userEnrollment: false, value: (f) => f.wiFiMac },
  BluetoothMAC: { ios: ALL, macos: ALL, userEnrollment: false, value: (f) => f.bluetoothMac },
  EthernetMAC: { macos: ALL, userEnrollment: false, value: (f) => f.ethernetMac },
};

/** The QueryResponses a device gives to `Queries` (every key it has, when none are named). */
export function queryResponses(
  facts: AppleDeviceFacts,
  queries: readonly string[] | undefined,
): Record<string, PlistValue> {
  const responses: Record<string, PlistValue> = {};
  const asked = queries ?? Object.keys(DEVICE_INFORMATION_KEYS);
  for (const key of asked) {
    const availability = DEVICE_INFORMATION_KEYS[key];
    if (!availability) continue;
    const since = availability[facts.platform];
    if (since === undefined || !atLeast(facts.osVersion, since)) continue;
    if (facts.kind === 'user' && !availability.userEnrollment) continue;
    const value = availability.value(facts);
    if (value !== undefined) responses[key] = value;
  }
  return responses;
}

/** Whether an OS version is at least the one a key appeared in. */
export function atLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}
