import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import { parseCertificate } from "./certificateInfo.js";
import { derSetOf, toDer } from "./der.js";
import { oid } from "./oids.js";

function attribute(type: string, value: asn1js.AsnType): asn1js.Sequence {
  return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: type }), new asn1js.Set({ value: [value] })] });
}

/**
 * ESS SigningCertificateV2 (RFC 5035) naming the signer's certificate by its SHA-256 hash and
 * issuer + serial. hashAlgorithm is left out because SHA-256 is its DEFAULT, as DER requires.
 */
export function signingCertificateV2(certificateDer: Buffer): asn1js.Sequence {
  const cert = parseCertificate(certificateDer);
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
      }),
      cert.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: createHash("sha256").update(certificateDer).digest() }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

/** content-type, message-digest and signing-certificate-v2, as a DER SET OF attributes. */
export function essSignedAttributes(opts: { contentType: string; contentDigest: Buffer; signerCertificate: Buffer }): Buffer {
  if (opts.contentDigest.length !== 32) throw new Error("contentDigest must be a SHA-256 digest (32 bytes)");
  return toDer(
    derSetOf([
      attribute(oid.contentType, new asn1js.ObjectIdentifier({ value: opts.contentType })),
      attribute(oid.messageDigest, new asn1js.OctetString({ valueHex: opts.contentDigest })),
      attribute(oid.signingCertificateV2, signingCertificateV2(opts.signerCertificate)),
    ]),
  );
}

/**
 * The CAdES/PAdES baseline signed attributes, as the DER SET OF that the signer signs:
 * content-type id-data, message-digest, and signing-certificate-v2. There is no signing-time:
 * PAdES puts the claimed time in the signature dictionary's /M.
 */
export function buildSignedAttributes(opts: { contentDigest: Buffer; signerCertificate: Buffer }): Buffer {
  return essSignedAttributes({ contentType: oid.data, ...opts });
}
