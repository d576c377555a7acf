import { isIP } from 'node:net';
import { hasValidLuhnCheckDigit, hexLuhnCheckDigit, mod97 } from './check-digits';

/**
 * Validation and canonical forms of device identifiers. Each `canonicalX` returns the one form we
 * store, or `null` when the value is not a valid X. Separators that devices and people commonly type
 * (spaces, hyphens, colons, dots) are accepted on input and never stored.
 *
 * Error texts are written for API callers and never contain the rejected value: identifiers are
 * personal data and error messages end up in logs.
 */
export type IdentifierCheck = { ok: true; value: string } | { ok: false; problem: string };

const ok = (value: string): IdentifierCheck => ({ ok: true, value });
const bad = (problem: string): IdentifierCheck => ({ ok: false, problem });

const stripSeparators = (raw: string): string => raw.replace(/[\s\-:.]/g, '');

/** IMEI: 15 decimal digits, the last one the Luhn check digit of the first 14. */
export function checkImei(raw: string): IdentifierCheck {
  const digits = stripSeparators(raw);
  if (!/^\d{15}$/.test(digits)) return bad('must be 15 digits');
  if (!hasValidLuhnCheckDigit(digits)) return bad('has a wrong check digit (Luhn)');
  return ok(digits);
}

/**
 * MEID: 14 hexadecimal digits. The regional code (first two) is A0–FF for CDMA-only MEIDs, or
 * decimal (99, 35, …) for the IMEI-compatible MEIDs that multimode phones report. An optional 15th
 * character is the base-16 Luhn check digit and is verified, then dropped.
 */
export function checkMeid(raw: string): IdentifierCheck {
  const hex = stripSeparators(raw).toUpperCase();
  if (!/^[0-9A-F]{14,15}$/.test(hex)) return bad('must be 14 hexadecimal digits');
  if (/^0+$/.test(hex)) return bad('must not be all zeros');
  const meid = hex.slice(0, 14);
  if (hex.length === 15 && hexLuhnCheckDigit(meid) !== hex[14]) {
    return bad('has a wrong check digit');
  }
  return ok(meid);
}

/** ICCID: 19 or 20 digits starting with 89 (telecom), the last one a Luhn check digit. */
export function checkIccid(raw: string): IdentifierCheck {
  const digits = stripSeparators(raw);
  if (!/^\d{19,20}$/.test(digits)) return bad('must be 19 or 20 digits');
  if (!digits.startsWith('89')) return bad('must start with 89');
  if (!hasValidLuhnCheckDigit(digits)) return bad('has a wrong check digit (Luhn)');
  return ok(digits);
}

/** EID (eUICC id, GSMA SGP.29): 32 digits starting with 89, whose value modulo 97 is 1. */
export function checkEid(raw: string): IdentifierCheck {
  const digits = stripSeparators(raw);
  if (!/^\d{32}$/.test(digits)) return bad('must be 32 digits');
  if (!digits.startsWith('89')) return bad('must start with 89');
  if (mod97(digits) !== 1) return bad('has wrong check digits (mod 97)');
  return ok(digits);
}

/** MAC address: 12 hexadecimal digits, stored upper case without separators (as Intune reports). */
export function checkMacAddress(raw: string): IdentifierCheck {
  const trimmed = raw.trim();
  const separated = /^[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$/;
  const dotted = /^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/;
  const plain = /^[0-9A-Fa-f]{12}$/;
  if (!separated.test(trimmed) && !dotted.test(trimmed) && !plain.test(trimmed)) {
    return bad('must be a MAC address (12 hexadecimal digits)');
  }
  const hex = stripSeparators(trimmed).toUpperCase();
  if (hex === '000000000000' || hex === 'FFFFFFFFFFFF')
    return bad('must not be all zeros or all ones');
  return ok(hex);
}

/**
 * UDID. iOS/iPadOS: the legacy 40 hexadecimal digits, or the 2018+ form of 8 and 16 hexadecimal
 * digits joined by a hyphen. macOS: the hardware UUID (8-4-4-4-12), or the Apple-silicon form 8-16.
 */
export function checkUdid(platform: 'ios' | 'macos', raw: string): IdentifierCheck {
  const value = raw.trim().toUpperCase();
  const modern = /^[0-9A-F]{8}-[0-9A-F]{16}$/;
  if (modern.test(value)) return ok(value);
  if (platform === 'ios' && /^[0-9A-F]{40}$/.test(value)) return ok(value);
  if (
    platform === 'macos' &&
    /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/.test(value)
  ) {
    return ok(value);
  }
  return bad(
    platform === 'ios'
      ? 'must be 40 hexadecimal digits or 8+16 hexadecimal digits joined by a hyphen'
      : 'must be a hardware UUID (8-4-4-4-12) or 8+16 hexadecimal digits joined by a hyphen',
  );
}

/** Serial numbers per platform; stored upper case (they are case-insensitive on every platform). */
export function checkSerialNumber(
  platform: 'ios' | 'android' | 'macos' | 'windows',
  raw: string,
): IdentifierCheck {
  const value = raw.trim().toUpperCase();
  if (value.length === 0) return bad('must not be empty');
  switch (platform) {
    case 'ios':
    case 'macos':
      return /^[A-Z0-9]{8,14}$/.test(value) ? ok(value) : bad('must be 8–14 letters or digits');
    case 'android':
      return /^[A-Z0-9]{6,20}$/.test(value) ? ok(value) : bad('must be 6–20 letters or digits');
    case 'windows':
      return /^[A-Z0-9][A-Z0-9-]{2,39}$/.test(value)
        ? ok(value)
        : bad('must be 3–40 letters, digits or hyphens');
  }
}

/** Phone number in E.164: '+', a country code not starting with 0, at most 15 digits in all. */
export function checkE164PhoneNumber(raw: string): IdentifierCheck {
  const compact = raw.replace(/[\s\-().]/g, '');
  if (!/^\+[1-9]\d{6,14}$/.test(compact))
    return bad('must be an E.164 number such as +46701234567');
  return ok(compact);
}

/** IPv4 or IPv6 address, stored as given (lower case for IPv6). */
export function checkIpAddress(raw: string): IdentifierCheck {
  const value = raw.trim().toLowerCase();
  return isIP(value) === 0 ? bad('must be an IPv4 or IPv6 address') : ok(value);
}

/** Android id (Settings.Secure.ANDROID_ID): 16 hexadecimal digits, stored lower case. */
export function checkAndroidId(raw: string): IdentifierCheck {
  const value = raw.trim().toLowerCase();
  return /^[0-9a-f]{16}$/.test(value) ? ok(value) : bad('must be 16 hexadecimal digits');
}

/** Windows device id (the Entra/MDM device GUID), stored lower case. */
export function checkWindowsDeviceId(raw: string): IdentifierCheck {
  const value = raw.trim().toLowerCase();
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)
    ? ok(value)
    : bad('must be a GUID');
}
