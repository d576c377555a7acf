import fc from 'fast-check';
import { encodeSlot, permuteIndex, uniqueSlot } from './unique-slot';

describe('permuteIndex', () => {
  it('is a bijection of [0, domain) for any key and domain', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 1, max: 3000 }),
        (key, domain) => {
          const images = new Set<number>();
          for (let index = 0; index < domain; index++) images.add(permuteIndex(key, index, domain));
          expect(images.size).toBe(domain);
          expect(Math.min(...images)).toBe(0);
          expect(Math.max(...images)).toBe(domain - 1);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('scrambles: consecutive indices do not map to consecutive slots', () => {
    const slots = Array.from({ length: 100 }, (_, i) => permuteIndex(12345, i, 1_000_000));
    const consecutive = slots.filter(
      (slot, i) => i > 0 && Math.abs(slot - slots[i - 1]) === 1,
    ).length;
    expect(consecutive).toBeLessThan(3);
  });

  it('refuses an index outside the domain', () => {
    expect(() => permuteIndex(1, 10, 10)).toThrow(RangeError);
    expect(() => permuteIndex(1, -1, 10)).toThrow(RangeError);
    expect(() => permuteIndex(1, 1.5, 10)).toThrow(RangeError);
  });

  it('gives each kind of identifier its own permutation', () => {
    const serial = Array.from({ length: 20 }, (_, i) => uniqueSlot(7, 'serial', i, 1_000_000));
    const imei = Array.from({ length: 20 }, (_, i) => uniqueSlot(7, 'imei', i, 1_000_000));
    expect(serial).not.toEqual(imei);
  });
});

describe('encodeSlot', () => {
  it('writes distinct slots as distinct fixed-width codes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 36 ** 4 - 1 }),
        fc.integer({ min: 0, max: 36 ** 4 - 1 }),
        (a, b) => {
          const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
          const [codeA, codeB] = [encodeSlot(a, alphabet, 4), encodeSlot(b, alphabet, 4)];
          expect(codeA).toHaveLength(4);
          expect(codeA === codeB).toBe(a === b);
        },
      ),
    );
  });

  it('refuses a slot that does not fit', () => {
    expect(() => encodeSlot(100, '0123456789', 2)).toThrow(RangeError);
  });
});
