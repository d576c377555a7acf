import { createHmac } from 'node:crypto';

/** 128 bits of the HMAC: collisions stay negligible, and the stored rows stay small. */
const PSEUDONYM_HEX_LENGTH = 32;

/**
 * Pseudonyms (ISO/IEC 19944 sense): a keyed hash replaces an identifier, so that records of one
 * device or one person can still be counted together, but cannot be tied back to them without the
 * key, which is kept outside the database (see ServerSecrets.pseudonymKey). Each kind of subject
 * has its own prefix, so that a device id and a UPN never share a pseudonym.
 */
export function devicePseudonym(key: string, deviceId: string): string {
  return keyedHash(key, `device\u0000${deviceId.toLowerCase()}`);
}

/** A user is named by UPN within a tenant; UPNs compare case-insensitively. */
export function userPseudonym(key: string, tenantId: string, userPrincipalName: string): string {
  return keyedHash(key, `user\u0000${tenantId}\u0000${userPrincipalName.toLowerCase()}`);
}

/**
 * Where a record needs a UPN-shaped value (an audit event's actor), the person's pseudonym in a
 * reserved domain (RFC 2606): clearly not an address, and the same for every record of the person.
 */
export function pseudonymousPrincipalName(pseudonym: string): string {
  return `${pseudonym}@pseudonym.invalid`;
}

function keyedHash(key: string, input: string): string {
  return createHmac('sha256', key).update(input).digest('hex').slice(0, PSEUDONYM_HEX_LENGTH);
}
