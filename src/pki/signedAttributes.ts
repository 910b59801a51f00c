import { derOctetString, derOid, derTlv } from "./der.js";
import { oid } from "./oids.js";
import { signerCertificateOf, type SignerCertificate } from "./signerCertificate.js";

function attribute(type: string, valueDer: Buffer): Buffer {
  return derTlv(0x30, derOid(type), derTlv(0x31, valueDer));
}

/** content-type, message-digest and signing-certificate-v2, as a DER SET OF attributes. */
export function essSignedAttributes(opts: { contentType: string; contentDigest: Buffer; signerCertificate: Buffer | SignerCertificate }): Buffer {
  if (opts.contentDigest.length !== 32) throw new Error("contentDigest must be a SHA-256 digest (32 bytes)");
  const attributes = [
    attribute(oid.contentType, derOid(opts.contentType)),
    attribute(oid.messageDigest, derOctetString(opts.contentDigest)),
    attribute(oid.signingCertificateV2, signerCertificateOf(opts.signerCertificate).signingCertificateV2),
  ];
  // DER SET OF: the elements sorted by their encodings (X.690 11.6).
  return derTlv(0x31, ...attributes.sort(Buffer.compare));
}

/**
 * The CAdES/PAdES baseline signed attributes, as the DER SET OF that the signer signs:
 * content-type id-data, message-digest, and signing-certificate-v2. There is no signing-time:
 * PAdES puts the claimed time in the signature dictionary's /M.
 */
export function buildSignedAttributes(opts: { contentDigest: Buffer; signerCertificate: Buffer | SignerCertificate }): Buffer {
  return essSignedAttributes({ contentType: oid.data, ...opts });
}
