import type { X509Certificate } from "node:crypto";
import { describeX509 } from "../common/certificateInfo.js";
import { weakPairMemo } from "../common/weakMemo.js";

export interface ChainValidation {
  /** A path was built to a self-signed root or a trust anchor and every signature on it verifies. */
  chainOk: boolean;
  /** The path ends at one of the configured trust anchors. */
  trusted: boolean;
  /** Every certificate on the path was within its validity period at `at`. */
  validAtTime: boolean;
  /** Leaf first; ends with the anchor when trusted. */
  path: X509Certificate[];
  problems: string[];
}

const MAX_DEPTH = 10;

/**
 * Whether `issuer` issued `child` and its signature on it verifies, remembered per pair of
 * certificate objects (#16): both are read once per DER (pki/common/derCache.ts), so a chain seen
 * again (every signature of an officer, every document) is not checked with RSA again; the
 * answer depends on nothing but the two certificates' bytes.
 */
export const issuedBy = weakPairMemo((child: X509Certificate, issuer: X509Certificate): boolean => {
  try {
    return child.checkIssued(issuer) && child.verify(issuer.publicKey);
  } catch {
    return false;
  }
});

/** RFC 4514 subject, as reports show it everywhere. */
export function subjectOf(c: X509Certificate): string {
  return describeX509(c).subject;
}

export function withinValidity(c: X509Certificate, at: Date): boolean {
  // NaN from an unreadable date fails both comparisons, so such a certificate is never "valid".
  const t = at.getTime();
  return Date.parse(c.validFrom) <= t && t <= Date.parse(c.validTo);
}

/**
 * Builds a path from `leaf` through `pool` (certificates from the CMS and the DSS) to one of
 * `anchors`, checking signatures, CA flags, keyCertSign and validity at `at` (the signing time).
 */
export function validateChain(leaf: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[], at: Date): ChainValidation {
  const problems: string[] = [];
  const path: X509Certificate[] = [leaf];
  let trusted = false;
  let complete = false;
  let cur = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (anchors.some((a) => a.raw.equals(cur.raw))) {
      trusted = complete = true;
      break;
    }
    const anchor = anchors.find((a) => issuedBy(cur, a));
    if (anchor) {
      path.push(anchor);
      trusted = complete = true;
      break;
    }
    if (issuedBy(cur, cur)) {
      complete = true;
      problems.push(`the chain ends at a self-signed certificate that is not a trust anchor (${subjectOf(cur)})`);
      break;
    }
    const next = pool.find((c) => !path.some((p) => p.raw.equals(c.raw)) && issuedBy(cur, c));
    if (!next) {
      problems.push(`no issuer found for ${subjectOf(cur)}`);
      break;
    }
    path.push(next);
    cur = next;
  }
  if (!complete && problems.length === 0) problems.push("the certificate chain is too long");
  for (const ca of path.slice(1)) {
    const ku = describeX509(ca).keyUsage;
    if (!ca.ca) problems.push(`issuer ${subjectOf(ca)} is not a CA certificate`);
    else if (ku && !ku.includes("keyCertSign")) problems.push(`issuer ${subjectOf(ca)} may not sign certificates (key usage)`);
  }
  const expired = path.filter((c) => !withinValidity(c, at));
  for (const c of expired) problems.push(`${subjectOf(c)} was not valid at ${at.toISOString()} (valid ${c.validFrom} to ${c.validTo})`);
  const caOk = path.slice(1).every((ca) => ca.ca && (describeX509(ca).keyUsage?.includes("keyCertSign") ?? true));
  return { chainOk: complete && caOk, trusted: trusted && caOk, validAtTime: expired.length === 0, path, problems };
}
