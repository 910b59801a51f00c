import { X509Certificate } from "node:crypto";
import { checkRevocation, type FetchAttempt, type LiveRevocation, type RevocationCheck, type RevocationData, type RevocationSource } from "../pki/index.js";

/**
 * Where verification looks for revocation data beyond what the PDF carries: the configured CRL
 * directory (CRL_DIR, offline) and, when REVOCATION_FETCH allows, the certificates' OCSP
 * responders and CRL distribution points through the same LiveRevocation as signing (same limits,
 * cache and metrics).
 */
export interface RevocationSources {
  offline: RevocationSource;
  live: LiveRevocation | null;
}

/** A certificate whose status the PDF's own data did not decide (found by the first pass, in the worker). */
export interface UndecidedCertificate {
  cert: Uint8Array;
  issuer: Uint8Array;
  /** The signing time the status is wanted for (ISO). */
  at: string;
  /**
   * Whether its chain reaches a trust anchor: only then are the URLs it names contacted (an
   * uploaded PDF's own certificates could name any address).
   */
  fetch: boolean;
}

/** What the sources outside the PDF gave, handed to the second pass (structured-cloneable). */
export interface OutsideRevocation {
  /** CRLs of the CRL directory that speak for an undecided certificate. */
  crlDir: Uint8Array[];
  /** Answers fetched at verification. */
  live: Array<{ kind: "ocsp" | "crl"; url: string; der: Uint8Array }>;
  /** Every fetch, failed ones included, by the SHA-256 fingerprint of the certificate asked about. */
  attempts: Array<{ fingerprint: string; attempt: FetchAttempt }>;
}

/** OutsideRevocation as the checks use it. */
export interface OutsideData {
  crlDir: RevocationData[];
  liveCrls: RevocationData[];
  liveOcsps: RevocationData[];
  attemptsFor(cert: X509Certificate): FetchAttempt[];
}

export function readOutside(o: OutsideRevocation): OutsideData {
  const live = o.live.map((l) => ({ kind: l.kind, data: { der: Buffer.from(l.der), source: "live", url: l.url } }));
  return {
    crlDir: o.crlDir.map((der) => ({ der: Buffer.from(der), source: "crl_dir" })),
    liveCrls: live.filter((l) => l.kind === "crl").map((l) => l.data),
    liveOcsps: live.filter((l) => l.kind === "ocsp").map((l) => l.data),
    attemptsFor: (cert) => o.attempts.filter((a) => a.fingerprint === cert.fingerprint256).map((a) => a.attempt),
  };
}

/**
 * Asks the sources outside the PDF about the undecided certificates: the CRL directory for each,
 * then, for those the directory does not list as good or revoked and whose chain is trusted, the
 * live sources (each certificate once, whatever number of signatures it made). Null when there
 * is nothing to add: the first pass's report stands as it is.
 */
/**
 * At most this many certificates are asked about over the network per verification (each one's
 * responders and distribution points in turn, each bounded by REVOCATION_FETCH_TIMEOUT_MS): a PDF
 * with many signatures by trusted CAs cannot hold a verification for long. A signed document has a
 * few signers, each with a chain of two or three; the rest stay undecided (TRY_LATER).
 */
export const MAX_CERTIFICATES_FETCHED = 12;

export async function lookOutside(undecided: readonly UndecidedCertificate[], sources: RevocationSources): Promise<OutsideRevocation | null> {
  const out: OutsideRevocation = { crlDir: [], live: [], attempts: [] };
  const seenCrls = new Set<string>();
  const asked = new Set<string>();
  for (const u of undecided) {
    const cert = Buffer.from(u.cert);
    const issuer = Buffer.from(u.issuer);
    const fromDir = sources.offline.revocationDataFor([cert, issuer], new Date(u.at)).crls;
    for (const der of fromDir) {
      const id = der.toString("base64");
      if (!seenCrls.has(id)) out.crlDir.push(der);
      seenCrls.add(id);
    }
    const x509 = new X509Certificate(cert);
    if (!u.fetch || !sources.live || asked.has(x509.fingerprint256) || listsDecided(x509, new X509Certificate(issuer), fromDir, new Date(u.at))) continue;
    if (asked.size >= MAX_CERTIFICATES_FETCHED) continue;
    asked.add(x509.fingerprint256);
    const got = await sources.live.forCertificate(cert, issuer);
    for (const d of got.ocsps) out.live.push({ kind: "ocsp", url: d.url ?? "", der: d.der });
    for (const d of got.crls) out.live.push({ kind: "crl", url: d.url ?? "", der: d.der });
    for (const attempt of got.attempts) out.attempts.push({ fingerprint: x509.fingerprint256, attempt });
  }
  return out.crlDir.length + out.live.length + out.attempts.length > 0 ? out : null;
}

/** Whether the directory's CRLs already say good or revoked (then nothing is fetched). */
function listsDecided(cert: X509Certificate, issuer: X509Certificate, crls: Buffer[], at: Date): boolean {
  return crls.length > 0 && decides(checkRevocation(cert, issuer, crls.map((der) => ({ der, source: "crl_dir" })), [], at));
}


/** good or revoked: an answer; unknown and no_data leave the question open for the next source. */
export const decides = (c: RevocationCheck): boolean => c.status === "good" || c.status === "revoked";
