import { createPrivateKey, X509Certificate } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { ConfigError } from '../config/config';

export interface TlsCredentials {
  key: string;
  cert: string;
  /** Where the certificate is, so clients can be told to trust it. */
  certFile: string;
}

const DEV_CERT = 'dev-cert.pem';
const DEV_KEY = 'dev-key.pem';
/** A development certificate this close to expiry is replaced on start. */
const RENEW_BEFORE_MS = 7 * 86_400_000;
const VALID_DAYS = 825;
/** Held while one process makes the certificate; others sharing the directory wait for it. */
const LOCK = '.generating';
/** A lock this old was left by a process that died while generating: it is taken over. */
const STALE_LOCK_MS = 60_000;
const LOCK_POLL_MS = 50;

/**
 * The certificate and key HTTPS_PORT serves: TLS_CERT/TLS_KEY when given, else a self-signed
 * development certificate for localhost, 127.0.0.1 and ::1, generated once and kept under
 * `<dataDir>/tls/` (key mode 0600) so that clients can trust it across restarts.
 */
export async function loadOrCreateTlsCredentials(config: {
  dataDir: string;
  tlsCertFile: string | null;
  tlsKeyFile: string | null;
}): Promise<TlsCredentials> {
  if (config.tlsCertFile || config.tlsKeyFile) {
    if (!config.tlsCertFile || !config.tlsKeyFile) {
      throw new ConfigError('TLS_CERT and TLS_KEY must be given together');
    }
    return {
      cert: readPem(config.tlsCertFile, 'TLS_CERT'),
      key: readPem(config.tlsKeyFile, 'TLS_KEY'),
      certFile: config.tlsCertFile,
    };
  }
  const dir = join(config.dataDir, 'tls');
  const files = { certFile: join(dir, DEV_CERT), keyFile: join(dir, DEV_KEY) };
  mkdirSync(dir, { recursive: true });
  // Several instances may start at once on one data directory: one makes the certificate, the
  // others wait and load the same pair, so clients trust one certificate for all of them.
  for (;;) {
    const current = readUsablePair(files);
    if (current) return current;
    const lock = join(dir, LOCK);
    if (takeLock(lock)) {
      try {
        return readUsablePair(files) ?? (await generatePair(files));
      } finally {
        rmSync(lock, { force: true });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

/** The kept pair, unless missing, mismatched, or close to expiry. */
function readUsablePair(files: { certFile: string; keyFile: string }): TlsCredentials | null {
  if (!existsSync(files.certFile) || !existsSync(files.keyFile)) return null;
  const cert = readFileSync(files.certFile, 'utf8');
  const key = readFileSync(files.keyFile, 'utf8');
  const certificate = new X509Certificate(cert);
  if (Date.parse(certificate.validTo) - Date.now() <= RENEW_BEFORE_MS) return null;
  if (!certificate.checkPrivateKey(createPrivateKey(key))) return null;
  return { cert, key, certFile: files.certFile };
}

function takeLock(lock: string): boolean {
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
    } catch {
      // Released meanwhile: the next round takes it or finds the pair.
    }
    return false;
  }
}

async function generatePair(files: { certFile: string; keyFile: string }): Promise<TlsCredentials> {
  const { certFile, keyFile } = files;
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + VALID_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  // Written aside and renamed: a process reading meanwhile never sees half a file.
  writeFileSync(`${keyFile}.tmp`, pems.private, { mode: 0o600 });
  chmodSync(`${keyFile}.tmp`, 0o600);
  writeFileSync(`${certFile}.tmp`, pems.cert);
  renameSync(`${keyFile}.tmp`, keyFile);
  renameSync(`${certFile}.tmp`, certFile);
  return { cert: pems.cert, key: pems.private, certFile };
}

function readPem(file: string, variable: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`${variable} names a file that cannot be read`);
  }
}
