import { checkSerialNumber } from '../../src/rules/identifiers';
import { generateFleet } from '../../simulators/fleet/fleet';
import { checkedIdentifiers, sharedIdentifiers } from './spec-support';

describe('a fleet asked for defects', () => {
  const rates = { emptySerial: 0.04, duplicateSerial: 0.04, reEnrollment: 0.04 };
  const { devices } = generateFleet({
    seed: 5,
    size: 1500,
    longTailAppsPerPlatform: 300,
    defects: rates,
  });
  const byIndex = (index: number) => devices[index];
  const withDefect = (kind: string) =>
    devices.filter((d) => d.defects.some((defect) => defect.kind === kind));

  it('has each defect in about the asked proportion, and at most one per device', () => {
    for (const kind of ['emptySerial', 'duplicateSerial', 'reEnrollment']) {
      // Some drawn defects cannot apply (a device that reports no serial cannot report it empty).
      expect(withDefect(kind).length / devices.length).toBeGreaterThan(0.02);
      expect(withDefect(kind).length / devices.length).toBeLessThan(0.06);
    }
    expect(devices.every((d) => d.defects.length <= 1)).toBe(true);
  });

  it('reports an empty serial only where the device would report one', () => {
    for (const device of withDefect('emptySerial')) {
      expect(device.hardware.serialNumber).toBe('');
      expect(checkSerialNumber(device.platform, '').ok).toBe(false);
    }
  });

  it('shares a serial with an earlier, defect-free device of the same maker', () => {
    for (const device of withDefect('duplicateSerial')) {
      const defect = device.defects[0] as { kind: 'duplicateSerial'; sharedWith: number };
      const partner = byIndex(defect.sharedWith);
      expect(defect.sharedWith).toBeLessThan(device.index);
      expect(partner.defects).toEqual([]);
      expect(device.hardware.serialNumber).toBe(partner.hardware.serialNumber);
      expect(device.hardware.manufacturer).toBe(partner.hardware.manufacturer);
      expect(device.hardware.imei).not.toBe(partner.hardware.imei ?? 'no IMEI on either');
    }
  });

  it('re-enrolls an earlier device’s hardware with new software identities', () => {
    for (const device of withDefect('reEnrollment')) {
      const defect = device.defects[0] as { kind: 'reEnrollment'; of: number };
      const original = byIndex(defect.of);
      expect(original.defects).toEqual([]);
      expect(device.modelKey).toBe(original.modelKey);
      expect(device.enrollmentType).toBe(original.enrollmentType);
      for (const field of [
        'serialNumber',
        'imei',
        'imei2',
        'udid',
        'wiFiMacAddress',
        'ethernetMacAddress',
        'iccid',
        'eid',
        'phoneNumber',
      ] as const) {
        expect(device.hardware[field]).toBe(original.hardware[field]);
      }
      if (original.hardware.androidId)
        expect(device.hardware.androidId).not.toBe(original.hardware.androidId);
      if (original.hardware.windowsDeviceId)
        expect(device.hardware.windowsDeviceId).not.toBe(original.hardware.windowsDeviceId);
    }
  });

  it('shares identifiers only within groups of devices that defects link', () => {
    // Devices linked by defects, directly or through each other (a duplicate of a device that was
    // also re-enrolled shares its serial with both).
    const group = new Map<number, number>();
    const find = (index: number): number => {
      const parent = group.get(index) ?? index;
      return parent === index ? index : find(parent);
    };
    for (const device of devices) {
      for (const defect of device.defects) {
        const other =
          defect.kind === 'duplicateSerial'
            ? defect.sharedWith
            : defect.kind === 'reEnrollment'
              ? defect.of
              : null;
        if (other !== null) group.set(find(device.index), find(other));
      }
    }
    const unexplained = [...sharedIdentifiers(devices)].filter(
      ([, indices]) => new Set(indices.map(find)).size > 1,
    );
    expect(unexplained).toEqual([]);
    expect(sharedIdentifiers(devices).size).toBeGreaterThan(0);
  });

  it('keeps every identifier but the emptied serials valid', () => {
    const invalid = devices.flatMap((device) =>
      checkedIdentifiers(device)
        .filter(({ check }) => !check.ok)
        .map(({ field }) => ({ field, defects: device.defects })),
    );
    expect(
      invalid.every(
        ({ field, defects }) => field === 'serialNumber' && defects[0]?.kind === 'emptySerial',
      ),
    ).toBe(true);
    expect(invalid).toHaveLength(withDefect('emptySerial').length);
  });
});

describe('a fleet asked for no defects', () => {
  it('has none', () => {
    const { devices } = generateFleet({ seed: 5, size: 300, longTailAppsPerPlatform: 100 });
    expect(devices.filter((d) => d.defects.length > 0)).toEqual([]);
    expect(devices.filter((d) => d.hardware.serialNumber === '')).toEqual([]);
  });

  it('is the same fleet, apart from the defective devices, as with defects', () => {
    const plain = generateFleet({ seed: 6, size: 300, longTailAppsPerPlatform: 100 }).devices;
    const defective = generateFleet({
      seed: 6,
      size: 300,
      longTailAppsPerPlatform: 100,
      defects: { emptySerial: 0.1, duplicateSerial: 0.1, reEnrollment: 0.1 },
    }).devices;
    for (const device of defective) {
      if (device.defects.length === 0) expect(device).toEqual(plain[device.index]);
    }
  });
});
