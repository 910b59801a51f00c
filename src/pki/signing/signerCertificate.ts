import * as asn1js from "asn1js";
import { describeParsedCertificate, parseCertificate, type CertificateDescription } from "../common/certificateInfo.js";
import { toDer } from "../common/der.js";
import { revokableCertificate, type RevokableCertificate } from "../verification/revocation.js";

/**
 * A signer's certificate parsed once, with the parts that every CMS signature by it repeats.
 * Key stores build it when they load a key, because parsing a certificate costs several times
 * more than the RSA signature itself.
 */
export interface SignerCertificate {
  der: Buffer;
  description: CertificateDescription;
  /** DER IssuerAndSerialNumber: the CMS SignerIdentifier. */
  issuerAndSerialNumber: Buffer;
  /**
   * DER ESS SigningCertificateV2 (RFC 5035) naming the certificate by its SHA-256 hash and
   * issuer + serial. hashAlgorithm is left out because SHA-256 is its DEFAULT, as DER requires.
   */
  signingCertificateV2: Buffer;
  /** Its issuer name and serial, which the CRLs checked before each signature are matched on. */
  revokable: RevokableCertificate;
}

/** Throws MoharError cert.invalid when `der` is not an X.509 certificate. */
export function readSignerCertificate(der: Buffer): SignerCertificate {
  const cert = parseCertificate(der);
  const description = describeParsedCertificate(cert, der);
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
      }),
      cert.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: Buffer.from(description.sha256, "hex") }), issuerSerial],
  });
  return {
    der,
    description,
    issuerAndSerialNumber: toDer(new asn1js.Sequence({ value: [cert.issuer.toSchema(), cert.serialNumber] })),
    signingCertificateV2: toDer(new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })),
    revokable: revokableCertificate(cert),
  };
}

/** A certificate given as DER is parsed here; one parsed before (by a key store) is used as is. */
export function signerCertificateOf(certificate: Buffer | SignerCertificate): SignerCertificate {
  return Buffer.isBuffer(certificate) ? readSignerCertificate(certificate) : certificate;
}
