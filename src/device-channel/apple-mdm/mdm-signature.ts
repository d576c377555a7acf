import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * Checks the `Mdm-Signature` header: a CMS SignedData (base64) whose content, the request body, is
 * detached, signed with the identity the enrollment profile gave the device. pkijs verifies the
 * signature and the signed message digest (node-forge, which issues the identities, cannot verify
 * CMS). Returns the signer's certificate (DER), or null when the header does not prove the body.
 */
const SIGNED_DATA = '1.2.840.113549.1.7.2';
/** A CMS signature with one certificate is 2–3 KB; anything far larger is not a device's. */
const MAX_SIGNATURE_CHARS = 16 * 1024;

export async function verifyMdmSignature(
  header: string | undefined,
  body: Buffer,
): Promise<Buffer | null> {
  if (!header || header.length > MAX_SIGNATURE_CHARS) return null;
  const der = Buffer.from(header.replace(/\s+/g, ''), 'base64');
  if (der.length === 0) return null;
  try {
    const asn1 = asn1js.fromBER(arrayBufferOf(der));
    if (asn1.offset === -1) return null;
    const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
    if (contentInfo.contentType !== SIGNED_DATA) return null;
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if (signedData.signerInfos.length !== 1) return null;
    const result = await signedData.verify({
      signer: 0,
      data: arrayBufferOf(body),
      checkChain: false,
      extendedMode: true,
    });
    if (!result.signatureVerified || !result.signerCertificate) return null;
    return Buffer.from(result.signerCertificate.toSchema().toBER(false));
  } catch {
    return null;
  }
}

function arrayBufferOf(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}
