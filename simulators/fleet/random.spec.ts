import fc from 'fast-check';
import { DeviceRandom, hashKeys } from './random';

describe('DeviceRandom', () => {
  it('replays the same stream for the same keys', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(), fc.string(), (seed, index, purpose) => {
        const a = new DeviceRandom(seed, index, purpose);
        const b = new DeviceRandom(seed, index, purpose);
        for (let i = 0; i < 20; i++) expect(a.uint32()).toBe(b.uint32());
      }),
    );
  });

  it('gives different keys different streams, also for seeds beyond 32 bits', () => {
    const first = (...keys: (number | string)[]) => new DeviceRandom(...keys).uint32();
    expect(first(1, 0, 'apps')).not.toBe(first(1, 1, 'apps'));
    expect(first(1, 0, 'apps')).not.toBe(first(1, 0, 'profile'));
    expect(first(2 ** 40, 0, 'apps')).not.toBe(first(2 ** 41, 0, 'apps'));
    expect(hashKeys(['ab', 'c'])).not.toBe(hashKeys(['a', 'bc']));
  });

  it('draws integers within bounds, both included, and roughly uniformly', () => {
    const random = new DeviceRandom(3);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[random.int(0, 3)]++;
    for (const count of counts) expect(count).toBeGreaterThan(900);
  });

  it('never picks an entry of weight zero', () => {
    const random = new DeviceRandom(4);
    for (let i = 0; i < 1000; i++) {
      expect(
        random.weighted([
          { value: 'a', weight: 0 },
          { value: 'b', weight: 1 },
          { value: 'c', weight: 0 },
        ]),
      ).toBe('b');
    }
    expect(() => random.weighted([{ value: 'a', weight: 0 }])).toThrow();
  });

  it('treats a probability of zero as never', () => {
    const random = new DeviceRandom(5);
    for (let i = 0; i < 1000; i++) expect(random.chance(0)).toBe(false);
  });
});
