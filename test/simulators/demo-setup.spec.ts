import { checkImei } from '../../src/rules/identifiers';
import { ENROLLMENT_TYPES } from '../../src/rules';
import { generateDevice, planFleet } from '../../simulators/fleet';
import { DeviceRecord } from '../../simulators/runner';
import { newDeviceRecord } from '../../simulators/runner/device-record';
import { demoCorporateIdentifiers, pickActionTargets } from '../../simulators/demo/demo-setup';

describe('demo corporate identifiers', () => {
  const plan = planFleet({ seed: 2025, longTailAppsPerPlatform: 100 });
  const { identities, devices } = demoCorporateIdentifiers(plan, 300, 0.3);

  it('are those of devices that would not otherwise enroll as corporate', () => {
    expect(identities.length).toBeGreaterThan(20);
    expect(identities).toHaveLength(devices.length);
    for (const index of devices) {
      const device = generateDevice(plan, index);
      expect(ENROLLMENT_TYPES[device.enrollmentType].ownership).not.toBe('corporate');
    }
  });

  it('carry the identifier the server matches on: IMEI or serial, manufacturer+model+serial on Windows', () => {
    identities.forEach((identity, i) => {
      const device = generateDevice(plan, devices[i]);
      if (device.platform === 'windows') {
        expect(identity).toMatchObject({
          importedDeviceIdentityType: 'manufacturerModelSerial',
          importedDeviceIdentifier: `${device.hardware.manufacturer},${device.hardware.model},${device.hardware.serialNumber}`,
        });
      } else if (identity.importedDeviceIdentityType === 'imei') {
        expect(identity.importedDeviceIdentifier).toBe(device.hardware.imei);
        expect(checkImei(identity.importedDeviceIdentifier).ok).toBe(true);
      } else {
        expect(identity.importedDeviceIdentifier).toBe(device.hardware.serialNumber);
      }
    });
    expect(new Set(identities.map((i) => i.importedDeviceIdentityType))).toEqual(
      new Set(['imei', 'serialNumber', 'manufacturerModelSerial']),
    );
  });

  it('are the same for the same seed', () => {
    expect(demoCorporateIdentifiers(plan, 300, 0.3).identities).toEqual(identities);
  });
});

describe('demo action targets', () => {
  const record = (index: number, fields: Partial<DeviceRecord>): DeviceRecord => ({
    ...newDeviceRecord(index, 0),
    status: 'enrolled',
    deviceId: `device-${index}`,
    ...fields,
  });

  it('picks distinct enrolled devices for which each action means something', () => {
    const records = [
      record(0, { platform: 'ios', ownership: 'personal', status: 'retired' }),
      record(1, { platform: 'ios', ownership: 'corporate' }),
      record(2, { platform: 'ios', ownership: 'personal' }),
      record(3, { platform: 'android', ownership: 'corporate' }),
      record(4, { platform: 'windows', ownership: 'unknown' }),
      record(5, { platform: 'macos', ownership: 'corporate' }),
      record(6, { platform: 'ios', ownership: 'corporate' }),
    ];
    const targets = pickActionTargets(records);
    expect({
      locate: targets.locate?.index,
      ownership: targets.ownership?.index,
      wipe: targets.wipe?.index,
      retire: targets.retire?.index,
      sync: targets.sync?.index,
    }).toEqual({ locate: 1, ownership: 4, wipe: 3, retire: 2, sync: 5 });
  });

  it('acts on Apple MDM devices only where their id can be found: a corporate Mac is synced, the rest go to the JSON channel', () => {
    const apple = (index: number, fields: Partial<DeviceRecord>) =>
      record(index, { protocol: 'apple-mdm', deviceId: undefined, ...fields });
    const targets = pickActionTargets([
      apple(0, { platform: 'ios', ownership: 'corporate' }),
      apple(1, { platform: 'ios', ownership: 'personal' }),
      apple(2, { platform: 'macos', ownership: 'personal' }),
      apple(3, { platform: 'macos', ownership: 'corporate' }),
      record(4, { platform: 'android', ownership: 'corporate' }),
      record(5, { platform: 'android', ownership: 'corporate' }),
      record(6, { platform: 'android', ownership: 'personal' }),
    ]);
    expect({
      locate: targets.locate?.index,
      wipe: targets.wipe?.index,
      retire: targets.retire?.index,
      sync: targets.sync?.index,
    }).toEqual({ locate: 4, wipe: 5, retire: 6, sync: 3 });
  });

  it('leaves out an action no device fits, and declares a personal Windows PC corporate when none is unknown', () => {
    const targets = pickActionTargets([
      record(0, { platform: 'windows', ownership: 'personal' }),
      record(1, { platform: 'macos', ownership: 'personal' }),
    ]);
    expect(targets.ownership?.index).toBe(0);
    expect(targets.sync?.index).toBe(1);
    expect(targets.locate).toBeUndefined();
    expect(targets.wipe).toBeUndefined();
  });
});
