import { X509Certificate } from "node:crypto";
import { findSignatureFields, readPdfStructure } from "../pdf/index.js";
import { parseCms, parseTimestampToken } from "../pki/index.js";

/** The newest timestamp in a PDF (a document timestamp or a signature's timestamp) and when its TSA certificate ends. */
export interface NewestTimestamp {
  fieldName: string;
  kind: "document_timestamp" | "signature_timestamp";
  genTime: Date;
  /** notAfter of the certificate that signed the token; null when the token does not carry it. */
  tsaNotAfter: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function tokenOf(contents: Buffer, isDocTs: boolean): Buffer | null {
  try {
    // A document timestamp's /Contents is the token itself; a signature carries it unsigned.
    return isDocTs ? contents : parseCms(contents).timestampToken;
  } catch {
    return null;
  }
}

function tsaNotAfter(token: Buffer): Date | null {
  try {
    return new Date(new X509Certificate(parseCms(token).signerCertificate).validTo);
  } catch {
    return null;
  }
}

/** The newest timestamp of the PDF's signatures and document timestamps, or null when none is timestamped. */
export function newestTimestamp(pdf: Buffer): NewestTimestamp | null {
  const structure = readPdfStructure(pdf);
  const last = structure.revisions[structure.revisions.length - 1];
  if (!last) return null;
  let newest: NewestTimestamp | null = null;
  for (const f of findSignatureFields(last.objects, last.trailer.entries.get("Root"))) {
    const sig = f.signature;
    if (!sig?.contents) continue;
    const isDocTs = sig.subFilter === "ETSI.RFC3161" || sig.type === "DocTimeStamp";
    const token = tokenOf(sig.contents.bytes, isDocTs);
    if (!token) continue;
    let genTime: Date;
    try {
      genTime = parseTimestampToken(token).genTime;
    } catch {
      continue;
    }
    if (!newest || genTime > newest.genTime) {
      newest = { fieldName: f.fieldName, kind: isDocTs ? "document_timestamp" : "signature_timestamp", genTime, tsaNotAfter: tsaNotAfter(token) };
    }
  }
  return newest;
}

/**
 * Whether a signed PDF needs a new document timestamp now: its newest timestamp's TSA
 * certificate ends within `horizonDays` of `now` (or is unknown), or nothing in it is timestamped.
 * What the vault-wide re-timestamping job decides per latest signed version.
 */
export function dueForTimestamp(pdf: Buffer, now: Date, horizonDays: number): { due: boolean; newest: NewestTimestamp | null } {
  const newest = newestTimestamp(pdf);
  if (!newest || !newest.tsaNotAfter) return { due: true, newest };
  return { due: newest.tsaNotAfter.getTime() - now.getTime() <= horizonDays * DAY_MS, newest };
}
