import type { TimestampVerification } from "../pki/index.js";
import { subjectOf } from "../pki/index.js";
import type { Finding } from "./verdict.js";

/** A document timestamp that verified: it proves everything up to its revision existed at `time`. */
export interface ExistenceProof {
  /** 1-based revision the document timestamp covers. */
  revision: number;
  time: Date;
}

/**
 * PAdES B-LTA (ETSI EN 319 102-1, past signature validation): a timestamp whose TSA certificate
 * (or an issuer) has expired by the validation time proves its time only when a later document
 * timestamp, itself valid, shows the timestamp existed while that certificate was still valid.
 * Returns the finding that withholds the proof, or null when the timestamp still proves its time.
 */
export function expiredTimestampFinding(stamp: TimestampVerification, revision: number | null, now: Date, proofs: readonly ExistenceProof[]): Finding | null {
  const path = stamp.chain?.path ?? [];
  if (path.length === 0) return null;
  const first = path.reduce((a, b) => (Date.parse(b.validTo) < Date.parse(a.validTo) ? b : a));
  const expiry = Date.parse(first.validTo);
  if (!(now.getTime() > expiry)) return null;
  const proof = proofs.find((p) => revision !== null && p.revision > revision && p.time.getTime() <= expiry);
  if (proof) return null;
  return {
    status: "INDETERMINATE",
    subIndication: "OUT_OF_BOUNDS_NO_POE",
    reason: `the timestamp's TSA certificate ${subjectOf(first)} expired at ${new Date(expiry).toISOString()}, before the validation time ${now.toISOString()}, and no later document timestamp proves the timestamp existed while it was valid`,
  };
}
