import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  importPKCS8,
  JWK,
  JWTPayload,
  jwtVerify,
  KeyLike,
  SignJWT,
} from 'jose';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, ConfigError } from '../../config/config';
import { APP_CONFIG } from '../../core/tokens';
import { WriteTransactions } from '../../database/write-transactions';

/** Graph's resource id: the audience of every access token issued here. */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const ALGORITHM = 'RS256';
/** Beside secrets.json and pseudonym-key.json: one secret per file (see src/common/secrets.ts). */
const KEY_FILE = 'token-signing-key.json';
/** How long a looked-up public key is trusted before the database is asked again (rotation). */
const PUBLIC_KEY_CACHE_MS = 60_000;

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

export interface AccessTokenClaims {
  tid: string;
  appid: string;
  /** The registration's object id (Entra's service principal id). */
  oid: string;
  app_displayname: string;
  roles: string[];
}

export type VerifiedAccessToken = AccessTokenClaims & JWTPayload;

/**
 * The RS256 key this server signs access tokens with. The private key is one of the server's own
 * secrets, kept under DATA_DIR (mode 0600) like the others; its public half is published in the
 * database, so every instance on one database verifies the tokens any of them signed, and the
 * JWKS lists them all. Rotation (`npm run admin -- signing-key rotate`) makes a new key and retires
 * the old one, whose tokens stay valid until they expire.
 */
@Injectable()
export class TokenSigningKeys implements OnModuleInit {
  private current!: SigningKey;
  private readonly publicKeys = new Map<string, { key: KeyLike; until: number }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: WriteTransactions,
  ) {}

  async onModuleInit(): Promise<void> {
    this.current = await loadOrCreateSigningKey(this.config.dataDir);
    await this.publish(this.current);
  }

  get lifetimeSeconds(): number {
    return this.config.accessTokenLifetimeSeconds;
  }

  async sign(claims: AccessTokenClaims, issuer: string, now = Date.now()): Promise<string> {
    const iat = Math.floor(now / 1000);
    return new SignJWT({ ...claims, idtyp: 'app', ver: '1.0' })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: this.current.kid })
      .setIssuer(issuer)
      .setAudience(GRAPH_AUDIENCE)
      .setSubject(claims.oid)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + this.lifetimeSeconds)
      .setJti(randomUUID())
      .sign(this.current.privateKey);
  }

  /** The token's claims when its signature, audience and times hold; null otherwise. */
  async verify(token: string): Promise<VerifiedAccessToken | null> {
    try {
      const { kid, alg } = decodeProtectedHeader(token);
      if (alg !== ALGORITHM || typeof kid !== 'string') return null;
      const key = await this.publicKey(kid);
      if (!key) return null;
      const { payload } = await jwtVerify(token, key, {
        algorithms: [ALGORITHM],
        audience: GRAPH_AUDIENCE,
        requiredClaims: ['tid', 'appid', 'exp', 'nbf', 'iat'],
      });
      if (typeof payload.tid !== 'string' || typeof payload.appid !== 'string') return null;
      if (!Array.isArray(payload.roles) || !payload.roles.every((r) => typeof r === 'string')) {
        return null;
      }
      if (payload.iss !== undefined && !payload.iss.endsWith(`/${payload.tid}/v2.0`)) return null;
      return payload as VerifiedAccessToken;
    } catch {
      return null;
    }
  }

  /** Every key whose tokens may still be valid, as a JWKS. */
  async jwks(now = Date.now()): Promise<{ keys: JWK[] }> {
    const rows = await this.transactions.read<{ public_jwk: string }>(
      'SELECT public_jwk FROM token_signing_key WHERE retired_at IS NULL OR retired_at > ? ORDER BY created_at DESC',
      [now - this.lifetimeSeconds * 1000],
    );
    return { keys: rows.map((row) => JSON.parse(row.public_jwk) as JWK) };
  }

  /** A new signing key for this data directory; the old one is retired (its tokens run out). */
  async rotate(): Promise<{ retiredKid: string; kid: string }> {
    const retiredKid = this.current.kid;
    const next = await createSigningKey();
    writeKeyFile(this.config.dataDir, next.pem);
    this.current = next.key;
    await this.publish(next.key);
    await this.transactions.run((tx) =>
      tx.run('UPDATE token_signing_key SET retired_at = ? WHERE kid = ? AND retired_at IS NULL', [
        Date.now(),
        retiredKid,
      ]),
    );
    return { retiredKid, kid: next.key.kid };
  }

  private async publicKey(kid: string): Promise<KeyLike | null> {
    const now = Date.now();
    const cached = this.publicKeys.get(kid);
    if (cached && cached.until > now) return cached.key;
    const [row] = await this.transactions.read<{ public_jwk: string }>(
      'SELECT public_jwk FROM token_signing_key WHERE kid = ? AND (retired_at IS NULL OR retired_at > ?)',
      [kid, now - this.lifetimeSeconds * 1000],
    );
    if (!row) {
      this.publicKeys.delete(kid);
      return null;
    }
    const key = (await importJWK(JSON.parse(row.public_jwk) as JWK, ALGORITHM)) as KeyLike;
    this.publicKeys.set(kid, { key, until: now + PUBLIC_KEY_CACHE_MS });
    return key;
  }

  private async publish(key: SigningKey): Promise<void> {
    await this.transactions.run((tx) =>
      tx.run(
        'INSERT INTO token_signing_key (kid, public_jwk, created_at) VALUES (?, ?, ?) ON CONFLICT (kid) DO NOTHING',
        [key.kid, JSON.stringify(key.publicJwk), Date.now()],
      ),
    );
  }
}

async function fromPem(pem: string): Promise<SigningKey> {
  const privateKey = await importPKCS8(pem, ALGORITHM, { extractable: true });
  const { kty, n, e } = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty, n, e });
  return { kid, privateKey, publicJwk: { kty, n, e, kid, use: 'sig', alg: ALGORITHM } };
}

async function createSigningKey(): Promise<{ pem: string; key: SigningKey }> {
  const { privateKey } = await generateKeyPair(ALGORITHM, {
    modulusLength: 2048,
    extractable: true,
  });
  const pem = await exportPKCS8(privateKey);
  return { pem, key: await fromPem(pem) };
}

/** The kept key, else a new one written with 'wx' (another process may be writing it too). */
async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const file = join(dataDir, KEY_FILE);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { privateKeyPem?: unknown };
    if (typeof stored.privateKeyPem !== 'string') {
      throw new ConfigError(`${file} holds no token-signing key; remove it to have a new one made`);
    }
    return fromPem(stored.privateKeyPem);
  }
  mkdirSync(dataDir, { recursive: true });
  const created = await createSigningKey();
  try {
    writeFileSync(file, JSON.stringify({ privateKeyPem: created.pem }), {
      mode: 0o600,
      flag: 'wx',
    });
    chmodSync(file, 0o600);
    return created.key;
  } catch {
    return loadOrCreateSigningKey(dataDir);
  }
}

/** Written aside and renamed: a process reading meanwhile never sees half a key. */
function writeKeyFile(dataDir: string, pem: string): void {
  const file = join(dataDir, KEY_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify({ privateKeyPem: pem }), { mode: 0o600 });
  chmodSync(`${file}.tmp`, 0o600);
  renameSync(`${file}.tmp`, file);
}
