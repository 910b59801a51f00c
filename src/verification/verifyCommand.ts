import fs from "node:fs";
import { isMoharError } from "../errors.js";
import { LiveRevocation, RevocationSource, type FetchLimits } from "../pki/index.js";
import { formatReport } from "./formatReport.js";
import type { RevocationSources } from "./outsideRevocation.js";
import { loadTrustAnchors, loadTrustAnchorsIfPresent } from "./trustAnchors.js";
import { verifyWithSources } from "./verifier.js";
import { verifyPdfPass } from "./verifyPdf.js";
import type { VerificationReport } from "./report.js";

/** Exit 0 only when every signature passed and nothing disallowed changed after them. */
export function exitCodeOf(r: VerificationReport): 0 | 1 {
  const clean = r.signatures.every((s) => s.status === "TOTAL_PASSED" && s.changesAfter.every((c) => c.classification === "allowed"));
  return r.signatureCount > 0 && clean && r.trailingBytes === 0 ? 0 : 1;
}

/** Where `mohar verify` looks for revocation data beyond the PDF's own (CRL_DIR, REVOCATION_FETCH, or their options). */
export interface VerifyCommandRevocation {
  /** A directory of CRLs; null: none. */
  crlDir: string | null;
  /** Whether the directory was named on the command line (then it must exist). */
  crlDirExplicit: boolean;
  /** Limits for fetching OCSP/CRLs named in trusted chains; null: no fetching. */
  fetch: FetchLimits | null;
}

function sourcesOf(r: VerifyCommandRevocation): RevocationSources {
  const offline = r.crlDir ? (r.crlDirExplicit ? RevocationSource.fromDir(r.crlDir) : RevocationSource.fromDirIfPresent(r.crlDir)) : RevocationSource.empty();
  return { offline, live: r.fetch ? new LiveRevocation(r.fetch) : null };
}

/** What `mohar verify` prints and exits with, and how many signatures it verified. */
export interface VerifyCommandResult {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1 | 2;
  signatureCount: number;
}

/**
 * `mohar verify FILE [--trust P] [--json]` without touching process state, so tests can call it.
 * Unreadable input (missing file, not a PDF, broken structure, bad trust path or CRL directory) exits 2.
 */
export async function runVerifyCommand(
  file: string,
  trustPath: string,
  trustExplicit: boolean,
  json: boolean,
  revocation: VerifyCommandRevocation | null = null,
): Promise<VerifyCommandResult> {
  try {
    const anchors = trustExplicit ? loadTrustAnchors(trustPath) : loadTrustAnchorsIfPresent(trustPath);
    const sources = revocation ? sourcesOf(revocation) : null;
    const report = await verifyWithSources(fs.readFileSync(file), async (pdf, outside) => verifyPdfPass(pdf, { trustAnchors: anchors, outside }), sources);
    return { stdout: json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report), stderr: "", exitCode: exitCodeOf(report), signatureCount: report.signatureCount };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (isMoharError(e) || code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR" || /does not hold a readable CRL/.test((e as Error).message)) {
      return { stdout: "", stderr: `mohar verify: ${(e as Error).message}\n`, exitCode: 2, signatureCount: 0 };
    }
    throw e;
  }
}
