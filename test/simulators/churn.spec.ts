import { findFieldNotOnPlatform, WORK_PROFILE_ENROLLMENTS } from '../../src/rules';
import { checkIpAddress } from '../../src/rules/identifiers';
import { compareVersions } from '../../simulators/fleet/app-versions';
import { ChurnRates, evolveDevice } from '../../simulators/fleet/churn';
import { SimulatedDevice } from '../../simulators/fleet/device-profile';
import { generateFleet } from '../../simulators/fleet/fleet';
import { checkedIdentifiers } from './spec-support';

const NOTHING: Required<ChurnRates> = {
  appInstall: 0,
  appRemoval: 0,
  appUpdate: 0,
  storageDrift: 0,
  ipChange: 0,
};

describe('device churn between check-ins', () => {
  const { plan, devices } = generateFleet({ seed: 21, size: 200, longTailAppsPerPlatform: 300 });

  it('changes nothing when every probability is zero', () => {
    for (const device of devices) {
      let current = device;
      for (let step = 1; step <= 5; step++) {
        const { device: next, changes } = evolveDevice(plan, current, step, NOTHING);
        expect(changes).toEqual({ installed: [], removed: [], updated: [], hardware: [] });
        current = next;
      }
      expect(current).toEqual(device);
    }
  });

  it('does not modify the device it is given', () => {
    const device = devices[3];
    const before = structuredClone(device);
    evolveDevice(plan, device, 1, {
      appInstall: 1,
      appRemoval: 0.5,
      appUpdate: 1,
      storageDrift: 1,
      ipChange: 1,
    });
    expect(device).toEqual(before);
  });

  it('is a function of (seed, device, step) alone, whatever else was evolved before', () => {
    const alone = evolveDevice(plan, devices[10], 4);
    for (const other of devices.slice(0, 50)) evolveDevice(plan, other, 4);
    expect(evolveDevice(plan, devices[10], 4)).toEqual(alone);
    expect(evolveDevice(plan, devices[10], 5)).not.toEqual(alone);
  });

  it('installs apps the device did not have, as its enrollment allows, and takes their space', () => {
    for (const device of devices) {
      const { device: next, changes } = evolveDevice(plan, device, 1, {
        ...NOTHING,
        appInstall: 1,
      });
      expect(changes.installed.length).toBeGreaterThanOrEqual(1);
      expect(changes.installed.length).toBeLessThanOrEqual(3);
      const before = new Set(device.apps.map((app) => app.appId));
      for (const appId of changes.installed) expect(before.has(appId)).toBe(false);
      expect(next.apps.map((app) => app.appId)).toEqual([
        ...device.apps.map((app) => app.appId),
        ...changes.installed,
      ]);
      const added = next.apps.slice(device.apps.length);
      if (WORK_PROFILE_ENROLLMENTS.has(device.enrollmentType)) {
        for (const app of added) {
          expect(app.profile).toBe('work');
          expect(plan.apps('android').byId.get(app.appId)?.workProfile).toBe(true);
        }
      }
      const taken = added.reduce((sum, app) => sum + (app.sizeInBytes ?? 0), 0);
      const floor = Math.round(device.hardware.totalStorageSpaceInBytes! * 0.02);
      expect(next.hardware.freeStorageSpaceInBytes).toBe(
        Math.max(floor, device.hardware.freeStorageSpaceInBytes! - taken),
      );
    }
  });

  it('removes apps and frees their space', () => {
    for (const device of devices.slice(0, 50)) {
      const { device: next, changes } = evolveDevice(plan, device, 1, {
        ...NOTHING,
        appRemoval: 1,
      });
      expect(next.apps).toEqual([]);
      expect(changes.removed).toEqual(device.apps.map((app) => app.appId));
      expect(next.hardware.freeStorageSpaceInBytes).toBeGreaterThan(
        device.hardware.freeStorageSpaceInBytes!,
      );
    }
  });

  it('updates apps to newer versions, renaming those whose name carries the version', () => {
    for (const device of devices.slice(0, 50)) {
      const { device: next, changes } = evolveDevice(plan, device, 1, { ...NOTHING, appUpdate: 1 });
      expect(changes.updated).toHaveLength(device.apps.length);
      next.apps.forEach((app, i) => {
        expect(app.appId).toBe(device.apps[i].appId);
        expect(compareVersions(app.version, device.apps[i].version)).toBe(1);
        if (device.apps[i].displayName.includes(device.apps[i].version))
          expect(app.displayName).toContain(app.version);
      });
    }
  });

  it('moves devices between networks, always to a private address', () => {
    let moved = 0;
    for (const device of devices) {
      const { device: next, changes } = evolveDevice(plan, device, 1, { ...NOTHING, ipChange: 1 });
      expect(checkIpAddress(next.hardware.ipAddress!).ok).toBe(true);
      if (changes.hardware.includes('ipAddress')) moved++;
      expect(changes.hardware.includes('ipAddress')).toBe(
        next.hardware.ipAddress !== device.hardware.ipAddress,
      );
    }
    expect(moved).toBeGreaterThan(devices.length * 0.9);
  });

  it('keeps a device valid over a long life with the default rates', () => {
    const problems: unknown[] = [];
    for (const start of devices.slice(0, 60)) {
      let device: SimulatedDevice = start;
      for (let step = 1; step <= 60; step++) device = evolveDevice(plan, device, step).device;
      const { hardware, platform, enrollmentType } = device;
      if (findFieldNotOnPlatform(platform, enrollmentType, { ...hardware }, hardware.osVersion))
        problems.push('field');
      if (checkedIdentifiers(device).some(({ check }) => !check.ok)) problems.push('identifier');
      const ids = device.apps.map((app) => app.appId);
      if (new Set(ids).size !== ids.length) problems.push('duplicate app');
      const free = hardware.freeStorageSpaceInBytes!;
      if (free < 0 || free > hardware.totalStorageSpaceInBytes!) problems.push('storage');
      if (JSON.stringify(device.apps) === JSON.stringify(start.apps))
        problems.push(`apps unchanged on ${device.index}`);
    }
    expect(problems).toEqual([]);
  });

  it('refuses a probability outside [0, 1]', () => {
    expect(() => evolveDevice(plan, devices[0], 1, { appInstall: 1.5 })).toThrow(/appInstall/);
  });
});
