import { X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { validDate } from "./validDate.js";

/** What a verification report says about a certificate. */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  serialHex: string;
  /** Null when the certificate's time cannot be read. */
  notBefore: Date | null;
  notAfter: Date | null;
  /** Certificate policy OIDs (e.g. CCA India class policies). */
  policies: string[];
  /** Key usage bit names, or null when the extension is absent. */
  keyUsage: string[] | null;
  /** Extended key usage OIDs, or null when absent. */
  extKeyUsage: string[] | null;
}

const KU_NAMES = ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"];

/** Parses a DER certificate with pkijs (throws on garbage). */
export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(der);
}

function keyUsageOf(cert: pkijs.Certificate): string[] | null {
  const ext = cert.extensions?.find((e) => e.extnID === "2.5.29.15");
  if (!ext) return null;
  const parsed = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView);
  if (!(parsed.result instanceof asn1js.BitString)) return [];
  const bytes = parsed.result.valueBlock.valueHexView;
  return KU_NAMES.filter((_n, i) => (((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) === 1);
}

function policiesOf(cert: pkijs.Certificate): string[] {
  const ext = cert.extensions?.find((e) => e.extnID === "2.5.29.32");
  if (!ext) return [];
  const parsed = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView);
  if (!(parsed.result instanceof asn1js.Sequence)) return [];
  return parsed.result.valueBlock.value.flatMap((pi) => {
    const first = pi instanceof asn1js.Sequence ? pi.valueBlock.value[0] : undefined;
    return first instanceof asn1js.ObjectIdentifier ? [first.valueBlock.toString()] : [];
  });
}

function extKeyUsageOf(cert: pkijs.Certificate): string[] | null {
  const ext = cert.extensions?.find((e) => e.extnID === "2.5.29.37");
  if (!ext) return null;
  const parsed = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView);
  if (!(parsed.result instanceof asn1js.Sequence)) return [];
  return parsed.result.valueBlock.value.flatMap((o) => (o instanceof asn1js.ObjectIdentifier ? [o.valueBlock.toString()] : []));
}

export function certificateFacts(x: X509Certificate): CertificateFacts {
  const cert = parseCertificate(x.raw);
  return {
    subject: x.subject.replace(/\n/g, ", "),
    issuer: x.issuer.replace(/\n/g, ", "),
    serialHex: x.serialNumber.toLowerCase().replace(/^0+(?=.)/, ""),
    notBefore: validDate(new Date(x.validFrom)),
    notAfter: validDate(new Date(x.validTo)),
    policies: policiesOf(cert),
    keyUsage: keyUsageOf(cert),
    extKeyUsage: extKeyUsageOf(cert),
  };
}
