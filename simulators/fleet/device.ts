import {
  EnrollmentType,
  HARDWARE_FIELDS,
  HardwareField,
  Platform,
} from '../../src/device-channel/contract/wire-vocabulary';
import { drawInventory, InventoryContext } from './app-inventory';
import { Carrier, carriersOf, COUNTRY_PROFILES } from './catalog/carriers';
import { DeviceModel } from './catalog/device-model';
import {
  appleConfigCode,
  DEVICE_MODELS,
  meidManufacturerCode,
  modelTacs,
  reportedModelName,
} from './catalog/models';
import { OS_RELEASES, osMajorsBetween } from './catalog/os-versions';
import { OUIS } from './catalog/ouis';
import { ENROLLMENT_MODES, platformReports } from './catalog/platform-facts';
import { HardwareInventory, SimulatedDevice } from './device-profile';
import { drawEnrollment } from './enrollment-mix';
import {
  androidId,
  appleUdid,
  eid,
  iccid,
  IMEI_PAIR_DOMAIN,
  imeiPair,
  macAddress,
  meid,
  mobileNumber,
  NetworkKind,
  privateIpAddress,
  serialNumber,
  SLOT_DOMAIN,
  uuid,
} from './identifiers';
import { FleetPlan, Tenant } from './plan';
import { DeviceRandom, Weighted } from './random';
import { uniqueSlot } from './unique-slot';
import { SimulatedUser } from './users';

/** What a device is, before its identifiers are drawn. */
export interface DeviceProfile {
  index: number;
  platform: Platform;
  enrollmentType: EnrollmentType;
  corporate: boolean;
  model: DeviceModel;
  /** The model name the device reports. */
  modelName: string;
  osVersion: string;
  storageGb: number;
  memoryGb: number;
  /** Has a cellular modem. */
  cellular: boolean;
  /** The active SIM's carrier, if any. */
  carrier?: Carrier;
  network: NetworkKind;
  user: SimulatedUser;
}

/** Newer OS majors are more common; index 0 is a model's newest supported major. */
const MAJOR_RECENCY: Record<Platform, readonly number[]> = {
  ios: [0.45, 0.4, 0.1, 0.05],
  macos: [0.45, 0.35, 0.15, 0.05],
  android: [0.3, 0.3, 0.2, 0.1, 0.05, 0.03, 0.02],
  // 25H2 is new; 24H2 is the bulk; 23H2 and Windows 10 linger.
  windows: [0.15, 0.6, 0.17, 0.08],
};

/** Share of the nominal capacity the OS reports as total storage. */
const USABLE_STORAGE: Record<Platform, [number, number]> = {
  ios: [0.985, 0.997],
  macos: [0.97, 0.99],
  android: [0.86, 0.93],
  windows: [0.975, 0.995],
};

/** Draws platform, enrollment, model, OS, capacity, SIM and network of device `index`. */
export function drawProfile(plan: FleetPlan, index: number): DeviceProfile {
  const random = new DeviceRandom(plan.seed, index, 'profile');
  const { platform, enrollmentType } = drawEnrollment(plan.mix, random);
  const corporate = ENROLLMENT_MODES[enrollmentType].organizationOwned;
  const model = random.weighted(modelWeights(platform, enrollmentType, corporate));
  const user = plan.users.userOf(index);
  const cellular = random.chance(model.cellular);
  const carrier =
    cellular && random.chance(simShare(model)) ? drawCarrier(user.country, random) : undefined;
  return {
    index,
    platform,
    enrollmentType,
    corporate,
    model,
    modelName: reportedModelName(
      random.pick(model.models),
      (carrier?.country ?? user.country) === 'US',
    ),
    osVersion: drawOsVersion(model, random),
    storageGb: random.weighted(
      model.storageGb.map((value, i) => ({ value, weight: [0.45, 0.35, 0.15, 0.05][i] ?? 0.05 })),
    ),
    memoryGb: random.pick(model.memoryGb),
    cellular,
    carrier,
    network: drawNetwork(model, corporate, carrier !== undefined, random),
    user,
  };
}

/**
 * Model weights for an enrollment: personal devices are consumer phones and PCs, never rugged
 * handhelds; dedicated (kiosk) devices are mostly rugged; Knox Mobile Enrollment is Samsung-only.
 */
function modelWeights(
  platform: Platform,
  enrollmentType: EnrollmentType,
  corporate: boolean,
): Weighted<DeviceModel>[] {
  const models = DEVICE_MODELS[platform].filter(
    (model) => enrollmentType !== 'knoxMobileEnrollment' || model.manufacturer === 'samsung',
  );
  return models.map((model) => ({
    value: model,
    weight: model.weight * audienceFactor(model, enrollmentType, corporate),
  }));
}

function audienceFactor(
  model: DeviceModel,
  enrollmentType: EnrollmentType,
  corporate: boolean,
): number {
  if (!corporate) return { consumer: 1, both: 1, business: 0.3, rugged: 0 }[model.audience];
  if (enrollmentType === 'androidDedicated')
    return { rugged: 4, business: 0.5, both: 0.3, consumer: 0 }[model.audience];
  if (ENROLLMENT_MODES[enrollmentType].workProfile) {
    return { rugged: 0.1, business: 1, both: 1, consumer: 0.4 }[model.audience];
  }
  return { business: 1, both: 1, rugged: 0.6, consumer: 0.15 }[model.audience];
}

/** Phones almost always have an active SIM; tablets and laptops with a modem often do not. */
function simShare(model: DeviceModel): number {
  return model.formFactor === 'phone' || model.formFactor === 'handheld' ? 0.97 : 0.6;
}

function drawCarrier(country: SimulatedUser['country'], random: DeviceRandom): Carrier {
  return random.weighted(
    carriersOf(country).map((carrier) => ({ value: carrier, weight: carrier.share })),
  );
}

function drawOsVersion(model: DeviceModel, random: DeviceRandom): string {
  const majors = osMajorsBetween(model.platform, model.minOs, model.maxOs).reverse();
  const recency = MAJOR_RECENCY[model.platform];
  const major = random.weighted(majors.map((value, i) => ({ value, weight: recency[i] ?? 0.01 })));
  const releases = OS_RELEASES[model.platform][major];
  return random.chance(0.6) ? releases[releases.length - 1] : random.pick(releases);
}

export function drawNetwork(
  model: DeviceModel,
  corporate: boolean,
  hasSim: boolean,
  random: DeviceRandom,
): NetworkKind {
  const mobile = model.formFactor === 'phone';
  const weights: Record<NetworkKind, number> =
    model.formFactor === 'handheld'
      ? { office: 0.9, cellular: hasSim ? 0.1 : 0, home: 0, hotspot: 0 }
      : corporate
        ? {
            office: mobile ? 0.35 : 0.6,
            home: mobile ? 0.25 : 0.35,
            cellular: mobile ? 0.4 : 0.05,
            hotspot: 0.05,
          }
        : {
            office: 0.1,
            home: mobile ? 0.45 : 0.75,
            cellular: mobile ? 0.45 : 0.05,
            hotspot: mobile ? 0 : 0.1,
          };
  if (!hasSim) weights.cellular = 0;
  return random.weighted(
    Object.entries(weights).map(([value, weight]) => ({ value: value as NetworkKind, weight })),
  );
}

/** Every hardware field the device physically has, before its platform withholds some. */
type PhysicalHardware = Partial<Record<HardwareField, string | number>>;

/**
 * The hardware inventory of a profile: identifiers drawn, then what its platform reports for that
 * enrollment mode and OS version (catalog/platform-facts.ts).
 */
export function buildHardware(plan: FleetPlan, profile: DeviceProfile): HardwareInventory {
  const { seed } = plan;
  const { index, platform, model } = profile;
  const random = new DeviceRandom(seed, index, 'identifiers');
  const macStyle = platform === 'windows' ? 'hyphenUpper' : 'colonLower';
  // One permutation for all NICs of the fleet: Wi-Fi takes even inputs, Ethernet odd ones.
  const nic = (port: 0 | 1) => uniqueSlot(seed, 'mac', index * 2 + port, 2 ** 24);
  const [usableMin, usableMax] = USABLE_STORAGE[platform];
  const total = Math.round(profile.storageGb * 1e9 * random.between(usableMin, usableMax));

  const physical: PhysicalHardware = {
    deviceName: deviceName(profile, plan.tenant, random),
    manufacturer: model.manufacturer,
    model: profile.modelName,
    osVersion: profile.osVersion,
    serialNumber: serialNumber(
      {
        format: model.serialFormat,
        released: model.released,
        appleConfigCode: appleConfigCode(model),
      },
      uniqueSlot(seed, 'serial', index, SLOT_DOMAIN),
      random,
    ),
    wiFiMacAddress: macAddress(random.pick(OUIS[model.wifiVendor]), nic(0), macStyle),
    ipAddress: privateIpAddress(
      profile.network,
      random.pick(COUNTRY_PROFILES[profile.user.country].officeSites),
      random,
    ),
    totalStorageSpaceInBytes: total,
    freeStorageSpaceInBytes: Math.round(total * random.between(0.12, 0.7)),
    physicalMemoryInBytes: profile.memoryGb * 2 ** 30,
  };
  if (model.ethernetVendor) {
    physical.ethernetMacAddress = macAddress(
      random.pick(OUIS[model.ethernetVendor]),
      nic(1),
      macStyle,
    );
  }
  if (platform === 'ios' || platform === 'macos') {
    physical.udid = appleUdid(model.appleChipId, platform, random);
  }
  if (platform === 'ios' && profile.enrollmentType === 'appleUserEnrollment') {
    // User Enrollment requires a managed Apple ID; no personal Apple ID is ever sent.
    physical.appleId = `${profile.user.userPrincipalName.split('@')[0]}@appleid.${plan.tenant.domain}`;
  }
  if (platform === 'android') physical.androidId = androidId(random);
  if (platform === 'windows') physical.windowsDeviceId = uuid(random);
  if (profile.cellular) Object.assign(physical, cellularIdentifiers(plan, profile, random));

  const hardware: PhysicalHardware = {};
  for (const field of HARDWARE_FIELDS) {
    const value = physical[field];
    if (value === undefined) continue;
    if (!platformReports(platform, profile.enrollmentType, field, profile.osVersion)) continue;
    hardware[field] = value;
  }
  return hardware as unknown as HardwareInventory;
}

function cellularIdentifiers(
  plan: FleetPlan,
  profile: DeviceProfile,
  random: DeviceRandom,
): PhysicalHardware {
  const { seed } = plan;
  const { index, model, carrier } = profile;
  const [imei1, imei2] = imeiPair(
    random.pick(modelTacs(model)),
    uniqueSlot(seed, 'imei', index, IMEI_PAIR_DOMAIN),
  );
  const ids: PhysicalHardware = { imei: imei1 };
  if (model.dualImei) ids.imei2 = imei2;
  if (model.esim) ids.eid = eid(uniqueSlot(seed, 'eid', index, SLOT_DOMAIN), random);
  if (!carrier) return ids;
  ids.iccid = iccid(carrier, uniqueSlot(seed, 'iccid', index, SLOT_DOMAIN), random);
  ids.subscriberCarrier = carrier.networkName;
  const phone = model.formFactor === 'phone' || model.formFactor === 'handheld' ? 0.95 : 0.5;
  if (random.chance(phone))
    ids.phoneNumber = mobileNumber(carrier, uniqueSlot(seed, 'phone', index, SLOT_DOMAIN), random);
  if (model.cdma && carrier.cdma) {
    ids.meid = meid(
      meidManufacturerCode(model),
      uniqueSlot(seed, 'meid', index, SLOT_DOMAIN),
      random,
    );
  }
  return ids;
}

const NAME_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * The name the device reports: what its user called it ("Anna’s iPhone"), the maker's default
 * ("Galaxy S24", "DESKTOP-7K2M9QX"), or the organisation's naming template for provisioned
 * devices ("CONTOSO-4F7K2QX").
 */
export function deviceName(profile: DeviceProfile, tenant: Tenant, random: DeviceRandom): string {
  const { platform, model, corporate, enrollmentType, user } = profile;
  const laptop = model.formFactor === 'laptop';
  switch (platform) {
    case 'ios':
    case 'macos': {
      if (corporate && random.chance(0.4)) {
        const kind = platform === 'macos' ? 'MAC' : model.formFactor === 'tablet' ? 'IPAD' : 'IPH';
        return `${tenant.prefix}-${kind}-${random.string(NAME_ALPHABET, 6)}`;
      }
      return `${user.firstName}’s ${model.marketingName}`;
    }
    case 'android':
      if (enrollmentType === 'androidDedicated' || (corporate && model.audience === 'rugged')) {
        return `${tenant.prefix}-${model.marketingName.replace(/\s+/g, '')}-${random.digits(3)}`;
      }
      return model.marketingName;
    case 'windows':
      switch (enrollmentType) {
        case 'windowsAutopilot':
        case 'windowsBulkEnrollment':
        case 'deviceEnrollmentManager':
          return `${tenant.prefix}-${random.string(NAME_ALPHABET, 14 - tenant.prefix.length)}`;
        case 'windowsCoManagement':
        case 'windowsGroupPolicy':
          return `${user.country}${laptop ? 'LT' : 'DT'}${random.digits(5)}`;
        default:
          return laptop
            ? `LAPTOP-${random.string(NAME_ALPHABET, 8)}`
            : `DESKTOP-${random.string(NAME_ALPHABET, 7)}`;
      }
  }
}

export function inventoryContext(profile: DeviceProfile): InventoryContext {
  return {
    corporate: profile.corporate,
    rugged: profile.model.audience === 'rugged',
    workProfile: ENROLLMENT_MODES[profile.enrollmentType].workProfile,
    manufacturer: profile.model.manufacturer,
    profileFolder: profile.user.profileFolder,
  };
}

/** A device as its profile makes it, with no defect applied. */
export function buildDevice(plan: FleetPlan, profile: DeviceProfile): SimulatedDevice {
  const context = inventoryContext(profile);
  const size =
    context.workProfile || context.rugged ? plan.appsPerFocusedDevice : plan.appsPerDevice;
  const apps = drawInventory(
    plan.apps(profile.platform),
    context,
    size,
    new DeviceRandom(plan.seed, profile.index, 'apps'),
  );
  return {
    seed: plan.seed,
    index: profile.index,
    platform: profile.platform,
    enrollmentType: profile.enrollmentType,
    ownership: ENROLLMENT_MODES[profile.enrollmentType].organizationOwned
      ? 'corporate'
      : 'personal',
    modelKey: profile.model.key,
    country: profile.user.country,
    ...(profile.carrier && { carrierKey: profile.carrier.key }),
    network: profile.network,
    user: enrollmentUser(profile.user),
    hardware: buildHardware(plan, profile),
    apps,
    defects: [],
  };
}

export function enrollmentUser(user: SimulatedUser): SimulatedDevice['user'] {
  return {
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    emailAddress: user.emailAddress,
  };
}
