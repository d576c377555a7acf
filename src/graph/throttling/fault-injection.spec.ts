import { ConfigError, loadConfig } from '../../config/config';
import { faultFor, parseFaultInjection, validateFaultInjection } from './fault-injection';

describe('fault injection', () => {
  const settings = (overrides: Record<string, number>) => {
    const parsed = validateFaultInjection(overrides);
    if (!parsed.ok) throw new Error(parsed.problem);
    return parsed.settings;
  };

  it('draws the same faults for the same seed, and others for another seed', () => {
    const s = settings({ seed: 3, tooManyRequestsShare: 0.2, gatewayTimeoutShare: 0.1 });
    const run = (seed: number) =>
      Array.from({ length: 200 }, (_, n) => faultFor({ ...s, seed }, n));
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('injects about the share asked for', () => {
    const s = settings({ seed: 11, tooManyRequestsShare: 0.2 });
    const faults = Array.from({ length: 10_000 }, (_, n) => faultFor(s, n));
    const share = faults.filter((f) => f === 429).length / faults.length;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.22);
    expect(faults.every((f) => f === 429 || f === null)).toBe(true);
  });

  it('injects nothing when every share is 0', () => {
    const s = settings({ seed: 1, latencyMs: 5 });
    expect(Array.from({ length: 100 }, (_, n) => faultFor(s, n)).every((f) => f === null)).toBe(
      true,
    );
  });

  it('reads GRAPH_FAULTS, and names what is wrong with a bad one', () => {
    expect(parseFaultInjection('429=0.2,503=0.05,latencyMs=20,retryAfter=0,seed=7')).toEqual({
      ok: true,
      settings: {
        seed: 7,
        tooManyRequestsShare: 0.2,
        serviceUnavailableShare: 0.05,
        gatewayTimeoutShare: 0,
        latencyMs: 20,
        retryAfterSeconds: 0,
      },
    });
    expect(parseFaultInjection('429=lots')).toMatchObject({ ok: false });
    expect(parseFaultInjection('418=0.1')).toMatchObject({ ok: false });
    expect(parseFaultInjection('429=0.7,504=0.7')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('must not exceed 1'),
    });
  });
});

describe('GRAPH_FAULTS in the configuration', () => {
  it('is off unless set, and a bad value stops start-up naming the variable', () => {
    expect(loadConfig({}).graphFaults).toBeNull();
    expect(loadConfig({ GRAPH_FAULTS: 'off' }).graphFaults).toBeNull();
    expect(loadConfig({ GRAPH_FAULTS: '429=0.1' }).graphFaults).toMatchObject({
      tooManyRequestsShare: 0.1,
    });
    expect(() => loadConfig({ GRAPH_FAULTS: '429=2' })).toThrow(ConfigError);
    expect(() => loadConfig({ GRAPH_FAULTS: '429=2' })).toThrow(/^GRAPH_FAULTS: /);
  });
});
