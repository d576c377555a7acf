import { AppleDeviceFacts } from '../../simulators/apple-mdm/device-facts';
import { iccidFor, imeiFor, phoneFor } from './device-fixtures';

/**
 * The four Apple devices of the Apple MDM scenarios, as their OS knows them, each with unique
 * identifiers derived from `n`.
 */
const hex = (n: number, width: number) =>
  n.toString(16).toUpperCase().padStart(width, '0').slice(-width);
const mac = (prefix: string, n: number) =>
  `${prefix}:${hex(n, 6).match(/../g)!.join(':')}`.toLowerCase();

/** 32 digits starting 89 whose value modulo 97 is 1 (GSMA SGP.29). */
export function eidFor(n: number): string {
  const base = `89049032${String(n).padStart(22, '0')}`;
  const remainder = Number(BigInt(`${base}00`) % 97n);
  return `${base}${String(98 - remainder).padStart(2, '0')}`;
}

const iosApps = [
  {
    identifier: 'com.microsoft.Office.Outlook',
    name: 'Outlook',
    shortVersion: '4.2451.0',
    version: '4.2451.0',
    bundleSize: 310_000_000,
    managed: true,
  },
  {
    identifier: 'com.spotify.client',
    name: 'Spotify',
    shortVersion: '9.0.12',
    version: '90012',
    bundleSize: 150_000_000,
    managed: false,
  },
];
const macApps = [
  {
    identifier: 'com.microsoft.Outlook',
    name: 'Microsoft Outlook',
    shortVersion: '16.92',
    version: '16.92.24120731',
    bundleSize: 2_100_000_000,
    managed: true,
  },
  {
    identifier: 'com.spotify.client',
    name: 'Spotify',
    shortVersion: '1.2.52',
    version: '1.2.52.442',
    bundleSize: 400_000_000,
    managed: false,
  },
];

export function supervisedCorporateIphone(n: number): AppleDeviceFacts {
  return {
    platform: 'ios',
    kind: 'device',
    productName: 'iPhone15,2',
    modelName: 'iPhone',
    model: 'MQ0G3LL/A',
    deviceName: `Sales iPhone ${n}`,
    osVersion: '18.1',
    buildVersion: '22B83',
    serialNumber: `F2LX${hex(n, 6)}`,
    udid: `00008120-${hex(n, 16)}`,
    enrollmentId: '',
    imei: imeiFor(n),
    sims: [
      {
        slot: 'CTSubscriptionSlotOne',
        iccid: iccidFor(n),
        eid: eidFor(n),
        imei: imeiFor(n),
        phoneNumber: phoneFor(n),
        carrier: 'Telia',
      },
      { slot: 'CTSubscriptionSlotTwo', imei: imeiFor(n + 500_000) },
    ],
    wiFiMac: mac('a4:83:e7', n),
    bluetoothMac: mac('a4:83:e8', n),
    capacityGb: 128,
    availableGb: 61.5,
    batteryLevel: 0.8,
    supervised: true,
    lostMode: true,
    location: { latitude: 59.3293, longitude: 18.0686, accuracy: 12 },
    apps: iosApps,
  };
}

export function userEnrollmentIphone(n: number): AppleDeviceFacts {
  return {
    ...supervisedCorporateIphone(n),
    kind: 'user',
    deviceName: `Maria's iPhone ${n}`,
    enrollmentId: `UE-${hex(n, 12)}`,
    supervised: false,
    lostMode: false,
    location: undefined,
  };
}

export function corporateMac(n: number): AppleDeviceFacts {
  return {
    platform: 'macos',
    kind: 'device',
    productName: 'Mac14,2',
    modelName: 'MacBook Air',
    model: 'MLY33LL/A',
    deviceName: `Finance MacBook ${n}`,
    osVersion: '15.1',
    buildVersion: '24B83',
    serialNumber: `C02${hex(n, 7)}`,
    udid: `4E3D${hex(n, 4)}-9A1B-5C2D-8E3F-${hex(n, 12)}`,
    enrollmentId: '',
    sims: [],
    wiFiMac: mac('f0:18:98', n),
    bluetoothMac: mac('f0:18:99', n),
    ethernetMac: mac('ac:de:48', n),
    capacityGb: 500.28,
    availableGb: 212,
    batteryLevel: 0.55,
    supervised: true,
    lostMode: false,
    apps: macApps,
  };
}

export function personalMac(n: number): AppleDeviceFacts {
  return {
    ...corporateMac(n),
    kind: 'user',
    deviceName: `Jon's MacBook ${n}`,
    enrollmentId: `UE-MAC-${hex(n, 10)}`,
    supervised: false,
  };
}
