import { createHash, type X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { MoharError } from "../../errors.js";
import { decodeKeyUsage, type KeyUsageName } from "./keyUsage.js";
import { nameToString, readName, type NameAttributes } from "./name.js";
import { oid } from "./oids.js";
import { weakMemo } from "./weakMemo.js";

export interface CertificateDescription {
  /** e.g. "CN=ANITA SHARMA, serialNumber=..., OU=Revenue Department, O=..., C=IN" */
  subject: string;
  subjectAttributes: NameAttributes;
  issuer: string;
  issuerAttributes: NameAttributes;
  /** Serial number in lowercase hex, without leading zero bytes. */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** Certificate policy OIDs, e.g. 2.16.356.100.2.3 for CCA India Class 3. */
  policies: string[];
  /** null when the certificate has no keyUsage extension (no restriction). */
  keyUsage: KeyUsageName[] | null;
  /** null when the certificate has no extendedKeyUsage extension. */
  extendedKeyUsage: string[] | null;
  isCA: boolean;
  /** SHA-256 of the DER certificate, lowercase hex. */
  sha256: string;
}

export function parseCertificate(der: Buffer): pkijs.Certificate {
  try {
    return pkijs.Certificate.fromBER(der);
  } catch (err) {
    throw new MoharError("cert.invalid", "the certificate is not a DER X.509 certificate", { cause: err });
  }
}

function extensionValue(cert: pkijs.Certificate, id: string): asn1js.AsnType | undefined {
  const ext = cert.extensions?.find((e) => e.extnID === id);
  return ext ? asn1js.fromBER(ext.extnValue.valueBlock.valueHexView).result : undefined;
}

/** The facts about a certificate that reports, registries and signature appearances show. */
export function describeCertificate(der: Buffer): CertificateDescription {
  return describeParsedCertificate(parseCertificate(der), der);
}

/**
 * parseCertificate for a certificate Node has read, once per certificate object: one verification
 * asks the same few certificates (signer, CAs, TSA) many times, and pkijs parsing was most of a
 * one-page verification.
 */
export const parseX509 = weakMemo((c: X509Certificate): pkijs.Certificate => parseCertificate(c.raw));

/** describeCertificate for a certificate Node has read, once per certificate object. */
export const describeX509 = weakMemo((c: X509Certificate): CertificateDescription => describeParsedCertificate(parseX509(c), c.raw));

/** describeCertificate for a certificate already parsed from `der`. */
export function describeParsedCertificate(cert: pkijs.Certificate, der: Buffer): CertificateDescription {
  const ku = extensionValue(cert, oid.keyUsage);
  const eku = extensionValue(cert, oid.extKeyUsage);
  const policies = extensionValue(cert, oid.certificatePolicies);
  const bc = extensionValue(cert, oid.basicConstraints);
  const serial = Buffer.from(cert.serialNumber.valueBlock.valueHexView);
  let start = 0;
  while (start < serial.length - 1 && serial[start] === 0) start++;
  return {
    subject: nameToString(cert.subject),
    subjectAttributes: readName(cert.subject),
    issuer: nameToString(cert.issuer),
    issuerAttributes: readName(cert.issuer),
    serialHex: serial.subarray(start).toString("hex"),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    policies: policies instanceof asn1js.Sequence ? new pkijs.CertificatePolicies({ schema: policies }).certificatePolicies.map((p) => p.policyIdentifier) : [],
    keyUsage: ku instanceof asn1js.BitString ? decodeKeyUsage(ku) : null,
    extendedKeyUsage: eku instanceof asn1js.Sequence ? new pkijs.ExtKeyUsage({ schema: eku }).keyPurposes : null,
    isCA: bc instanceof asn1js.Sequence ? new pkijs.BasicConstraints({ schema: bc }).cA : false,
    sha256: createHash("sha256").update(der).digest("hex"),
  };
}
