import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
  const certFile = join(dir, DEV_CERT);
  const keyFile = join(dir, DEV_KEY);
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    if (Date.parse(new X509Certificate(cert).validTo) - Date.now() > RENEW_BEFORE_MS) {
      return { cert, key: readFileSync(keyFile, 'utf8'), certFile };
    }
  }
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
  mkdirSync(dir, { recursive: true });
  // Written aside and renamed: a concurrent start never reads half a key.
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
