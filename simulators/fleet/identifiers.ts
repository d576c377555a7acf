import { hexLuhnCheckDigit, luhnCheckDigit, mod97 } from './check-digits';
import { Carrier, COUNTRY_PROFILES } from './catalog/carriers';
import { SerialFormat } from './catalog/device-model';
import { DeviceRandom } from './random';
import { encodeSlot } from './unique-slot';

/**
 * Generators of device identifiers in the formats real devices report. Whatever must be unique in
 * a fleet takes a `slot` (see unique-slot.ts) and writes it into the part of the identifier that
 * real allocations make unique (an IMEI's serial number, a MAC's NIC part, a phone number's last
 * digits); the rest is drawn from the device's random stream.
 */

/** Slots run over one million values; an IMEI pair uses two serial numbers. */
export const SLOT_DOMAIN = 1_000_000;
export const IMEI_PAIR_DOMAIN = 500_000;

const withLuhn = (payload: string) => payload + luhnCheckDigit(payload);

/** IMEI = TAC (8) + serial number (6) + Luhn. Dual-SIM units take two consecutive serials. */
export function imeiPair(tac: string, pairSlot: number): [string, string] {
  const first = String(pairSlot * 2).padStart(6, '0');
  const second = String(pairSlot * 2 + 1).padStart(6, '0');
  return [withLuhn(tac + first), withLuhn(tac + second)];
}

/**
 * MEID (3GPP2): regional code A0–FF, manufacturer code (6 hex), serial (6 hex), shown with its
 * base-16 Luhn check digit as the device prints it.
 */
export function meid(manufacturerCode: string, slot: number, random: DeviceRandom): string {
  const payload =
    random.pick(['A0', 'A1']) + manufacturerCode + encodeSlot(slot, '0123456789ABCDEF', 6);
  return payload + hexLuhnCheckDigit(payload);
}

/** ICCID: the carrier's prefix, an account number ending in the slot, the Luhn digit. */
export function iccid(carrier: Carrier, slot: number, random: DeviceRandom): string {
  const free = carrier.iccidLength - 1 - carrier.iccidPrefix.length - 6;
  return withLuhn(carrier.iccidPrefix + random.digits(free) + String(slot).padStart(6, '0'));
}

/**
 * eUICC makers' EID prefixes (89, country 049/033/044, issuer), the EUMs that supply most phones.
 * The GSMA's sample EID starts 89049032.
 */
export const EID_PREFIXES = ['89049032', '89033023', '89044045'] as const;

/** EID: 30 digits then two check digits chosen so that the whole number is 1 modulo 97. */
export function eid(slot: number, random: DeviceRandom): string {
  const body = random.pick(EID_PREFIXES) + random.digits(16) + String(slot).padStart(6, '0');
  const check = 98 - mod97(body + '00');
  return body + String(check).padStart(2, '0');
}

/** MAC address from a vendor OUI and a 24-bit NIC part, in the separator style of `style`. */
export function macAddress(oui: string, nic: number, style: 'colonLower' | 'hyphenUpper'): string {
  const hex = (oui + nic.toString(16).padStart(6, '0')).toUpperCase();
  const pairs = hex.match(/../g) as string[];
  return style === 'colonLower' ? pairs.join(':').toLowerCase() : pairs.join('-');
}

/**
 * Mobile number in E.164 for a carrier. US numbers are area code + exchange + line; the exchange
 * avoids N11 service codes and 555. Elsewhere the carrier's mobile prefix, random digits, and the
 * slot as the last six digits.
 */
export function mobileNumber(carrier: Carrier, slot: number, random: DeviceRandom): string {
  const profile = COUNTRY_PROFILES[carrier.country];
  const prefix = random.pick(carrier.mobilePrefixes);
  if (carrier.country === 'US') {
    // The slot picks one of 100 allowed exchanges (spread over the list) and a 4-digit line.
    const exchange = US_EXCHANGES[Math.floor(slot / 10_000) * 7];
    return `+1${prefix}${exchange}${String(slot % 10_000).padStart(4, '0')}`;
  }
  const free = profile.nationalMobileLength - prefix.length - 6;
  return `+${profile.callingCode}${prefix}${random.digits(free)}${String(slot).padStart(6, '0')}`;
}

const US_EXCHANGES: readonly string[] = Array.from({ length: 800 }, (_, i) =>
  String(200 + i),
).filter((exchange) => !exchange.endsWith('11') && exchange !== '555');

/** Apple's alphabet for serial numbers: digits and consonants, no O or I to misread. */
const APPLE_ALPHABET = '0123456789BCDFGHJKLMNPQRSTVWXYZ';
const LEGACY_UNIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const LEGACY_WEEKS = '123456789CDFGHJKLMNPQRTVWXY';
/** Half-years 2017–2021: each year has a code for each half. */
const LEGACY_HALF_YEARS: Record<number, [string, string]> = {
  2017: ['T', 'V'],
  2018: ['W', 'X'],
  2019: ['Y', 'Z'],
  2020: ['C', 'D'],
  2021: ['F', 'G'],
};
const LEGACY_PLANTS = ['C02', 'C07', 'C17', 'F17', 'DNP', 'DMP', 'DX3', 'F2L', 'FVF', 'G6T'];

const DELL_ALPHABET = '0123456789BCDFGHJKLMNPQRSTVWXYZ';
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Samsung's year letters (R = 2021 … Y = 2025) and month characters. */
const SAMSUNG_YEARS: Record<number, string> = {
  2021: 'R',
  2022: 'T',
  2023: 'W',
  2024: 'X',
  2025: 'Y',
};
const MONTHS = '123456789ABC';

export interface SerialContext {
  format: SerialFormat;
  /** The model's year of release; units are made from then on. */
  released: number;
  /** Apple's four-character model configuration code (legacy serials). */
  appleConfigCode: string;
}

/** A serial number in the maker's format, unique by its slot. */
export function serialNumber(context: SerialContext, slot: number, random: DeviceRandom): string {
  const year = Math.min(2025, context.released + random.int(0, 2));
  switch (context.format) {
    case 'appleRandomized':
      return random.string(APPLE_ALPHABET, 5) + encodeSlot(slot, APPLE_ALPHABET, 5);
    case 'appleLegacy': {
      const halves = LEGACY_HALF_YEARS[Math.min(2021, Math.max(2017, year))];
      const week = LEGACY_WEEKS[slot % LEGACY_WEEKS.length];
      const unit = encodeSlot(Math.floor(slot / LEGACY_WEEKS.length), LEGACY_UNIT_ALPHABET, 3);
      return (
        random.pick(LEGACY_PLANTS) + random.pick(halves) + week + unit + context.appleConfigCode
      );
    }
    case 'samsung':
      return (
        random.pick(['R58', 'R5C', 'R3C', 'RF8', 'RZ8']) +
        (SAMSUNG_YEARS[Math.max(2021, year)] ?? 'Y') +
        random.string(MONTHS, 1) +
        random.string(ALNUM, 1) +
        encodeSlot(slot, ALNUM, 4)
      );
    case 'pixel':
      return `${random.int(1, 5)}${random.string('ABCDEFGH', 1)}${random.digits(3)}FD${random.string(UPPER, 1)}${encodeSlot(slot, '0123456789', 6)}`;
    case 'motorola':
      return `ZY22${random.string(ALNUM, 2)}${encodeSlot(slot, ALNUM, 4)}`;
    case 'oneplus':
      return random.hex(3) + encodeSlot(slot, '0123456789ABCDEF', 5);
    case 'zebra':
      return `${String(year % 100).padStart(2, '0')}${String(random.int(1, 365)).padStart(3, '0')}${random.digits(3)}${encodeSlot(slot, '0123456789', 6)}`;
    case 'honeywell':
      return `${String(year % 100).padStart(2, '0')}${String(random.int(1, 365)).padStart(3, '0')}${random.string(UPPER, 1)}${encodeSlot(slot, '0123456789', 6)}`;
    case 'dellServiceTag':
      return random.string(DELL_ALPHABET, 2) + encodeSlot(slot, DELL_ALPHABET, 5);
    case 'hp':
      return `${random.pick(['5CG', '5CD', '8CG', 'CND', 'MXL'])}${year % 10}${String(random.int(1, 52)).padStart(2, '0')}${encodeSlot(slot, ALNUM, 4)}`;
    case 'lenovo':
      return `${random.pick(['PF', 'PF', 'PC', 'MJ', 'R9'])}${random.string(ALNUM, 2)}${encodeSlot(slot, ALNUM, 4)}`;
    case 'surface':
      return `0${random.digits(4)}${encodeSlot(slot, '0123456789', 6)}${random.digits(1)}`;
    case 'asus':
      return `${random.string(UPPER, 1)}${random.string(ALNUM, 3)}NR0${encodeSlot(slot, ALNUM, 4)}${random.string(UPPER, 1)}`;
  }
}

/**
 * Apple UDIDs: iPhones and iPads with an A12 or later chip "0000" + chip id + "-" + the 16-hex ECID,
 * older ones 40 hex digits (a SHA-1); every Mac its hardware UUID.
 */
export function appleUdid(
  chipId: string | undefined,
  platform: 'ios' | 'macos',
  random: DeviceRandom,
): string {
  // A Mac's UDID is its hardware UUID (8-4-4-4-12), Apple silicon too: the chip-id form is only
  // its provisioning UDID (Apple's DeviceInformation schema, ProvisioningUDID).
  if (platform === 'macos') return uuid(random).toUpperCase();
  if (chipId) return `0000${chipId}-00${random.hex(14)}`;
  return random.hex(40).toLowerCase();
}

/** A random (version 4) UUID, lower case. */
export function uuid(random: DeviceRandom): string {
  const hex = random.hex(32).toLowerCase();
  const variant = '89ab'[random.int(0, 3)];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Settings.Secure.ANDROID_ID: 64 random bits as 16 lower-case hex digits. */
export function androidId(random: DeviceRandom): string {
  return random.hex(16).toLowerCase();
}

export type NetworkKind = 'office' | 'home' | 'hotspot' | 'cellular';

/**
 * An address in a private range: office networks 10.<site>.<vlan>.x, home routers 192.168.0/1.x,
 * an iPhone hotspot 172.20.10.x, mobile carriers' NAT 10.x.x.x.
 */
export function privateIpAddress(
  network: NetworkKind,
  officeSite: number,
  random: DeviceRandom,
): string {
  switch (network) {
    case 'office':
      return `10.${officeSite}.${random.int(16, 63)}.${random.int(10, 250)}`;
    case 'home':
      return `192.168.${random.pick([0, 1, 1, 2, 178])}.${random.int(2, 254)}`;
    case 'hotspot':
      return `172.20.10.${random.int(2, 14)}`;
    case 'cellular':
      return `10.${random.int(64, 250)}.${random.int(0, 255)}.${random.int(1, 254)}`;
  }
}
