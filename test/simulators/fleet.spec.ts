import fc from 'fast-check';
import {
  ENROLLMENT_TYPES,
  findFieldNotOnPlatform,
  isEnrollmentTypeOf,
  REQUIRED_AT_ENROLLMENT,
} from '../../src/rules';
import { checkIpAddress } from '../../src/rules/identifiers';
import { modelByKey, modelTacs, reportedModelName } from '../../simulators/fleet/catalog/models';
import { nicVendorOf } from '../../simulators/fleet/catalog/ouis';
import { isTacOf } from '../../simulators/fleet/catalog/tacs';
import {
  MAX_INSTALL_LOCATION_LENGTH,
  MAX_STRING_LENGTH,
  SimulatedDevice,
} from '../../simulators/fleet/device-profile';
import { generateDevice, generateFleet } from '../../simulators/fleet/fleet';
import { FleetOptions, planFleet } from '../../simulators/fleet/plan';
import { checkedIdentifiers, sharedIdentifiers } from './spec-support';

// A short long tail keeps each plan cheap; the tail's size does not change what is checked here.
const small = (seed: number, size = 120) =>
  generateFleet({ seed, size, longTailAppsPerPlatform: 300 }).devices;

// Every property below draws the same fleet seeds in one run (fast-check replays its own seed), so
// each fleet is generated once for all of them; the seed changes from run to run and is printed
// by fast-check when a property fails.
const FAST_CHECK_SEED = Date.now() % 2 ** 31;
const fleets = new Map<number, SimulatedDevice[]>();
const fleetOf = (seed: number) => {
  let fleet = fleets.get(seed);
  if (!fleet) {
    fleet = small(seed);
    fleets.set(seed, fleet);
  }
  return fleet;
};

const seeds = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
const runs = { numRuns: 12, seed: FAST_CHECK_SEED };

/**
 * The checks below collect what is wrong and assert once: a fleet has thousands of values, and an
 * expectation per value would cost more than generating them.
 */
describe('a generated fleet, over many seeds', () => {
  it('reports only identifiers that pass the server’s validators', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const problems: unknown[] = [];
        for (const device of fleetOf(seed)) {
          for (const { field, check } of checkedIdentifiers(device)) {
            if (!check.ok)
              problems.push({ index: device.index, field, value: device.hardware[field], check });
          }
          if (!checkIpAddress(device.hardware.ipAddress ?? '').ok)
            problems.push({ index: device.index, field: 'ipAddress' });
        }
        expect(problems).toEqual([]);
      }),
      runs,
    );
  });

  it('reports only fields the platform and enrollment type can have (the collection rules agree)', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const problems: unknown[] = [];
        for (const device of fleetOf(seed)) {
          const { platform, enrollmentType, hardware } = device;
          if (!isEnrollmentTypeOf(platform, enrollmentType))
            problems.push({ platform, enrollmentType });
          if (device.ownership !== ENROLLMENT_TYPES[enrollmentType].ownership)
            problems.push({ ownership: device.ownership });
          const notOnPlatform = findFieldNotOnPlatform(
            platform,
            enrollmentType,
            { ...hardware },
            hardware.osVersion,
          );
          if (notOnPlatform) problems.push({ platform, enrollmentType, notOnPlatform });
          for (const field of REQUIRED_AT_ENROLLMENT)
            if (!hardware[field]) problems.push({ missing: field });
        }
        expect(problems).toEqual([]);
      }),
      runs,
    );
  });

  it('reports what its model really is: maker, model name, memory, storage, MAC vendors and TACs', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const problems: unknown[] = [];
        const fail = (device: SimulatedDevice, what: string) =>
          problems.push({ index: device.index, model: device.modelKey, what });
        for (const device of fleetOf(seed)) {
          const model = modelByKey(device.modelKey);
          const h = device.hardware;
          const total = h.totalStorageSpaceInBytes ?? 0;
          if (model.platform !== device.platform) fail(device, 'platform');
          if (h.manufacturer !== model.manufacturer) fail(device, 'manufacturer');
          const names = model.models.flatMap((m) => [
            reportedModelName(m, true),
            reportedModelName(m, false),
          ]);
          if (!names.includes(h.model)) fail(device, `model name ${h.model}`);
          if (!model.memoryGb.some((gb) => gb * 2 ** 30 === h.physicalMemoryInBytes))
            fail(device, 'memory');
          if (!model.storageGb.some((gb) => total <= gb * 1e9 && total > gb * 0.8e9))
            fail(device, 'storage');
          if (!((h.freeStorageSpaceInBytes ?? 0) < total)) fail(device, 'free storage');
          if (h.wiFiMacAddress && nicVendorOf(h.wiFiMacAddress) !== model.wifiVendor)
            fail(device, 'Wi-Fi OUI');
          if (h.ethernetMacAddress && nicVendorOf(h.ethernetMacAddress) !== model.ethernetVendor)
            fail(device, 'Ethernet OUI');
          for (const imei of [h.imei, h.imei2]) {
            if (
              imei &&
              !(modelTacs(model).includes(imei.slice(0, 8)) && isTacOf(model.tacVendor!, imei))
            )
              fail(device, 'TAC');
          }
        }
        expect(problems).toEqual([]);
      }),
      runs,
    );
  });

  it('never gives two devices the same identifier when no defect is asked for', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        expect(sharedIdentifiers(fleetOf(seed))).toEqual(new Map());
      }),
      runs,
    );
  });

  it('gives each device an app inventory the server accepts', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const problems: unknown[] = [];
        for (const device of fleetOf(seed)) {
          const fail = (what: string, app?: unknown) =>
            problems.push({ index: device.index, what, app });
          const ids = device.apps.map((app) => app.appId);
          if (new Set(ids).size !== ids.length) fail('an app reported twice');
          for (const app of device.apps) {
            for (const text of [app.appId, app.displayName, app.version, app.publisher ?? '']) {
              if (text.length === 0 || text.length > MAX_STRING_LENGTH) fail('string length', app);
            }
            if (app.displayName.includes('{version}')) fail('unfilled display name', app);
            if (app.installLocation !== undefined) {
              if (device.platform !== 'windows' && device.platform !== 'macos')
                fail('install location', app);
              if (app.installLocation.length > MAX_INSTALL_LOCATION_LENGTH)
                fail('install location length', app);
              if (/\{user\}|\{version\}/.test(app.installLocation))
                fail('unfilled install location', app);
            }
            if (app.profile !== undefined && device.platform !== 'android') fail('profile', app);
          }
        }
        expect(problems).toEqual([]);
      }),
      runs,
    );
  });
});

describe('determinism', () => {
  it('makes the same fleet from the same seed, and a different one from another seed', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const first = fleetOf(seed);
        expect(small(seed)).toEqual(first);
        const other = small(seed + 1, 20);
        expect(other.map((d) => d.hardware)).not.toEqual(first.slice(0, 20).map((d) => d.hardware));
      }),
      { ...runs, numRuns: 4 },
    );
  });

  it('makes a device the same whatever order, and whatever fleet size, it is generated in', () => {
    const options: FleetOptions = { seed: 2024, longTailAppsPerPlatform: 300 };
    const forwardPlan = planFleet(options);
    const forward = Array.from({ length: 60 }, (_, i) => generateDevice(forwardPlan, i));
    const backwardPlan = planFleet(options);
    const backward = Array.from({ length: 60 }, (_, i) =>
      generateDevice(backwardPlan, 59 - i),
    ).reverse();
    expect(backward).toEqual(forward);
    for (const index of [0, 17, 42])
      expect(generateDevice(planFleet(options), index)).toEqual(forward[index]);
    expect(generateFleet({ ...options, size: 20 }).devices).toEqual(forward.slice(0, 20));
  });

  it('does not depend on devices that were generated before on the same plan', () => {
    const options: FleetOptions = { seed: 99, longTailAppsPerPlatform: 300 };
    const busy = planFleet(options);
    for (let i = 0; i < 200; i += 7) generateDevice(busy, i);
    expect(generateDevice(busy, 150)).toEqual(generateDevice(planFleet(options), 150));
  });
});

describe('the platforms’ real gaps', () => {
  const fleet = generateFleet({ seed: 7, size: 1500 }).devices;
  const where = (predicate: (device: SimulatedDevice) => boolean) => {
    const devices = fleet.filter(predicate);
    expect(devices.length).toBeGreaterThan(0);
    return devices;
  };

  it('Apple User Enrollment sends no serial, IMEI or UDID, but the managed Apple ID on iOS', () => {
    for (const device of where((d) => d.enrollmentType === 'appleUserEnrollment')) {
      expect(device.hardware).not.toHaveProperty('serialNumber');
      expect(device.hardware).not.toHaveProperty('imei');
      expect(device.hardware).not.toHaveProperty('imei2');
      expect(device.hardware).not.toHaveProperty('udid');
      if (device.platform === 'ios')
        expect(device.hardware.appleId).toMatch(/@appleid\.contoso\.com$/);
    }
  });

  it('other Apple enrollments send serial and UDID; iPhones their IMEI', () => {
    for (const device of where(
      (d) => ['ios', 'macos'].includes(d.platform) && d.enrollmentType !== 'appleUserEnrollment',
    )) {
      expect(device.hardware.serialNumber).toBeTruthy();
      expect(device.hardware.udid).toBeTruthy();
      expect(device.hardware).not.toHaveProperty('appleId');
      if (modelByKey(device.modelKey).formFactor === 'phone')
        expect(device.hardware.imei).toBeTruthy();
    }
  });

  it('a personal Android work profile sends no Wi-Fi MAC, ICCID or EID, and no serial from Android 12 on', () => {
    for (const device of where((d) => d.enrollmentType === 'androidPersonalWorkProfile')) {
      expect(device.hardware).not.toHaveProperty('wiFiMacAddress');
      expect(device.hardware).not.toHaveProperty('iccid');
      expect(device.hardware).not.toHaveProperty('eid');
      if (Number.parseInt(device.hardware.osVersion, 10) >= 12) {
        expect(device.hardware).not.toHaveProperty('serialNumber');
      } else {
        expect(device.hardware.serialNumber).toBeTruthy();
      }
    }
  });

  it('corporate Android devices with a SIM send serial, Wi-Fi MAC and ICCID', () => {
    for (const device of where(
      (d) => d.platform === 'android' && d.ownership === 'corporate' && d.carrierKey !== undefined,
    )) {
      expect(device.hardware.serialNumber).toBeTruthy();
      expect(device.hardware.wiFiMacAddress).toBeTruthy();
      expect(device.hardware.iccid).toBeTruthy();
    }
  });

  it('Macs send no cellular identifiers and no phone number', () => {
    for (const device of where((d) => d.platform === 'macos')) {
      for (const field of [
        'imei',
        'imei2',
        'meid',
        'iccid',
        'eid',
        'phoneNumber',
        'subscriberCarrier',
      ] as const) {
        expect(device.hardware).not.toHaveProperty(field);
      }
    }
  });

  it('Windows PCs send cellular fields only when their model has an LTE/5G option', () => {
    const windows = where((d) => d.platform === 'windows');
    const cellular = windows.filter((d) => d.hardware.imei !== undefined);
    expect(cellular.length).toBeGreaterThan(0);
    for (const device of windows) {
      if (modelByKey(device.modelKey).cellular === 0) {
        for (const field of ['imei', 'iccid', 'eid', 'phoneNumber', 'subscriberCarrier'] as const) {
          expect(device.hardware).not.toHaveProperty(field);
        }
      }
    }
  });

  it('Android work profiles report work-profile apps only', () => {
    const workProfiles = where((d) =>
      ['androidPersonalWorkProfile', 'androidCorporateWorkProfile'].includes(d.enrollmentType),
    );
    const android = where((d) => d.platform === 'android');
    for (const device of workProfiles) expect(device.apps.length).toBeGreaterThan(0);
    const profiles = (devices: SimulatedDevice[]) =>
      new Set(devices.flatMap((d) => d.apps.map((app) => app.profile)));
    expect(profiles(workProfiles)).toEqual(new Set(['work']));
    expect(profiles(android.filter((d) => !workProfiles.includes(d)))).toEqual(
      new Set([undefined]),
    );
  });

  it('personal devices are never rugged handhelds, and Knox Mobile Enrollment is Samsung only', () => {
    for (const device of where((d) => d.ownership !== 'corporate')) {
      expect(modelByKey(device.modelKey).audience).not.toBe('rugged');
    }
    for (const device of where((d) => d.enrollmentType === 'knoxMobileEnrollment')) {
      expect(device.hardware.manufacturer).toBe('samsung');
    }
  });

  it('shares apps across devices and keeps a long tail on few', () => {
    const windows = fleet.filter((d) => d.platform === 'windows');
    const counts = new Map<string, number>();
    for (const device of windows)
      for (const app of device.apps) counts.set(app.appId, (counts.get(app.appId) ?? 0) + 1);
    const edge = counts.get('Microsoft Edge') ?? 0;
    expect(edge / windows.length).toBeGreaterThan(0.9);
    const rare = [...counts.values()].filter((count) => count <= 2).length;
    expect(rare / counts.size).toBeGreaterThan(0.3);
    for (const device of fleet) {
      if (
        !['androidPersonalWorkProfile', 'androidCorporateWorkProfile'].includes(
          device.enrollmentType,
        ) &&
        modelByKey(device.modelKey).audience !== 'rugged'
      ) {
        expect(device.apps.length).toBeGreaterThanOrEqual(40);
        expect(device.apps.length).toBeLessThanOrEqual(80);
      }
    }
  });
});
