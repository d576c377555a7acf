/**
 * The check digits real identifiers carry, so that simulated ones pass any validator: Luhn (IMEI,
 * ICCID), Luhn over hexadecimal digits (MEID) and ISO 7064 MOD 97-10 (EID). The simulators' own:
 * they import nothing of the server but the device channel's contract.
 */

/** Luhn in base `radix`: every second digit from the right of the payload doubled. */
function luhn(payload: string, radix: 10 | 16): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let digit = parseInt(payload[payload.length - 1 - i], radix);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit >= radix) digit = Math.floor(digit / radix) + (digit % radix);
    }
    sum += digit;
  }
  return (radix - (sum % radix)) % radix;
}

export const luhnCheckDigit = (payload: string): number => luhn(payload, 10);

export const hexLuhnCheckDigit = (payload: string): string =>
  luhn(payload, 16).toString(16).toUpperCase();

/** Remainder of a long decimal string modulo 97. */
export function mod97(digits: string): number {
  let remainder = 0;
  for (const ch of digits) remainder = (remainder * 10 + (ch.charCodeAt(0) - 48)) % 97;
  return remainder;
}
