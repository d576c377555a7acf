import { SECURITY_STATE_FIELDS } from '../../src/device-channel/contract/wire-vocabulary';
import { generateFleet } from './fleet';
import { securityStateOf } from './security-state';

describe('simulated devices report their security state as their platform does', () => {
  const fleet = generateFleet({ seed: 7, size: 4000 });
  const states = fleet.devices.map((device) => ({ device, state: securityStateOf(7, 0, device) }));

  it('reports only the fields its platform reports', () => {
    for (const { device, state } of states) {
      expect(Object.keys(state).sort()).toEqual([...SECURITY_STATE_FIELDS[device.platform]].sort());
    }
  });

  it('is mostly healthy, with a realistic few per cent without a passcode, and is repeatable', () => {
    const noPasscode = states.filter(({ state }) => !state.passcodePresent).length / states.length;
    expect(noPasscode).toBeGreaterThan(0.002);
    expect(noPasscode).toBeLessThan(0.08);
    const rooted = states.filter(({ state }) => state.jailBroken).length;
    expect(rooted).toBeLessThan(states.length * 0.02);
    const [first] = states;
    expect(securityStateOf(7, 0, first.device)).toEqual(first.state);
  });

  it('gives an Android device a patch level no newer than its OS major received', () => {
    for (const { device, state } of states.filter((s) => s.device.platform === 'android')) {
      expect(state.securityPatchLevel).toMatch(/^\d{4}-\d{2}-0[15]$/);
      if (device.hardware.osVersion === '11') {
        expect(state.securityPatchLevel! <= '2024-02-05').toBe(true);
      }
    }
  });
});
