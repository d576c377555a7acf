import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newDeviceRecord } from './device-record';
import {
  fleetDifferences,
  loadState,
  SimulatorState,
  STATE_FORMAT,
  StateFileError,
  StateWriter,
} from './state-file';

describe('simulator state file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sim-state-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const state = (devices = 3): SimulatorState => ({
    format: STATE_FORMAT,
    savedAt: '',
    fleet: { seed: 4, platformMix: { ios: 1 } },
    servers: ['http://127.0.0.1:3000'],
    deployedApps: {},
    devices: Array.from({ length: devices }, (_, index) => newDeviceRecord(index, 0)),
  });

  it('is absent until written, then reads back what was written', async () => {
    const path = join(dir, 'fleet.json');
    expect(loadState(path)).toBeNull();
    const current = state();
    current.devices[1].deviceId = 'abc';
    await new StateWriter(path, () => current).save();
    expect(loadState(path)).toMatchObject({ ...current, savedAt: expect.any(String) });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('coalesces saves asked for while one is being written, and leaves no temporary file', async () => {
    const path = join(dir, 'fleet.json');
    let snapshots = 0;
    const current = state(2000);
    const writer = new StateWriter(path, () => {
      snapshots++;
      return current;
    });
    const saves = Array.from({ length: 20 }, () => writer.save());
    current.devices[7].sequence = 99;
    const last = writer.save();
    await Promise.all([...saves, last]);
    expect(writer.writes).toBeLessThanOrEqual(2);
    expect(snapshots).toBe(writer.writes);
    expect(loadState(path)!.devices[7].sequence).toBe(99);
    expect(readdirSync(dir)).toEqual(['fleet.json']);
  });

  it('refuses a file that is not a state file, or whose devices are damaged', () => {
    const path = join(dir, 'other.json');
    writeFileSync(path, '{"hello": 1}');
    expect(() => loadState(path)).toThrow(StateFileError);
    writeFileSync(path, 'not json');
    expect(() => loadState(path)).toThrow('is not a simulator state file');
    const damaged = state();
    damaged.devices.splice(1, 1);
    writeFileSync(path, JSON.stringify(damaged));
    expect(() => loadState(path)).toThrow('out of order');
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('"format"');
  });

  it('names the fleet options that differ, whatever their order', () => {
    expect(
      fleetDifferences(
        { seed: 1, platformMix: { ios: 1, android: 2 } },
        { platformMix: { android: 2, ios: 1 }, seed: 1 },
      ),
    ).toEqual([]);
    expect(
      fleetDifferences(
        { seed: 1, corporateRatio: 0.5 },
        { seed: 2, defects: { emptySerial: 0.1 } },
      ),
    ).toEqual(['seed', 'corporateRatio', 'defects']);
    expect(fleetDifferences({ seed: 1, tenantDomain: undefined }, { seed: 1 })).toEqual([]);
  });
});
