import { hashKeys } from './random';

/**
 * Identifiers that must be unique within a fleet (IMEI serial parts, MAC NIC parts, phone-number
 * tails, serial-number parts…) are built around a slot: the device index passed through a keyed
 * permutation of [0, domain). Distinct devices get distinct slots by construction, and the slots
 * still look random, whatever order the devices are generated in.
 */
export const MAX_FLEET_SIZE = 500_000;

// Read once (see random.ts): global lookups are slow under Jest.
const { floor, imul } = Math;

function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A keyed bijection of [0, domain) (a balanced Feistel network with cycle walking). */
export function permuteIndex(key: number, index: number, domain: number): number {
  if (!Number.isInteger(domain) || domain < 1 || domain > 2 ** 52) {
    throw new RangeError(`permutation domain must be an integer in [1, 2^52], got ${domain}`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= domain) {
    throw new RangeError(`index ${index} is outside [0, ${domain})`);
  }
  let bits = 2;
  while (2 ** bits < domain) bits += 2;
  const halfSize = 2 ** (bits / 2);
  let value = index;
  do {
    let left = floor(value / halfSize);
    let right = value % halfSize;
    for (let round = 0; round < 4; round++) {
      const f = mix(key ^ mix(right + imul(round + 1, 0x9e3779b9))) % halfSize;
      // Both halves are below 2^26, so the bitwise xor stays a non-negative half-size value.
      const nextRight = left ^ f;
      left = right;
      right = nextRight;
    }
    value = left * halfSize + right;
  } while (value >= domain);
  return value;
}

/** The slot of one device for one kind of identifier (each kind has its own permutation). */
export function uniqueSlot(seed: number, kind: string, index: number, domain: number): number {
  return permuteIndex(hashKeys([seed, kind]), index, domain);
}

/** Writes `slot` in `length` characters of `alphabet` (most significant first). */
export function encodeSlot(slot: number, alphabet: string, length: number): string {
  let rest = slot;
  let out = '';
  for (let i = 0; i < length; i++) {
    out = alphabet[rest % alphabet.length] + out;
    rest = floor(rest / alphabet.length);
  }
  if (rest > 0) throw new RangeError(`slot ${slot} does not fit ${length} characters`);
  return out;
}
