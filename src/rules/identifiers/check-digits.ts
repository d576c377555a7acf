/** Luhn (mod 10) check digit for a string of decimal digits (the payload, without its check digit). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    // Double every second digit counting from the right of the payload (the digit next to the check digit first).
    let digit = payload.charCodeAt(payload.length - 1 - i) - 48;
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `digits` is the Luhn check digit of the rest. */
export function hasValidLuhnCheckDigit(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

/** Luhn applied in base 16, as 3GPP2 defines for the optional check digit of a hexadecimal MEID. */
export function hexLuhnCheckDigit(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let digit = parseInt(payload[payload.length - 1 - i], 16);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 15) digit = Math.floor(digit / 16) + (digit % 16);
    }
    sum += digit;
  }
  return ((16 - (sum % 16)) % 16).toString(16).toUpperCase();
}

/** Remainder of a long decimal string modulo 97 (ISO 7064 MOD 97-10, as used by the EID). */
export function mod97(digits: string): number {
  let remainder = 0;
  for (const ch of digits) remainder = (remainder * 10 + (ch.charCodeAt(0) - 48)) % 97;
  return remainder;
}
