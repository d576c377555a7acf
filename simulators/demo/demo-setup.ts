import type { Platform } from '../../src/device-channel/contract/wire-vocabulary';
import { ENROLLMENT_MODES } from '../fleet/catalog/platform-facts';
import { DeviceRandom, FleetPlan, generateDevice, SimulatedDevice } from '../fleet';
import type { DeviceRecord } from '../runner';
import type { ImportedIdentity } from './admin-api';

/** What the demo tenant deploys: the apps its users get on every platform. */
export const DEMO_APPS: Record<
  Platform,
  { appId: string; displayName: string; publisher: string; intent: 'required' | 'available' }[]
> = {
  ios: [
    {
      appId: 'com.microsoft.Office.Outlook',
      displayName: 'Microsoft Outlook',
      publisher: 'Microsoft',
      intent: 'required',
    },
    {
      appId: 'com.microsoft.skype.teams',
      displayName: 'Microsoft Teams',
      publisher: 'Microsoft',
      intent: 'available',
    },
    {
      appId: 'com.contoso.expenses',
      displayName: 'Contoso Expenses',
      publisher: 'Contoso',
      intent: 'required',
    },
  ],
  android: [
    {
      appId: 'com.microsoft.office.outlook',
      displayName: 'Microsoft Outlook',
      publisher: 'Microsoft',
      intent: 'required',
    },
    {
      appId: 'com.microsoft.teams',
      displayName: 'Microsoft Teams',
      publisher: 'Microsoft',
      intent: 'available',
    },
    {
      appId: 'com.contoso.expenses',
      displayName: 'Contoso Expenses',
      publisher: 'Contoso',
      intent: 'required',
    },
  ],
  macos: [
    {
      appId: 'com.microsoft.CompanyPortalMac',
      displayName: 'Company Portal',
      publisher: 'Microsoft',
      intent: 'required',
    },
    {
      appId: 'com.microsoft.teams2',
      displayName: 'Microsoft Teams',
      publisher: 'Microsoft',
      intent: 'available',
    },
  ],
  windows: [
    {
      appId: 'Microsoft.CompanyPortal',
      displayName: 'Company Portal',
      publisher: 'Microsoft',
      intent: 'required',
    },
    {
      appId: 'MSTeams',
      displayName: 'Microsoft Teams',
      publisher: 'Microsoft',
      intent: 'available',
    },
  ],
};

/**
 * The app-list compliance rule: Android devices with these apps are noncompliant. Having a rule
 * for Android turns full app collection on for personal Android devices (the compliant-app
 * feature), so the demo shows both sides of the app-inventory rule.
 */
export const DEMO_APP_LIST_RULE = {
  platform: 'android' as const,
  displayName: 'Android: no TikTok or Telegram',
  listType: 'appsNotInListCompliant' as const,
  apps: [
    { appId: 'com.zhiliaoapp.musically', name: 'TikTok', publisher: 'TikTok Pte. Ltd.' },
    { appId: 'org.telegram.messenger', name: 'Telegram', publisher: 'Telegram FZ-LLC' },
  ],
};

/**
 * Corporate identifiers for a share of the devices that would otherwise enroll as personal or
 * unknown — as an organisation imports the IMEIs and serials of phones and PCs it bought — so
 * that they enroll as corporate. Apple User Enrollment reports no identifier and is left out.
 */
export function demoCorporateIdentifiers(
  plan: FleetPlan,
  size: number,
  share: number,
): { identities: ImportedIdentity[]; devices: number[] } {
  const identities: ImportedIdentity[] = [];
  const devices: number[] = [];
  for (let index = 0; index < size; index++) {
    if (!new DeviceRandom(plan.seed, index, 'demoCorporateIdentifier').chance(share)) continue;
    const device = generateDevice(plan, index);
    if (ENROLLMENT_MODES[device.enrollmentType].organizationOwned) continue;
    const identity = identityOf(device);
    if (!identity) continue;
    identities.push(identity);
    devices.push(index);
  }
  return { identities, devices };
}

/**
 * The identifier an IT department would have on file for a device it bought, in Intune's import
 * format: manufacturer, model and serial for a Windows PC; otherwise the IMEI, or the serial.
 */
function identityOf(device: SimulatedDevice): ImportedIdentity | null {
  const { hardware } = device;
  const description = 'Bought by Contoso IT';
  if (device.platform === 'windows') {
    if (!hardware.serialNumber) return null;
    return {
      importedDeviceIdentityType: 'manufacturerModelSerial',
      importedDeviceIdentifier: `${hardware.manufacturer},${hardware.model},${hardware.serialNumber}`,
      description,
    };
  }
  if (hardware.imei) {
    return {
      importedDeviceIdentityType: 'imei',
      importedDeviceIdentifier: hardware.imei,
      description,
    };
  }
  if (hardware.serialNumber) {
    return {
      importedDeviceIdentityType: 'serialNumber',
      importedDeviceIdentifier: hardware.serialNumber,
      description,
    };
  }
  return null;
}

/** Devices the demo sends remote actions to and changes the ownership of. */
export interface ActionTargets {
  locate?: DeviceRecord;
  sync?: DeviceRecord;
  retire?: DeviceRecord;
  wipe?: DeviceRecord;
  /** A device of unknown (or personal) ownership the admin declares corporate. */
  ownership?: DeviceRecord;
}

/**
 * Picks distinct enrolled devices that make each action meaningful. The devices on the JSON
 * channel know their id; an Apple MDM device does not (Apple's protocol never tells it), so the
 * demo finds the one Apple device it acts on, a corporate Mac, by its serial number.
 */
export function pickActionTargets(records: readonly DeviceRecord[]): ActionTargets {
  const taken = new Set<number>();
  const pick = (fits: (record: DeviceRecord) => boolean) => {
    const record = records.find(
      (candidate) =>
        candidate.status === 'enrolled' && !taken.has(candidate.index) && fits(candidate),
    );
    if (record) taken.add(record.index);
    return record;
  };
  const json = (fits: (record: DeviceRecord) => boolean) =>
    pick((record) => record.protocol !== 'apple-mdm' && fits(record));
  return {
    locate:
      json((r) => r.ownership === 'corporate' && r.platform === 'ios') ??
      json((r) => r.ownership === 'corporate' && r.platform === 'android'),
    ownership:
      json((r) => r.ownership === 'unknown') ??
      json((r) => r.ownership === 'personal' && r.platform === 'windows'),
    wipe: json((r) => r.ownership === 'corporate' && r.platform === 'android'),
    retire:
      json((r) => r.ownership === 'personal' && r.platform === 'ios') ??
      json((r) => r.ownership === 'personal' && r.platform === 'android'),
    sync: pick(
      (r) => r.platform === 'macos' && (r.protocol !== 'apple-mdm' || r.ownership === 'corporate'),
    ),
  };
}
