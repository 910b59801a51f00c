import { createHash, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { describeCertificate, parseCertificate } from "./certificateInfo.js";
import { checkSignature, digestName, publicKeyOf } from "./signatureCheck.js";
import { validDate } from "./validDate.js";

export type RevocationStatus = "good" | "revoked" | "unknown" | "no_data";

export interface RevocationData {
  der: Buffer;
  /** Where it came from, for the report: "cms" or "dss". */
  source: string;
}

export interface RevocationCheck {
  status: RevocationStatus;
  /** "crl:cms", "ocsp:dss", ... ; null when no usable data was found. */
  source: string | null;
  revocationTime: Date | null;
  detail: string;
}

const serialOf = (b: Uint8Array): string => Buffer.from(b).toString("hex").replace(/^(00)+(?=.)/, "");

/** Whether revocation data issued at `thisUpdate` (valid to `nextUpdate`) speaks for time `at`. */
function covers(at: Date, thisUpdate: Date, nextUpdate: Date | undefined): boolean {
  return thisUpdate >= at || !nextUpdate || nextUpdate >= at;
}

function checkCrl(d: RevocationData, cert: pkijs.Certificate, issuer: X509Certificate, at: Date): RevocationCheck | null {
  let crl: pkijs.CertificateRevocationList;
  try {
    crl = pkijs.CertificateRevocationList.fromBER(d.der);
  } catch {
    return null;
  }
  if (!Buffer.from(crl.issuer.toSchema().toBER()).equals(Buffer.from(cert.issuer.toSchema().toBER()))) return null;
  const key = publicKeyOf(issuer);
  if (!key || !checkSignature(crl.signatureAlgorithm, undefined, crl.tbsView, crl.signatureValue.valueBlock.valueHexView, key).ok) return null;
  const thisUpdate = validDate(crl.thisUpdate.value);
  if (!thisUpdate || !covers(at, thisUpdate, validDate(crl.nextUpdate?.value) ?? undefined)) return null;
  const serial = serialOf(cert.serialNumber.valueBlock.valueHexView);
  const hit = crl.revokedCertificates?.find((r) => serialOf(r.userCertificate.valueBlock.valueHexView) === serial);
  const source = `crl:${d.source}`;
  if (hit) {
    return { status: "revoked", source, revocationTime: validDate(hit.revocationDate.value), detail: `listed in a CRL issued ${thisUpdate.toISOString()}` };
  }
  return { status: "good", source, revocationTime: null, detail: `not listed in a CRL issued ${thisUpdate.toISOString()}` };
}

function basicOcsp(der: Buffer): pkijs.BasicOCSPResponse | null {
  try {
    const resp = pkijs.OCSPResponse.fromBER(der);
    if (resp.responseStatus.valueBlock.valueDec !== 0 || !resp.responseBytes) return null;
    return pkijs.BasicOCSPResponse.fromBER(resp.responseBytes.response.valueBlock.valueHexView);
  } catch {
    try {
      return pkijs.BasicOCSPResponse.fromBER(der);
    } catch {
      return null;
    }
  }
}

function checkOcsp(d: RevocationData, cert: pkijs.Certificate, issuer: X509Certificate, at: Date): RevocationCheck | null {
  const basic = basicOcsp(d.der);
  if (!basic) return null;
  const issuerPki = parseCertificate(issuer.raw);
  const serial = serialOf(cert.serialNumber.valueBlock.valueHexView);
  const single = basic.tbsResponseData.responses.find((r) => {
    const h = digestName(r.certID.hashAlgorithm.algorithmId);
    if (!h || serialOf(r.certID.serialNumber.valueBlock.valueHexView) !== serial) return false;
    const nameHash = createHash(h).update(Buffer.from(cert.issuer.toSchema().toBER())).digest();
    const keyHash = createHash(h).update(issuerPki.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
    return nameHash.equals(Buffer.from(r.certID.issuerNameHash.valueBlock.valueHexView)) && keyHash.equals(Buffer.from(r.certID.issuerKeyHash.valueBlock.valueHexView));
  });
  const thisUpdate = validDate(single?.thisUpdate);
  if (!single || !thisUpdate || !covers(at, thisUpdate, validDate(single.nextUpdate) ?? undefined)) return null;
  // The responder is the issuer itself or a certificate the issuer delegated OCSP signing to.
  const delegates = (basic.certs ?? []).flatMap((c) => {
    if (!(c instanceof pkijs.Certificate)) return [];
    try {
      const x = new X509Certificate(Buffer.from(c.toSchema().toBER()));
      return x.verify(issuer.publicKey) && (x.keyUsage ?? []).includes("1.3.6.1.5.5.7.3.9") ? [x] : [];
    } catch {
      return [];
    }
  });
  const signedBy = [issuer, ...delegates].find((r) => {
    const key = publicKeyOf(r);
    return key !== null && checkSignature(basic.signatureAlgorithm, undefined, basic.tbsResponseData.tbsView, basic.signature.valueBlock.valueHexView, key).ok;
  });
  if (!signedBy) return null;
  const source = `ocsp:${d.source}`;
  const status = single.certStatus as asn1js.BaseBlock;
  const when = thisUpdate.toISOString();
  if (status.idBlock.tagNumber === 0) return { status: "good", source, revocationTime: null, detail: `OCSP response of ${when} says good` };
  if (status.idBlock.tagNumber === 1) {
    const inner = (status as asn1js.Constructed).valueBlock.value?.[0];
    const time = inner instanceof asn1js.GeneralizedTime ? validDate(inner.toDate()) : null;
    return { status: "revoked", source, revocationTime: time, detail: `OCSP response of ${when} says revoked` };
  }
  return { status: "unknown", source, revocationTime: null, detail: `OCSP response of ${when} says unknown` };
}

/**
 * Checks `cert` (issued by `issuer`) against embedded CRLs and OCSP responses valid for time
 * `at`. Only data whose signature verifies with the issuer's key (or a delegated responder) counts.
 */
export function checkRevocation(cert: X509Certificate, issuer: X509Certificate | undefined, crls: RevocationData[], ocsps: RevocationData[], at: Date): RevocationCheck {
  if (!issuer) return { status: "no_data", source: null, revocationTime: null, detail: "the issuer certificate is unknown, so revocation data cannot be checked" };
  const pki = parseCertificate(cert.raw);
  const results = [...ocsps.map((d) => checkOcsp(d, pki, issuer, at)), ...crls.map((d) => checkCrl(d, pki, issuer, at))].filter(
    (r): r is RevocationCheck => r !== null,
  );
  const revoked = results.find((r) => r.status === "revoked");
  const good = results.find((r) => r.status === "good");
  const chosen = revoked ?? good ?? results[0];
  if (chosen) return chosen;
  const n = crls.length + ocsps.length;
  const serial = describeCertificate(cert.raw).serialHex;
  return {
    status: "no_data",
    source: null,
    revocationTime: null,
    detail: n === 0 ? "no revocation data embedded" : `none of the ${n} embedded CRL/OCSP responses covers certificate ${serial} at the signing time`,
  };
}
