import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Secrets the server keeps about itself. Tokens and device credentials are stored only as keyed
 * hashes (HMAC-SHA-256 with a pepper kept outside the database), so a copy of the database alone
 * cannot be used to authenticate. The tokens are 256-bit random values, so a fast hash suffices
 * (no password stretching needed) and the check-in hot path stays cheap.
 */
export interface ServerSecrets {
  tokenPepper: string;
}

const SECRETS_FILE = 'secrets.json';

/** From the environment when given, else generated once and kept in `<dataDir>/secrets.json` (mode 0600). */
export function loadOrCreateSecrets(
  dataDir: string,
  fromEnv: { tokenPepper: string | null },
): ServerSecrets {
  if (fromEnv.tokenPepper) return { tokenPepper: fromEnv.tokenPepper };
  const file = join(dataDir, SECRETS_FILE);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServerSecrets>;
    if (typeof stored.tokenPepper === 'string' && stored.tokenPepper.length >= 32) {
      return { tokenPepper: stored.tokenPepper };
    }
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets: ServerSecrets = { tokenPepper: randomBytes(32).toString('base64url') };
  // 'wx' fails if another process created the file meanwhile; then read theirs.
  try {
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return secrets;
  } catch {
    return loadOrCreateSecrets(dataDir, fromEnv);
  }
}

export type TokenKind = 'enr' | 'adm' | 'dev';

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
