import { KeyObject, sign, webcrypto } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { authorityKeyIdentifier, extension, signatureAlgorithmFor, time } from "./certificateBuilder.js";
import { oid } from "../common/oids.js";

type CryptoKey = webcrypto.CryptoKey;

/** RFC 5280 §5.3.1 reason codes the dev PKI uses. */
export type CrlReason = "unspecified" | "keyCompromise" | "affiliationChanged" | "superseded" | "cessationOfOperation";
const reasonCode: Record<CrlReason, number> = { unspecified: 0, keyCompromise: 1, affiliationChanged: 3, superseded: 4, cessationOfOperation: 5 };

export interface CrlSpec {
  issuer: { certificate: Buffer; privateKey: CryptoKey };
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: number;
  /** Certificates (DER) to list as revoked, with when and why. */
  revoked: Array<{ certificate: Buffer; date: Date; reason: CrlReason }>;
}

/** Issues an X.509 v2 CRL signed with Node's crypto, like issueCertificate. */
export function issueCrl(spec: CrlSpec): Buffer {
  const issuer = pkijs.Certificate.fromBER(spec.issuer.certificate);
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = issuer.subject;
  crl.thisUpdate = time(spec.thisUpdate);
  crl.nextUpdate = time(spec.nextUpdate);
  if (spec.revoked.length > 0) {
    crl.revokedCertificates = spec.revoked.map(
      (r) =>
        new pkijs.RevokedCertificate({
          userCertificate: pkijs.Certificate.fromBER(r.certificate).serialNumber,
          revocationDate: time(r.date),
          crlEntryExtensions: new pkijs.Extensions({
            extensions: [extension(oid.cRLReason, false, new asn1js.Enumerated({ value: reasonCode[r.reason] }))],
          }),
        }),
    );
  }
  const aki = authorityKeyIdentifier(issuer);
  crl.crlExtensions = new pkijs.Extensions({
    extensions: [...(aki ? [aki] : []), extension(oid.cRLNumber, false, new asn1js.Integer({ value: spec.crlNumber }))],
  });
  const key = KeyObject.from(spec.issuer.privateKey);
  const algorithm = signatureAlgorithmFor(key);
  crl.signature = algorithm;
  crl.signatureAlgorithm = algorithm;
  // encodeTBS is protected in pkijs' typings; the TBS is the first element of the full encoding.
  const tbs = Buffer.from((crl.toSchema(true).valueBlock.value[0] as asn1js.Sequence).toBER(false));
  crl.signatureValue = new asn1js.BitString({ valueHex: sign("sha256", tbs, { key, dsaEncoding: "der" }) });
  crl.tbsView = new Uint8Array(tbs);
  return Buffer.from(crl.toSchema(false).toBER(false));
}
