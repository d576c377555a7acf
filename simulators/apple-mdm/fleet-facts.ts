import { createHash } from 'node:crypto';
import { SimulatedDevice } from '../fleet/device-profile';
import { SecurityState } from '../../src/device-channel/contract/wire-vocabulary';
import { securityStateOf } from '../fleet/security-state';
import { AppleDeviceFacts } from './device-facts';
import { AppleSecurityFacts } from './security-info-keys';

/**
 * A fleet device (simulators/fleet) as the Apple device it is. Corporate enrollments become device
 * enrollment (supervised); personal ones User Enrollment, the one kind of personal enrollment
 * Apple's protocol distinguishes. Values the fleet did not draw for this enrollment (a User
 * Enrollment device's serial) are still part of the device: derived from its seed and index, and
 * withheld by the device itself where Apple's schema says so.
 */
export function appleFactsOf(
  device: SimulatedDevice,
  managedAppIds: ReadonlySet<string> = new Set(),
  generation = 0,
): AppleDeviceFacts | null {
  if (device.platform !== 'ios' && device.platform !== 'macos') return null;
  const hardware = device.hardware;
  const derived = (purpose: string, length: number) =>
    createHash('sha256')
      .update(`${device.seed}:${device.index}:${purpose}`)
      .digest('hex')
      .toUpperCase()
      .slice(0, length);
  const kind = device.ownership === 'corporate' ? 'device' : 'user';
  const major = Number(hardware.osVersion.split('.')[0]);
  const total = hardware.totalStorageSpaceInBytes ?? 128e9;
  const free = hardware.freeStorageSpaceInBytes ?? total / 2;
  const wiFiMac = hardware.wiFiMacAddress ?? macOf(derived('wifi', 12));
  return {
    platform: device.platform,
    kind,
    user: device.user.userPrincipalName,
    // The fleet's catalogue names models as Intune shows them ("iPhone 15 Pro"), not by Apple's
    // product identifiers: the name stands in for ProductName.
    productName: hardware.model,
    modelName: hardware.model.split(' ')[0],
    model: `${derived('order', 5)}LL/A`,
    deviceName: hardware.deviceName,
    osVersion: hardware.osVersion,
    buildVersion: `${major + (device.platform === 'ios' ? 4 : 9)}A${100 + (device.index % 300)}`,
    serialNumber: hardware.serialNumber || derived('serial', 12),
    udid: hardware.udid ?? `${derived('udid', 8)}-${derived('udid2', 16)}`,
    enrollmentId: derived('enrollment-id', 40),
    imei: hardware.imei,
    meid: hardware.meid,
    sims:
      hardware.iccid || hardware.phoneNumber || hardware.imei2
        ? [
            {
              slot: 'CTSubscriptionSlotOne',
              iccid: hardware.iccid,
              eid: hardware.eid,
              imei: hardware.imei,
              phoneNumber: hardware.phoneNumber,
              carrier: hardware.subscriberCarrier,
            },
            ...(hardware.imei2
              ? [{ slot: 'CTSubscriptionSlotTwo' as const, imei: hardware.imei2 }]
              : []),
          ]
        : [],
    wiFiMac,
    bluetoothMac: macOf(derived('bluetooth', 12)),
    ethernetMac: hardware.ethernetMacAddress,
    capacityGb: Math.round((total / 1e9) * 100) / 100,
    availableGb: Math.round((free / 1e9) * 100) / 100,
    batteryLevel: 0.73,
    supervised: kind === 'device',
    lostMode: false,
    apps: device.apps.map((app) => ({
      identifier: app.appId,
      name: app.displayName,
      shortVersion: app.version,
      version: app.version,
      bundleSize: app.sizeInBytes ?? 0,
      managed: managedAppIds.has(app.appId),
    })),
    // A few installs in a hundred fail in a real fleet (App Store downloads, licences).
    installFailureRate: 0.03,
    security: appleSecurityOf(securityStateOf(device.seed, generation, device)),
  };
}

/**
 * The fleet's security state as Apple's OS holds it: data protection is a passcode on hardware with
 * file-level encryption (every iPhone and iPad the fleet draws); a jailbreak is not something
 * SecurityInfo reports, so it is not part of it.
 */
function appleSecurityOf(state: SecurityState): Partial<AppleSecurityFacts> {
  return {
    passcodePresent: state.passcodePresent ?? true,
    hardwareEncryptionCaps: 3,
    fileVault: state.storageEncrypted ?? true,
    systemIntegrityProtection: state.systemIntegrityProtectionEnabled ?? true,
    firewall: state.firewallEnabled ?? true,
  };
}

function macOf(hex: string): string {
  return hex.toLowerCase().match(/../g)!.join(':');
}
