import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Secrets the server keeps about itself, outside the database. Tokens and device credentials are
 * stored only as keyed hashes (HMAC-SHA-256 with a pepper), so a copy of the database alone cannot
 * be used to authenticate. The tokens are 256-bit random values, so a fast hash suffices (no
 * password stretching needed) and the check-in hot path stays cheap.
 *
 * The pseudonym key is the HMAC key that replaces device and user ids in diagnostics and erased
 * users in the audit trail. It is a separate secret so that it can be destroyed on its own: without
 * it, pseudonymous data can no longer be tied to anyone, and tokens keep working.
 */
export interface ServerSecrets {
  tokenPepper: string;
  pseudonymKey: string;
}

/** One secret per file, so that each can be rotated or destroyed without touching the other. */
const SECRET_FILES: Record<keyof ServerSecrets, string> = {
  tokenPepper: 'secrets.json',
  pseudonymKey: 'pseudonym-key.json',
};

/**
 * Each secret from the environment when given, else generated once and kept in a file under
 * `dataDir` (mode 0600): `secrets.json` and `pseudonym-key.json`.
 */
export function loadOrCreateSecrets(
  dataDir: string,
  fromEnv: { [name in keyof ServerSecrets]: string | null },
): ServerSecrets {
  return {
    tokenPepper: fromEnv.tokenPepper ?? keptSecret(dataDir, 'tokenPepper'),
    pseudonymKey: fromEnv.pseudonymKey ?? keptSecret(dataDir, 'pseudonymKey'),
  };
}

function keptSecret(dataDir: string, name: keyof ServerSecrets): string {
  const file = join(dataDir, SECRET_FILES[name]);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServerSecrets>;
    const value = stored[name];
    if (typeof value === 'string' && value.length >= 32) return value;
  }
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(32).toString('base64url');
  // 'wx' fails if another process created the file meanwhile; then read theirs.
  try {
    writeFileSync(file, JSON.stringify({ [name]: value }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return value;
  } catch {
    return keptSecret(dataDir, name);
  }
}

/** Enrollment, admin and device tokens, and the client secrets of app registrations. */
export type TokenKind = 'enr' | 'adm' | 'dev' | 'app';

/** A new random token, prefixed with its kind so a leaked one can be recognised (like `ghp_`). */
export function newToken(kind: TokenKind): string {
  return `${kind}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(pepper: string, token: string): string {
  return createHmac('sha256', pepper).update(token).digest('hex');
}

export function tokenMatches(pepper: string, token: string, storedHash: string): boolean {
  const actual = Buffer.from(hashToken(pepper, token), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
