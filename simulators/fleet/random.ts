/**
 * Seeded randomness for the simulators. Every value a device has is drawn from a stream keyed by
 * (fleet seed, device index, purpose), so a device never depends on how many other devices were
 * generated before it, nor in which order, nor on what another purpose consumed.
 *
 * Faker's own Mersenne-Twister seeding costs ~0.2 ms; a device needs several streams, so streams
 * are a small sfc32 generator here and Faker draws from them (see `fake.ts`).
 */

export type StreamKey = number | string;

// Read once: code under Jest runs in a vm context, where each global lookup such as `Math.imul`
// costs ~0.3 µs, and these run millions of times per fleet.
const { floor, imul } = Math;

/** murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a list of keys; integers up to 2^53 keep both their halves. */
export function hashKeys(keys: readonly StreamKey[], salt = 0): number {
  let h = fmix32(0x9e3779b9 ^ salt);
  for (const key of keys) {
    if (typeof key === 'number') {
      h = fmix32(h ^ (key >>> 0));
      h = fmix32(h ^ (floor(key / 0x100000000) >>> 0) ^ 0x5bd1e995);
    } else {
      for (let i = 0; i < key.length; i++) h = imul(h ^ key.charCodeAt(i), 0x01000193);
      h = fmix32(h ^ key.length);
    }
  }
  return h;
}

export interface Weighted<T> {
  readonly value: T;
  readonly weight: number;
}

/** A seeded stream of random numbers (sfc32) with the draws the generators need. */
export class DeviceRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...keys: StreamKey[]) {
    this.a = hashKeys(keys, 1);
    this.b = hashKeys(keys, 2);
    this.c = hashKeys(keys, 3);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 0x100000000;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return probability > 0 && this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[floor(this.next() * items.length)];
  }

  weighted<T>(entries: readonly Weighted<T>[]): T {
    let total = 0;
    for (const entry of entries) total += entry.weight;
    if (!(total > 0)) throw new Error('cannot pick from weights that add up to zero');
    let target = this.next() * total;
    for (const entry of entries) {
      target -= entry.weight;
      if (target < 0 && entry.weight > 0) return entry.value;
    }
    // Floating-point leftovers land on the last entry that can be drawn at all.
    for (let i = entries.length - 1; ; i--) if (entries[i].weight > 0) return entries[i].value;
  }

  string(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[floor(this.next() * alphabet.length)];
    return out;
  }

  digits(length: number): string {
    return this.string('0123456789', length);
  }

  hex(length: number): string {
    return this.string('0123456789ABCDEF', length);
  }
}

/** The stream of one purpose of one device of one fleet. */
export function deviceStream(seed: number, index: number, purpose: string, ...more: StreamKey[]) {
  return new DeviceRandom(seed, index, purpose, ...more);
}
