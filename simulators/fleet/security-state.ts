import { SecurityState } from '../../src/device-channel/contract/wire-vocabulary';
import {
  ANDROID_LATEST_PATCH,
  ANDROID_PATCH_LAG_MONTHS,
  MACOS_FIREWALL_ON,
  MACOS_SIP_OFF,
  MINIMUM_LENGTHS,
  SECURITY_SHARES,
  WINDOWS_CODE_INTEGRITY_OFF,
  WINDOWS_SECURE_BOOT_OFF,
} from './catalog/security-facts';
import { SimulatedDevice } from './device-profile';
import { DeviceRandom } from './random';

/**
 * What a simulated device reports of its security state: drawn once per device and generation
 * (a re-enrolled device is a new draw), and only the fields its platform reports. The patch level
 * of an Android device follows its OS version.
 */
export function securityStateOf(
  seed: number,
  generation: number,
  device: Pick<SimulatedDevice, 'index' | 'platform' | 'ownership' | 'hardware'>,
): SecurityState {
  const random = new DeviceRandom(seed, device.index, 'security', generation);
  const owner = device.ownership === 'corporate' ? 'corporate' : 'personal';
  const shares = SECURITY_SHARES[device.platform];
  const passcodePresent = !random.chance(shares.noPasscode[owner]);
  const encrypted = passcodePresent && !random.chance(shares.unencrypted[owner]);
  switch (device.platform) {
    case 'ios':
      return {
        passcodePresent,
        storageEncrypted: passcodePresent,
        jailBroken: random.chance(shares.compromised),
      };
    case 'android':
      return {
        passcodePresent,
        passcodeMinimumLength: passcodePresent ? random.pick(MINIMUM_LENGTHS.android[owner]) : 0,
        storageEncrypted: encrypted,
        jailBroken: random.chance(shares.compromised),
        securityPatchLevel: patchLevel(device.hardware.osVersion, random),
      };
    case 'macos':
      return {
        passcodePresent,
        storageEncrypted: encrypted,
        systemIntegrityProtectionEnabled: !random.chance(MACOS_SIP_OFF),
        firewallEnabled: random.chance(MACOS_FIREWALL_ON[owner]),
      };
    case 'windows':
      return {
        passcodePresent,
        passcodeMinimumLength: passcodePresent ? random.pick(MINIMUM_LENGTHS.windows[owner]) : 0,
        storageEncrypted: encrypted,
        bitLockerEnabled: encrypted,
        secureBootEnabled: !random.chance(WINDOWS_SECURE_BOOT_OFF),
        codeIntegrityEnabled: !random.chance(WINDOWS_CODE_INTEGRITY_OFF),
      };
  }
}

/** The newest patch of the OS major, set back by the maker's lag; bulletins are dated the 1st or 5th. */
function patchLevel(osVersion: string, random: DeviceRandom): string {
  const latest = ANDROID_LATEST_PATCH[osVersion.split('.')[0]] ?? ANDROID_LATEST_PATCH['10'];
  const [year, month] = latest.split('-').map(Number);
  const months = year * 12 + (month - 1) - random.weighted(ANDROID_PATCH_LAG_MONTHS);
  const day = random.chance(0.5) ? '01' : '05';
  return `${Math.floor(months / 12)}-${String((months % 12) + 1).padStart(2, '0')}-${day}`;
}
