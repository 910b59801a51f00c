import type { X509Certificate } from "node:crypto";
import { checkRevocation, describeX509, subjectOf, type FetchAttempt, type RevocationCheck, type RevocationData } from "../pki/index.js";
import { decides, type OutsideData, type UndecidedCertificate } from "./outsideRevocation.js";
import type { RevocationEntry, SignatureReport } from "./report.js";
import type { Finding } from "./verdict.js";

/** What the revocation checks of one signature need from the document and its verification so far. */
export interface RevocationInputs {
  /** Data from outside the PDF (second pass); null on the first pass. */
  outside: OutsideData | null;
  /** Where certificates the PDF's data did not decide are noted, for the outside sources. */
  undecided: UndecidedCertificate[];
  /** CRLs and OCSP responses embedded in the CMS ("cms") and the /DSS ("dss"). */
  crls: RevocationData[];
  ocsps: RevocationData[];
  /** The validated path, signer first; `trusted` when it ends in a trust anchor. */
  path: X509Certificate[];
  trusted: boolean;
  /**
   * Whether the outside sources may be asked over the network for this signature: its chain is
   * trusted and its signature value and digest check out (a PDF's broken or forged signatures
   * never make the service contact anyone).
   */
  mayFetch: boolean;
  at: Date;
  /** A verified timestamp's time, or null. */
  proven: Date | null;
  claimedTime: Date | null;
}

const SOURCES: Record<string, RevocationEntry["source"]> = {
  "crl:cms": "embedded_cms",
  "ocsp:cms": "embedded_cms",
  "crl:dss": "embedded_dss",
  "ocsp:dss": "embedded_dss",
  "crl:crl_dir": "crl_dir",
  "ocsp:live": "live_ocsp",
  "crl:live": "live_crl",
};

function fetchWords(attempts: FetchAttempt[]): string {
  return attempts.map((a) => `live ${a.kind.toUpperCase()} ${a.url}: ${a.outcome}${a.detail ? ` (${a.detail})` : ""}`).join("; ");
}

/**
 * One certificate's status: the PDF's own data first; when it does not decide (no data, or
 * unknown), the CRL directory; then what its OCSP responder or CRL distribution point answered
 * at verification. An undecided certificate is noted for the outside sources.
 */
function statusOf(inp: RevocationInputs, cert: X509Certificate, issuer: X509Certificate | undefined): { check: RevocationCheck; fetches: FetchAttempt[] } {
  const embedded = checkRevocation(cert, issuer, inp.crls, inp.ocsps, inp.at);
  if (decides(embedded) || !issuer) return { check: embedded, fetches: [] };
  inp.undecided.push({ cert: cert.raw, issuer: issuer.raw, at: inp.at.toISOString(), fetch: inp.mayFetch });
  const outside = inp.outside;
  if (!outside) return { check: embedded, fetches: [] };
  const fetches = outside.attemptsFor(cert);
  const dir = checkRevocation(cert, issuer, outside.crlDir, [], inp.at);
  if (decides(dir)) return { check: dir, fetches };
  const live = checkRevocation(cert, issuer, outside.liveCrls, outside.liveOcsps, inp.at);
  if (live.status !== "no_data") return { check: live, fetches };
  const tried = fetchWords(fetches);
  return { check: tried ? { ...embedded, detail: `${embedded.detail}; ${tried}` } : embedded, fetches };
}

function entryOf(role: RevocationEntry["role"], cert: X509Certificate, check: RevocationCheck, fetches: FetchAttempt[]): RevocationEntry {
  const facts = describeX509(cert);
  return {
    role,
    subject: facts.subject,
    serialHex: facts.serialHex,
    status: check.status,
    source: check.source ? (SOURCES[check.source] ?? "none") : "none",
    url: check.url,
    answeredAt: check.issuedAt?.toISOString() ?? null,
    revokedAt: check.revocationTime?.toISOString() ?? null,
    detail: check.detail,
    fetches: fetches.map((a) => ({ kind: a.kind, url: a.url, outcome: a.outcome, detail: a.detail })),
  };
}

/**
 * The revocation part of a signature's report: the signer certificate decides the verdict
 * (revoked before the signing time fails, no answer is TRY_LATER); a revoked issuing CA (not the
 * anchor) is reported, missing data for it only noted.
 */
export function checkChainRevocation(inp: RevocationInputs, report: SignatureReport, findings: Finding[]): void {
  const fail = (subIndication: Finding["subIndication"], reason: string): number => findings.push({ status: "TOTAL_FAILED", subIndication, reason });
  const indeterminate = (subIndication: Finding["subIndication"], reason: string): number => findings.push({ status: "INDETERMINATE", subIndication, reason });
  const [signer] = inp.path;
  if (!signer) return;
  const { proven, claimedTime } = inp;
  const s = statusOf(inp, signer, inp.path[1]);
  const rc = s.check;
  report.revocation = { status: rc.status, source: rc.source, detail: rc.detail, checks: [entryOf("signer", signer, rc, s.fetches)] };
  if (rc.status === "revoked") {
    const when = rc.revocationTime;
    if (proven && when && when > proven) {
      report.revocation.detail += `; revoked at ${when.toISOString()}, after the timestamped signing time`;
    } else if (proven || (when && claimedTime && when <= claimedTime)) {
      fail("REVOKED", `the signer certificate was revoked${when ? ` at ${when.toISOString()}` : ""}, before the signing time`);
    } else indeterminate("REVOKED_NO_POE", `the signer certificate is revoked${when ? ` (at ${when.toISOString()})` : ""} and no timestamp proves the signature existed before`);
  } else if (rc.status === "unknown") indeterminate("TRY_LATER", `revocation status unknown: ${rc.detail}`);
  else if (rc.status === "no_data") indeterminate("TRY_LATER", `no revocation data: ${rc.detail}`);

  const anchorAtEnd = inp.trusted ? 1 : 0;
  for (let i = 1; i < inp.path.length - anchorAtEnd; i++) {
    const ca = inp.path[i] as X509Certificate;
    const c = statusOf(inp, ca, inp.path[i + 1]);
    const ir = c.check;
    report.revocation.checks.push(entryOf("issuing_ca", ca, ir, c.fetches));
    if (ir.status === "revoked") {
      const when = ir.revocationTime;
      if (proven && when && when > proven) continue;
      indeterminate("REVOKED_CA_NO_POE", `issuing CA ${subjectOf(ca)} is revoked${when ? ` (at ${when.toISOString()})` : ""}`);
    } else if (ir.status !== "good") report.revocation.detail += `; issuing CA ${subjectOf(ca)}: ${ir.detail}`;
  }
}
