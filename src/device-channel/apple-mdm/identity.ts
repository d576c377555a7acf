import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  generateKeyPairSync,
  privateEncrypt,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import * as forge from 'node-forge';

/**
 * The tenant's own certificate authority and the device identities it issues (docs/apple-mdm.md).
 * node-forge builds the certificates and the PKCS#12 an enrollment profile carries; keys come from
 * Node's native generator (forge's pure-JavaScript one takes seconds per key).
 */

export interface CertificateAuthority {
  certificatePem: string;
  privateKeyPem: string;
}

export interface IssuedIdentity {
  /** PKCS#12 (3DES and SHA-1, the only protection every iOS and macOS version opens). */
  pkcs12: Buffer;
  password: string;
  /** SHA-256 of the certificate's DER: how the server recognises the identity when it signs. */
  certificateSha256: string;
}

const CA_YEARS = 10;
const IDENTITY_YEARS = 2;

export function createCertificateAuthority(tenantId: string): CertificateAuthority {
  const keys = rsaKeyPair();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = serialNumber();
  setValidity(certificate, CA_YEARS);
  const name = [
    { name: 'commonName', value: 'Device Inventory Collector MDM CA' },
    { name: 'organizationalUnitName', value: tenantId },
  ];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signCertificate(certificate, keys.pem);
  return {
    certificatePem: forge.pki.certificateToPem(certificate),
    privateKeyPem: keys.pem,
  };
}

/** A device identity for one enrollment (its id is the certificate's common name). */
export function issueIdentity(
  authority: CertificateAuthority,
  enrollmentId: string,
): IssuedIdentity {
  const caCertificate = forge.pki.certificateFromPem(authority.certificatePem);
  const keys = rsaKeyPair();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = serialNumber();
  setValidity(certificate, IDENTITY_YEARS);
  certificate.setSubject([{ name: 'commonName', value: enrollmentId }]);
  certificate.setIssuer(caCertificate.subject.attributes);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  signCertificate(certificate, authority.privateKeyPem);
  const password = randomBytes(18).toString('base64url');
  const asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [certificate, caCertificate], password, {
    algorithm: '3des',
    friendlyName: 'MDM device identity',
  });
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes();
  return {
    pkcs12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'),
    password,
    certificateSha256: sha256Hex(Buffer.from(der, 'binary')),
  };
}

/** True when `certificate` (DER) was signed by the authority's key. */
export function issuedBy(certificate: Buffer, authority: CertificateAuthority): boolean {
  try {
    const ca = new X509Certificate(authority.certificatePem);
    return new X509Certificate(certificate).verify(ca.publicKey);
  } catch {
    return false;
  }
}

export function sha256Hex(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

/**
 * Private keys and device credentials are kept in the database sealed with a key derived from the
 * server's token pepper (AES-256-GCM): the database alone cannot sign or check in as a device.
 */
export function seal(pepper: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(pepper), iv);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
}

export function unseal(pepper: string, sealed: string): string {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(pepper), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

const sealingKeys = new Map<string, Buffer>();

function sealingKey(pepper: string): Buffer {
  let key = sealingKeys.get(pepper);
  if (!key) {
    key = createHmac('sha256', pepper).update('apple-mdm sealing key').digest();
    sealingKeys.set(pepper, key);
  }
  return key;
}

function rsaKeyPair(): forge.pki.rsa.KeyPair & { pem: string } {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e), pem: privateKey };
}

/**
 * Signs a certificate with Node's native RSA instead of forge's JavaScript one (ten times faster):
 * forge hands over the digest, and RSASSA-PKCS1-v1_5 is the PKCS#1 type-1 encryption of its
 * DigestInfo.
 */
function signCertificate(certificate: forge.pki.Certificate, privateKeyPem: string): void {
  const nativeKey = {
    sign: (md: forge.md.MessageDigest) => {
      const digestInfo = forge.asn1.create(
        forge.asn1.Class.UNIVERSAL,
        forge.asn1.Type.SEQUENCE,
        true,
        [
          forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [
            forge.asn1.create(
              forge.asn1.Class.UNIVERSAL,
              forge.asn1.Type.OID,
              false,
              forge.asn1.oidToDer(forge.pki.oids.sha256).getBytes(),
            ),
            forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, ''),
          ]),
          forge.asn1.create(
            forge.asn1.Class.UNIVERSAL,
            forge.asn1.Type.OCTETSTRING,
            false,
            md.digest().getBytes(),
          ),
        ],
      );
      const encoded = Buffer.from(forge.asn1.toDer(digestInfo).getBytes(), 'binary');
      return privateEncrypt(
        { key: privateKeyPem, padding: constants.RSA_PKCS1_PADDING },
        encoded,
      ).toString('binary');
    },
  };
  certificate.sign(nativeKey as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
}

function serialNumber(): string {
  // Positive (first bit clear) and 16 bytes, as RFC 5280 recommends.
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

function setValidity(certificate: forge.pki.Certificate, years: number): void {
  const now = new Date();
  certificate.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  certificate.validity.notAfter = new Date(now.getTime());
  certificate.validity.notAfter.setFullYear(now.getFullYear() + years);
}
