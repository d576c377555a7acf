import { createHash, KeyObject, timingSafeEqual, verify, X509Certificate } from 'node:crypto';
import * as forge from 'node-forge';

/**
 * Checks the `Mdm-Signature` header: a CMS SignedData (base64) whose content, the request body, is
 * detached, signed with the identity the enrollment profile gave the device. node-forge reads the
 * CMS structure with its own PKCS#7 validators (it can build but not verify CMS signatures); the
 * digest and the signature are then checked with Node's native crypto. (pkijs verifies CMS too,
 * but spent 12 ms reading each signature on this machine; forge reads one in about 1 ms.)
 * Returns the signer's certificate (DER), or null when the header does not prove the body.
 */
const DIGESTS: Record<string, string> = {
  [forge.pki.oids.sha1]: 'sha1',
  [forge.pki.oids.sha256]: 'sha256',
  [forge.pki.oids.sha384]: 'sha384',
  [forge.pki.oids.sha512]: 'sha512',
};
/** A CMS signature with one certificate is 2–3 KB; anything far larger is not a device's. */
const MAX_SIGNATURE_CHARS = 16 * 1024;

interface SignerCapture {
  issuer?: forge.asn1.Asn1;
  serial?: string;
  digestAlgorithm?: string;
  authenticatedAttributes?: forge.asn1.Asn1[];
  signature?: string;
}

/** The parts of forge's ASN.1 and PKCS#7 modules its type definitions leave out. */
const forgeAsn1 = forge as unknown as {
  asn1: {
    validate(obj: forge.asn1.Asn1, validator: unknown, capture: object, errors: unknown[]): boolean;
  };
  pkcs7asn1: { signedDataValidator: { value: { capture?: string; value?: unknown[] }[] } };
};

/** forge's SignerInfo validator, as its SignedData validator holds it. */
const SIGNER_INFO_VALIDATOR = forgeAsn1.pkcs7asn1.signedDataValidator.value.find(
  (part) => part.capture === 'signerInfos',
)!.value![0];

export async function verifyMdmSignature(
  header: string | undefined,
  body: Buffer,
): Promise<Buffer | null> {
  if (!header || header.length > MAX_SIGNATURE_CHARS) return null;
  const der = Buffer.from(header.replace(/\s+/g, ''), 'base64');
  if (der.length === 0) return null;
  try {
    const message = forge.pkcs7.messageFromAsn1(
      forge.asn1.fromDer(der.toString('binary'), true),
    ) as forge.pkcs7.PkcsSignedData & {
      type: string;
      rawCapture: { signerInfos?: forge.asn1.Asn1[] };
    };
    if (message.type !== forge.pki.oids.signedData) return null;
    const signerInfos = message.rawCapture.signerInfos ?? [];
    if (signerInfos.length !== 1) return null;
    const signer: SignerCapture = {};
    if (!forgeAsn1.asn1.validate(signerInfos[0], SIGNER_INFO_VALIDATOR, signer, [])) return null;
    const digest = signer.digestAlgorithm && DIGESTS[forge.asn1.derToOid(signer.digestAlgorithm)];
    if (!digest || !signer.issuer || signer.serial === undefined || !signer.signature) return null;
    const serial = forge.util.createBuffer(signer.serial).toHex();
    const issuer = forge.asn1.toDer(signer.issuer).getBytes();
    const certificate = message.certificates.find(
      (candidate) =>
        candidate.serialNumber === serial &&
        forge.asn1.toDer(forge.pki.distinguishedNameToAsn1(candidate.issuer)).getBytes() === issuer,
    );
    if (!certificate) return null;
    let signed = body;
    if (signer.authenticatedAttributes) {
      // With signed attributes the signature covers them (as a DER SET), and they carry the body's digest.
      const expected = messageDigestOf(signer.authenticatedAttributes);
      const actual = createHash(digest).update(body).digest();
      if (!expected || expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
        return null;
      }
      const set = forge.asn1.create(
        forge.asn1.Class.UNIVERSAL,
        forge.asn1.Type.SET,
        true,
        signer.authenticatedAttributes,
      );
      signed = Buffer.from(forge.asn1.toDer(set).getBytes(), 'binary');
    }
    const certificateDer = Buffer.from(
      forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(),
      'binary',
    );
    const publicKey = publicKeyOf(certificateDer);
    return verify(digest, signed, publicKey, Buffer.from(signer.signature, 'binary'))
      ? certificateDer
      : null;
  } catch {
    return null;
  }
}

/** Devices sign every message with the same certificate: its parsed key is kept (a bounded cache). */
const PUBLIC_KEYS = new Map<string, KeyObject>();
const MAX_CACHED_KEYS = 50_000;

function publicKeyOf(certificateDer: Buffer): KeyObject {
  const id = certificateDer.toString('base64');
  let key = PUBLIC_KEYS.get(id);
  if (!key) {
    key = new X509Certificate(certificateDer).publicKey;
    if (PUBLIC_KEYS.size >= MAX_CACHED_KEYS) PUBLIC_KEYS.clear();
    PUBLIC_KEYS.set(id, key);
  }
  return key;
}

function messageDigestOf(attributes: forge.asn1.Asn1[]): Buffer | null {
  for (const attribute of attributes) {
    const [type, values] = attribute.value as forge.asn1.Asn1[];
    if (forge.asn1.derToOid(type.value as string) !== forge.pki.oids.messageDigest) continue;
    const [value] = values.value as forge.asn1.Asn1[];
    return typeof value?.value === 'string' ? Buffer.from(value.value, 'binary') : null;
  }
  return null;
}
