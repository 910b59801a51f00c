import { derOctetString, derOid, derTlv } from "../common/der.js";
import { oid } from "../common/oids.js";
import { signerCertificateOf, type SignerCertificate } from "./signerCertificate.js";

const ADBE_REVOCATION_INFO_ARCHIVAL = "1.2.840.113583.1.1.8";

function attribute(type: string, valueDer: Buffer): Buffer {
  return derTlv(0x30, derOid(type), derTlv(0x31, valueDer));
}

/** content-type, message-digest and signing-certificate-v2, as a DER SET OF attributes. */
export function essSignedAttributes(opts: { contentType: string; contentDigest: Buffer; signerCertificate: Buffer | SignerCertificate; revocationCrls?: Buffer[] }): Buffer {
  if (opts.contentDigest.length !== 32) throw new Error("contentDigest must be a SHA-256 digest (32 bytes)");
  const attributes = [
    attribute(oid.contentType, derOid(opts.contentType)),
    attribute(oid.messageDigest, derOctetString(opts.contentDigest)),
    attribute(oid.signingCertificateV2, signerCertificateOf(opts.signerCertificate).signingCertificateV2),
  ];
  // Adobe's RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRL, ... }: revocation data under the signature.
  if (opts.revocationCrls?.length) attributes.push(attribute(ADBE_REVOCATION_INFO_ARCHIVAL, derTlv(0x30, derTlv(0xa0, derTlv(0x30, ...opts.revocationCrls)))));
  // DER SET OF: the elements sorted by their encodings (X.690 11.6).
  return derTlv(0x31, ...attributes.sort(Buffer.compare));
}

/**
 * The CAdES/PAdES baseline signed attributes, as the DER SET OF that the signer signs:
 * content-type id-data, message-digest, and signing-certificate-v2. There is no signing-time:
 * PAdES puts the claimed time in the signature dictionary's /M. `revocationCrls` adds them as
 * adbe-revocationInfoArchival (what an eSign provider's PKCS#7 may carry for its short-lived certificate).
 */
export function buildSignedAttributes(opts: { contentDigest: Buffer; signerCertificate: Buffer | SignerCertificate; revocationCrls?: Buffer[] }): Buffer {
  return essSignedAttributes({ contentType: oid.data, ...opts });
}
