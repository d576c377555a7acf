import { EnrollmentType, Platform } from '../src/rules';
import { appInventoryHash } from '../src/device-channel/contract/app-inventory-hash';
import { luhnCheckDigit } from '../src/rules/identifiers';

/**
 * The request bodies every benchmark sends, built before the clock starts — the same bodies for our
 * server and for each ceiling. A device is a pure function of its number: corporate (so its full
 * inventory is stored), 60 apps of which 40 are common to its platform and 20 come from a long tail.
 */

export const APPS_PER_DEVICE = 60;
const COMMON_APPS = 40;
const LONG_TAIL = 2000;

const PLATFORMS: readonly [Platform, EnrollmentType][] = [
  ['ios', 'automatedDeviceEnrollment'],
  ['android', 'androidFullyManaged'],
  ['windows', 'windowsAutopilot'],
  ['macos', 'automatedDeviceEnrollment'],
];

const digits = (n: number, width: number) => String(n).padStart(width, '0').slice(-width);
const hex = (n: number, width: number) =>
  n.toString(16).toUpperCase().padStart(width, '0').slice(-width);
const imei = (n: number) => {
  const payload = `35${digits(n, 12)}`;
  return payload + luhnCheckDigit(payload);
};

export interface BenchApp {
  appId: string;
  displayName: string;
  version: string;
  publisher: string;
  sizeInBytes: number;
}

export function platformOf(n: number): Platform {
  return PLATFORMS[n % PLATFORMS.length][0];
}

/** What a device reports as hardware: at enrollment, and unchanged at every later check-in. */
export function hardwareOf(n: number): Record<string, string | number> {
  const platform = platformOf(n);
  const common = {
    deviceName: `BENCH-${platform.toUpperCase()}-${hex(n, 6)}`,
    osVersion: { ios: '17.4.1', android: '14', windows: '10.0.22631.3447', macos: '14.4' }[
      platform
    ],
    totalStorageSpaceInBytes: 256e9,
    freeStorageSpaceInBytes: 100e9 + (n % 1000) * 1e6,
    ipAddress: `10.${n % 250}.${(n >> 8) % 250}.7`,
  };
  switch (platform) {
    case 'ios':
      return {
        ...common,
        manufacturer: 'Apple',
        model: 'iPhone 15',
        serialNumber: `F${digits(n, 11)}`,
        imei: imei(n),
        udid: `00008030-${hex(n, 16)}`,
        wiFiMacAddress: `A483E7${hex(n, 6)}`,
        subscriberCarrier: 'Telia',
      };
    case 'android':
      return {
        ...common,
        manufacturer: 'Samsung',
        model: 'Galaxy S24',
        serialNumber: `R58N${digits(n, 7)}`,
        imei: imei(n),
        wiFiMacAddress: `5C497D${hex(n, 6)}`,
        androidId: hex(n, 16).toLowerCase(),
      };
    case 'windows':
      return {
        ...common,
        manufacturer: 'Dell Inc.',
        model: 'Latitude 7440',
        serialNumber: `D${digits(n, 9)}`,
        wiFiMacAddress: `D4BED9${hex(n, 6)}`,
        ethernetMacAddress: `D4BEDA${hex(n, 6)}`,
        windowsDeviceId: `6a1f3c2e-9b4d-4e8a-a1b2-${hex(n, 12).toLowerCase()}`,
        physicalMemoryInBytes: 32 * 2 ** 30,
      };
    case 'macos':
      return {
        ...common,
        manufacturer: 'Apple',
        model: 'MacBook Air (M2, 2022)',
        serialNumber: `C02${digits(n, 9)}`,
        udid: `6A1F3C2E-9B4D-4E8A-A1B2-${hex(n, 12)}`,
        wiFiMacAddress: `F01898${hex(n, 6)}`,
        physicalMemoryInBytes: 16 * 2 ** 30,
      };
  }
}

export function enrollBody(n: number): string {
  const [platform, enrollmentType] = PLATFORMS[n % PLATFORMS.length];
  return JSON.stringify({
    platform,
    enrollmentType,
    user: {
      userPrincipalName: `bench.user${n}@contoso.example`,
      displayName: `Bench User ${n}`,
      emailAddress: `bench.user${n}@contoso.example`,
    },
    hardware: hardwareOf(n),
  });
}

const app = (platform: Platform, kind: string, i: number, version: string): BenchApp => ({
  appId: `com.${kind}.${platform}.app${i}`,
  displayName: `${kind === 'common' ? 'Common' : 'Tail'} ${platform} App ${i}`,
  version,
  publisher: `Publisher ${i % 37}`,
  sizeInBytes: 5_000_000 + i * 1013,
});

/**
 * The device's inventory; `variant` 1 changes two of its 60 apps (one updated, one replaced), so
 * alternating 0 and 1 is a churn of 2 apps per check-in.
 */
export function appsOf(n: number, variant: 0 | 1 = 0): BenchApp[] {
  const platform = platformOf(n);
  const apps = Array.from({ length: COMMON_APPS }, (_, i) =>
    app(platform, 'common', i, `${1 + ((n + i) % 3)}.0`),
  );
  for (let i = 0; apps.length < APPS_PER_DEVICE; i++) {
    apps.push(app(platform, 'tail', (n * 7 + i * 101) % LONG_TAIL, '1.0'));
  }
  if (variant === 1) {
    apps[0] = { ...apps[0], version: `${apps[0].version}.1` };
    apps[APPS_PER_DEVICE - 1] = app(platform, 'churn', n % LONG_TAIL, '1.0');
  }
  return apps;
}

export function inventoryHashOf(n: number, variant: 0 | 1 = 0): string {
  return appInventoryHash(appsOf(n, variant));
}

/**
 * A check-in body as two parts, `{"sequence":` + sequence + the rest, so that a load generator sends
 * pre-built bytes with only the sequence number spliced in.
 */
export type CheckInKind = 'full' | 'churn' | 'steady';

export function checkInBodyTail(n: number, kind: CheckInKind, variant: 0 | 1 = 0): string {
  const hardware = hardwareOf(n);
  const rest =
    kind === 'steady'
      ? { hardware, appInventoryHash: inventoryHashOf(n, variant) }
      : { hardware, apps: appsOf(n, kind === 'churn' ? variant : 0) };
  return `,${JSON.stringify(rest).slice(1)}`;
}

export const checkInBody = (sequence: number, tail: string) => `{"sequence":${sequence}${tail}`;
