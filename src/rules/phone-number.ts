import { isCorporate, Ownership } from './vocabulary';

export type PhoneNumberForm = 'full' | 'last4';

/** Corporate devices: the full number; personal/unknown: only its last four digits (§4). */
export function phoneNumberForm(ownership: Ownership): PhoneNumberForm {
  return isCorporate(ownership) ? 'full' : 'last4';
}

export interface StoredPhoneNumber {
  /** The full E.164 number, or null when it may not be kept. */
  full: string | null;
  /** The last four digits, kept for every device that reports a number. */
  last4: string;
}

export function phoneNumberToStore(ownership: Ownership, e164: string): StoredPhoneNumber {
  const last4 = e164.replace(/\D/g, '').slice(-4);
  return { full: phoneNumberForm(ownership) === 'full' ? e164 : null, last4 };
}
