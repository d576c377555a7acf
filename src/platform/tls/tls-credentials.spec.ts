import { createPrivateKey, X509Certificate } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { ConfigError } from '../config/config';
import { loadOrCreateTlsCredentials } from './tls-credentials';

describe('the TLS certificate HTTPS_PORT serves', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'dic-tls-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  const none = { tlsCertFile: null, tlsKeyFile: null };

  it('is a development certificate for localhost, made once and kept under data/tls', async () => {
    const first = await loadOrCreateTlsCredentials({ dataDir, ...none });
    const certificate = new X509Certificate(first.cert);
    expect(certificate.subjectAltName).toContain('DNS:localhost');
    expect(certificate.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(certificate.checkPrivateKey(createPrivateKey(first.key))).toBe(true);
    expect(statSync(join(dataDir, 'tls', 'dev-key.pem')).mode & 0o077).toBe(0);

    const second = await loadOrCreateTlsCredentials({ dataDir, ...none });
    expect(second.cert).toBe(first.cert);
    expect(second.key).toBe(first.key);
  });

  it('is made once when several instances start at once on one data directory', async () => {
    const started = await Promise.all(
      Array.from({ length: 4 }, () => loadOrCreateTlsCredentials({ dataDir, ...none })),
    );
    const onDisk = readFileSync(join(dataDir, 'tls', 'dev-cert.pem'), 'utf8');
    for (const credentials of started) expect(credentials.cert).toBe(onDisk);
    expect(existsSync(join(dataDir, 'tls', '.generating'))).toBe(false);
  });

  it('waits for another instance that is making it, and takes over a stale claim', async () => {
    const lock = join(dataDir, 'tls', '.generating');
    mkdirSync(join(dataDir, 'tls'));
    writeFileSync(lock, '1');
    const waiting = loadOrCreateTlsCredentials({ dataDir, ...none });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(existsSync(join(dataDir, 'tls', 'dev-cert.pem'))).toBe(false);
    const longAgo = new Date(Date.now() - 120_000);
    utimesSync(lock, longAgo, longAgo);
    const made = await waiting;
    expect(readFileSync(made.certFile, 'utf8')).toBe(made.cert);
  });

  it('replaces a certificate that does not match its key', async () => {
    const first = await loadOrCreateTlsCredentials({ dataDir, ...none });
    const other = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
    writeFileSync(join(dataDir, 'tls', 'dev-key.pem'), other.private);
    const replaced = await loadOrCreateTlsCredentials({ dataDir, ...none });
    expect(replaced.cert).not.toBe(first.cert);
    expect(new X509Certificate(replaced.cert).checkPrivateKey(createPrivateKey(replaced.key))).toBe(
      true,
    );
  });

  it('replaces a development certificate that is about to expire', async () => {
    const first = await loadOrCreateTlsCredentials({ dataDir, ...none });
    const day = 86_400_000;
    const expiring = (
      await generate([{ name: 'commonName', value: 'localhost' }], {
        notBeforeDate: new Date(Date.now() - 30 * day),
        notAfterDate: new Date(Date.now() + day),
      })
    ).cert;
    writeFileSync(join(dataDir, 'tls', 'dev-cert.pem'), expiring);
    const renewed = await loadOrCreateTlsCredentials({ dataDir, ...none });
    expect(renewed.cert).not.toBe(expiring);
    expect(renewed.cert).not.toBe(first.cert);
  });

  it('uses TLS_CERT and TLS_KEY when given, and refuses one without the other', async () => {
    const made = await loadOrCreateTlsCredentials({ dataDir, ...none });
    const given = await loadOrCreateTlsCredentials({
      dataDir: join(dataDir, 'elsewhere'),
      tlsCertFile: made.certFile,
      tlsKeyFile: join(dataDir, 'tls', 'dev-key.pem'),
    });
    expect(given.cert).toBe(made.cert);
    await expect(
      loadOrCreateTlsCredentials({ dataDir, tlsCertFile: made.certFile, tlsKeyFile: null }),
    ).rejects.toThrow(ConfigError);
    await expect(
      loadOrCreateTlsCredentials({
        dataDir,
        tlsCertFile: join(dataDir, 'missing.pem'),
        tlsKeyFile: join(dataDir, 'missing.pem'),
      }),
    ).rejects.toThrow('TLS_CERT names a file that cannot be read');
  });
});
