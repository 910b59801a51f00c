import { createHash, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { describeX509, parseX509 } from "../common/certificateInfo.js";
import { urlsOfCertificate } from "./certificateUrls.js";
import { crlScope, type CrlScope } from "./crlScope.js";
import { DerCache } from "../common/derCache.js";
import { checkSignature, digestName, publicKeyOf } from "../common/signatureCheck.js";
import { validDate } from "../common/validDate.js";
import { weakMemo, weakPairMemo } from "../common/weakMemo.js";

export const REVOCATION_STATUSES = ["good", "revoked", "unknown", "no_data"] as const;
export type RevocationStatus = (typeof REVOCATION_STATUSES)[number];

export interface RevocationData {
  der: Buffer;
  /** Where it came from, for the report: "cms", "dss", "crl_dir", "live", ... */
  source: string;
  /** Fetched data: the responder or distribution point that gave it. */
  url?: string;
}

export interface RevocationCheck {
  status: RevocationStatus;
  /** "crl:cms", "ocsp:dss", ... ; null when no usable data was found. */
  source: string | null;
  revocationTime: Date | null;
  detail: string;
  /** When the answer was made (the CRL's or the OCSP single response's thisUpdate); null without one. */
  issuedAt: Date | null;
  /** The URL the answer was fetched from; null for data that was not fetched. */
  url: string | null;
}

const serialOf = (b: Uint8Array): string => Buffer.from(b).toString("hex").replace(/^(00)+(?=.)/, "");

/** Whether revocation data issued at `thisUpdate` (valid to `nextUpdate`) speaks for time `at`. */
function covers(at: Date, thisUpdate: Date, nextUpdate: Date | undefined): boolean {
  return thisUpdate >= at || !nextUpdate || nextUpdate >= at;
}

/** What revocation data is matched on: the certificate's issuer name (DER) and serial number (hex, as serialOf). */
export interface RevokableCertificate {
  issuerName: Buffer;
  serial: string;
  /** A CA certificate (basicConstraints cA): a CRL limited to end-entity certificates does not speak for it, nor an authority revocation list for a signer. */
  isCa: boolean;
  /** Its CRL distribution points (URIs): a partitioned CRL speaks only for certificates that name it. */
  crlUrls: string[];
}

export function revokableCertificate(cert: pkijs.Certificate): RevokableCertificate {
  const bc = cert.extensions?.find((e) => e.extnID === "2.5.29.19");
  const bcValue = bc ? asn1js.fromBER(bc.extnValue.valueBlock.valueHexView).result : undefined;
  const isCa = bcValue instanceof asn1js.Sequence && new pkijs.BasicConstraints({ schema: bcValue }).cA === true;
  return { issuerName: Buffer.from(cert.issuer.toSchema().toBER()), serial: serialOf(cert.serialNumber.valueBlock.valueHexView), isCa, crlUrls: urlsOfCertificate(cert).crl };
}

/** A CRL read once, with what every check against it needs. */
export interface ParsedCrl {
  der: Buffer;
  /** DER of the CRL issuer's name. */
  issuerName: Buffer;
  /** null when thisUpdate is no real date: such a CRL speaks for no time. */
  thisUpdate: Date | null;
  nextUpdate: Date | undefined;
  /** Revoked serials (hex, as serialOf) with their revocation dates; the first entry for a serial counts. */
  revoked: ReadonlyMap<string, Date | null>;
  algorithm: pkijs.AlgorithmIdentifier;
  tbs: Uint8Array;
  signature: Uint8Array;
  /** What it speaks for (crlScope.ts): usable at all, complete, limited to end-entity or CA certificates. */
  scope: CrlScope;
}

/** Throws when `der` is not a readable CRL. */
export function readCrl(der: Buffer): ParsedCrl {
  const crl = pkijs.CertificateRevocationList.fromBER(der);
  const revoked = new Map<string, Date | null>();
  for (const r of crl.revokedCertificates ?? []) {
    const serial = serialOf(r.userCertificate.valueBlock.valueHexView);
    if (!revoked.has(serial)) revoked.set(serial, validDate(r.revocationDate.value));
  }
  return {
    der,
    issuerName: Buffer.from(crl.issuer.toSchema().toBER()),
    thisUpdate: validDate(crl.thisUpdate.value),
    nextUpdate: validDate(crl.nextUpdate?.value) ?? undefined,
    revoked,
    algorithm: crl.signatureAlgorithm,
    tbs: crl.tbsView,
    signature: crl.signatureValue.valueBlock.valueHexView,
    scope: crlScope(crl, serialOf),
  };
}

/** Whether `issuer`'s key made the CRL's signature. */
export function crlSignedBy(crl: ParsedCrl, issuer: X509Certificate): boolean {
  const key = publicKeyOf(issuer);
  return key !== null && checkSignature(crl.algorithm, undefined, crl.tbs, crl.signature, key).ok;
}

/** Why a CRL of the certificate's issuer does not speak for it at all (RFC 5280 6.3.3); null when it may. */
function outOfScope(crl: ParsedCrl, cert: RevokableCertificate): string | null {
  const { scope } = crl;
  if (scope.unusable) return scope.unusable;
  if (scope.only === "ca" && !cert.isCa) return "it lists only CA certificates (an authority revocation list)";
  if (scope.only === "end-entity" && cert.isCa) return "it lists only end-entity certificates";
  // RFC 5280 6.3.3 (b)(2): a CRL of one distribution point (a partition) speaks only for the
  // certificates that name that point; a certificate naming none (or a point named otherwise than
  // by a URI, which mohar does not match) is not shown good by its silence.
  if (scope.partitioned && !scope.points.some((p) => cert.crlUrls.includes(p))) {
    const which = scope.points.length > 0 ? scope.points.join(", ") : "named otherwise than by a URI";
    return `it is the CRL of one distribution point (${which}), and the certificate ${cert.crlUrls.length > 0 ? "names another" : "names no distribution point"}`;
  }
  return null;
}

/** Why a CRL of the certificate's issuer that does not list it does not show it good; null when it does. */
export function crlSilence(crl: ParsedCrl, cert: RevokableCertificate): string | null {
  return outOfScope(crl, cert) ?? crl.scope.partial;
}

/**
 * What a CRL whose issuer name and signature were checked says about `cert` at time `at`; null
 * when it does not speak for that time. `source` names where it came from ("cms", "crl_dir", ...).
 */
export function crlStatus(crl: ParsedCrl, cert: RevokableCertificate, at: Date, source: string, url: string | null = null): RevocationCheck | null {
  const thisUpdate = crl.thisUpdate;
  if (!thisUpdate || !covers(at, thisUpdate, crl.nextUpdate)) return null;
  const { scope } = crl;
  if (outOfScope(crl, cert)) return null;
  const from = `crl:${source}`;
  const answer = { source: from, issuedAt: thisUpdate, url };
  if (crl.revoked.has(cert.serial) && !scope.removed.has(cert.serial)) {
    return { ...answer, status: "revoked", revocationTime: crl.revoked.get(cert.serial) ?? null, detail: `listed in a CRL issued ${thisUpdate.toISOString()}` };
  }
  // A delta CRL's or a reason-limited CRL's silence proves nothing: the certificate may be listed elsewhere.
  if (scope.partial) return null;
  return { ...answer, status: "good", revocationTime: null, detail: `not listed in a CRL issued ${thisUpdate.toISOString()}` };
}

/**
 * CRLs read once per DER (null: not a CRL), across signatures and documents (#16): every document
 * of an office embeds the same few CRLs, and each certificate of a chain is checked against each.
 * Bounded by DER bytes, 32 MB (a parsed CRL grows with its DER: one entry per revoked serial), and
 * by 1024 CRLs, so a CRL directory (read whole at every RevocationSource build, least recently used
 * first out) stays in it up to either bound; a directory larger than that is read again at every
 * build, as every CRL was before this cache.
 */
const crls = new DerCache<ParsedCrl | Error>(1024, 32 << 20);

/**
 * readCrl once per DER (throws as readCrl does, and an unreadable DER is remembered too): the CRL
 * directory's CRLs are mostly those signing embedded in the PDF's /DSS, so `mohar verify` reads
 * each once (#16).
 */
export function readCrlOnce(der: Buffer): ParsedCrl {
  const read = crls.get(der, (copy) => {
    try {
      return readCrl(copy);
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  });
  if (read instanceof Error) throw read;
  return read;
}

/** readCrlOnce; null when `der` holds no readable CRL. */
function crlOrNull(der: Buffer): ParsedCrl | null {
  try {
    return readCrlOnce(der);
  } catch {
    return null;
  }
}

/** What revocation data is matched on, read once per certificate object. */
const revokableX509 = weakMemo((c: X509Certificate): RevokableCertificate => revokableCertificate(parseX509(c)));

/** Whether an issuer certificate (by object) made a CRL's signature, checked once per pair. */
export const crlSignedByOnce = weakPairMemo((crl: ParsedCrl, issuer: X509Certificate): boolean => crlSignedBy(crl, issuer));

function checkCrl(d: RevocationData, cert: RevokableCertificate, issuer: X509Certificate, at: Date): RevocationCheck | null {
  const crl = crlOrNull(d.der);
  if (!crl) return null;
  if (!crl.issuerName.equals(cert.issuerName) || !crlSignedByOnce(crl, issuer)) return null;
  return crlStatus(crl, cert, at, d.source, d.url ?? null);
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

/** The validity window of an OCSP response's first single response (what a fetched answer is judged stale by); null when unreadable. */
export function ocspWindow(der: Buffer): { thisUpdate: Date | null; nextUpdate: Date | null } | null {
  const single = basicOcsp(der)?.tbsResponseData.responses[0];
  return single ? { thisUpdate: validDate(single.thisUpdate), nextUpdate: validDate(single.nextUpdate) } : null;
}

function checkOcsp(d: RevocationData, cert: RevokableCertificate, issuer: X509Certificate, at: Date): RevocationCheck | null {
  const basic = basicOcsp(d.der);
  if (!basic) return null;
  const issuerPki = parseX509(issuer);
  const single = basic.tbsResponseData.responses.find((r) => {
    const h = digestName(r.certID.hashAlgorithm.algorithmId);
    if (!h || serialOf(r.certID.serialNumber.valueBlock.valueHexView) !== cert.serial) return false;
    const nameHash = createHash(h).update(cert.issuerName).digest();
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
  const answer = { source: `ocsp:${d.source}`, issuedAt: thisUpdate, url: d.url ?? null };
  const status = single.certStatus as asn1js.BaseBlock;
  const when = thisUpdate.toISOString();
  if (status.idBlock.tagNumber === 0) return { ...answer, status: "good", revocationTime: null, detail: `OCSP response of ${when} says good` };
  if (status.idBlock.tagNumber === 1) {
    const inner = (status as asn1js.Constructed).valueBlock.value?.[0];
    const time = inner instanceof asn1js.GeneralizedTime ? validDate(inner.toDate()) : null;
    return { ...answer, status: "revoked", revocationTime: time, detail: `OCSP response of ${when} says revoked` };
  }
  return { ...answer, status: "unknown", revocationTime: null, detail: `OCSP response of ${when} says unknown` };
}

/**
 * Checks `cert` (issued by `issuer`) against embedded CRLs and OCSP responses valid for time
 * `at`. Only data whose signature verifies with the issuer's key (or a delegated responder) counts.
 */
export function checkRevocation(cert: X509Certificate, issuer: X509Certificate | undefined, crls: RevocationData[], ocsps: RevocationData[], at: Date): RevocationCheck {
  if (!issuer) return { status: "no_data", source: null, revocationTime: null, issuedAt: null, url: null, detail: "the issuer certificate is unknown, so revocation data cannot be checked" };
  const subject = revokableX509(cert);
  const results = [...ocsps.map((d) => checkOcsp(d, subject, issuer, at)), ...crls.map((d) => checkCrl(d, subject, issuer, at))].filter(
    (r): r is RevocationCheck => r !== null,
  );
  const revoked = results.find((r) => r.status === "revoked");
  const good = results.find((r) => r.status === "good");
  const chosen = revoked ?? good ?? results[0];
  if (chosen) return chosen;
  const n = crls.length + ocsps.length;
  const serial = describeX509(cert).serialHex;
  const silent = crls.flatMap((d) => {
    const crl = crlOrNull(d.der);
    const why = crl && crl.issuerName.equals(subject.issuerName) ? crlSilence(crl, subject) : null;
    return why ? [`a CRL of its issuer does not show it good: ${why}`] : [];
  });
  return {
    status: "no_data",
    source: null,
    revocationTime: null,
    issuedAt: null,
    url: null,
    detail:
      n === 0
        ? "no revocation data embedded"
        : `none of the ${n} embedded CRL/OCSP responses covers certificate ${serial} at the signing time${silent.length > 0 ? ` (${[...new Set(silent)].join("; ")})` : ""}`,
  };
}
