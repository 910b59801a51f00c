import type { RevisionChange } from "../pdf/index.js";
import type { IndiaPkiProfile, RevocationStatus } from "../pki/index.js";

/** ETSI EN 319 102-1 main indication. */
export type Indication = "TOTAL_PASSED" | "INDETERMINATE" | "TOTAL_FAILED";

/**
 * ETSI-style sub-indications used by mohar. SIG_CONSTRAINTS_FAILURE covers disallowed changes
 * after signing (PDF modification detection); TRY_LATER means no usable revocation data.
 */
export type SubIndication =
  | "FORMAT_FAILURE"
  | "HASH_FAILURE"
  | "SIG_CRYPTO_FAILURE"
  | "SIG_CONSTRAINTS_FAILURE"
  | "REVOKED"
  | "EXPIRED"
  | "REVOKED_NO_POE"
  | "REVOKED_CA_NO_POE"
  | "OUT_OF_BOUNDS_NO_POE"
  | "NO_SIGNING_CERTIFICATE_FOUND"
  | "NO_CERTIFICATE_CHAIN_FOUND"
  | "CHAIN_CONSTRAINTS_FAILURE"
  | "TIMESTAMP_FAILURE"
  | "TRY_LATER"
  | "CRYPTO_CONSTRAINTS_FAILURE"
  | "GENERIC"
  | "NO_SIGNATURE";

export interface Verdict {
  status: Indication;
  subIndication: SubIndication | null;
  /** Human explanation of the status (the most serious finding). */
  statusReason: string;
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  serialHex: string;
  policies: string[];
  /** Null when the certificate's validity dates cannot be read. */
  notBefore: string | null;
  notAfter: string | null;
}

/** A certificate's revocation status, as the revocation checks in pki/ give it. */
export type { RevocationStatus };

/** Who answered a certificate's revocation question (`RevocationEntry.source`). */
export const REVOCATION_SOURCES = ["embedded_cms", "embedded_dss", "crl_dir", "live_ocsp", "live_crl", "none"] as const;
export type RevocationSourceName = (typeof REVOCATION_SOURCES)[number];

/** One certificate's revocation result and the source that answered. */
export interface RevocationEntry {
  role: "signer" | "issuing_ca";
  subject: string;
  serialHex: string;
  status: RevocationStatus;
  /**
   * Who answered: data embedded in the signature (CMS) or the document's /DSS, the configured
   * CRL directory (CRL_DIR), an OCSP responder or CRL distribution point asked at verification,
   * or nobody.
   */
  source: RevocationSourceName;
  /** The responder or CRL URL of a live answer; null otherwise. */
  url: string | null;
  /** When the answer was made (its thisUpdate); null when none answered. */
  answeredAt: string | null;
  revokedAt: string | null;
  detail: string;
  /** Every request made at verification for this certificate, failed ones included. */
  fetches: Array<{ kind: "ocsp" | "crl"; url: string; outcome: string; detail: string }>;
}

export interface TimestampSummary {
  genTime: string | null;
  tsa: { subject: string; serialHex: string } | null;
  ok: boolean;
  problems: string[];
}

export interface SignatureReport extends Verdict {
  fieldName: string;
  kind: "signature" | "document_timestamp";
  subFilter: string | null;
  signer: CertificateSummary | null;
  /** /M of the signature dictionary (or the CMS signingTime), as claimed by the signer. */
  claimedSigningTime: string | null;
  /** The time the checks used: a verified timestamp's genTime, else the claimed time. */
  signingTime: { time: string; source: "timestamp" | "claimed" | "validation_time" };
  timestamp: TimestampSummary | null;
  /** /Reason of the signature dictionary. */
  reason: string | null;
  location: string | null;
  signerName: string | null;
  /** DocMDP permission level when this is a certification signature. */
  certificationLevel: 1 | 2 | 3 | null;
  integrity: { byteRangeOk: boolean; coversWholeRevision: boolean; digestOk: boolean; signatureOk: boolean; essCertificateOk: boolean | null };
  certificate: { chainOk: boolean; trusted: boolean; validAtSigningTime: boolean; keyUsageOk: boolean; path: string[]; indiaPki: IndiaPkiProfile | null };
  /**
   * The signer certificate's revocation status (`source` as "crl:dss", "ocsp:live", ...), and in
   * `checks` every certificate checked (signer, then issuing CAs) with where its answer came from.
   */
  revocation: { status: RevocationStatus; source: string | null; detail: string; checks: RevocationEntry[] };
  /** The revision this signature signs; `index` is 1-based (1 = the original document). */
  revision: { index: number; endOffset: number } | null;
  changesAfter: RevisionChange[];
  /** Every problem found, most serious first. */
  problems: string[];
}

export interface VerificationReport extends Verdict {
  revisions: number;
  signatureCount: number;
  /** Unsigned (empty) signature fields. */
  emptySignatureFields: string[];
  /** The last revision is the one some signature signs (nothing was added after all signatures). */
  lastRevisionCovered: boolean;
  /** Bytes after the last complete revision, which no reader accounts for. */
  trailingBytes: number;
  /** How the file is encrypted and was opened (standard security handler, empty user password), or null. */
  encryption: string | null;
  /**
   * Damaged structure mohar repaired to read the file, one sentence per repair (e.g. a wrong
   * startxref: the revision's objects were found by scanning the file); empty when none.
   */
  repairs: string[];
  /** What is broken in the file (truncated, a signature no field reaches, ...), in words; empty when nothing. */
  damage: string[];
  signatures: SignatureReport[];
}
