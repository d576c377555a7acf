import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
