import fs from "node:fs";
import { isMoharError } from "../errors.js";
import { formatReport } from "./formatReport.js";
import { loadTrustAnchors, loadTrustAnchorsIfPresent } from "./trustAnchors.js";
import { verifyPdf } from "./verifyPdf.js";
import type { VerificationReport } from "./report.js";

/** Exit 0 only when every signature passed and nothing disallowed changed after any of them. */
export function exitCodeOf(r: VerificationReport): 0 | 1 {
  const clean = r.signatures.every((s) => s.status === "TOTAL_PASSED" && s.changesAfter.every((c) => c.classification === "allowed"));
  return r.signatureCount > 0 && clean && r.trailingBytes === 0 ? 0 : 1;
}

/**
 * `mohar verify FILE [--trust P] [--json]` without touching process state, so tests can call it.
 * Unreadable input (missing file, not a PDF, broken structure, bad trust path) exits 2.
 */
export function runVerifyCommand(file: string, trustPath: string, trustExplicit: boolean, json: boolean): { stdout: string; stderr: string; exitCode: 0 | 1 | 2 } {
  try {
    const anchors = trustExplicit ? loadTrustAnchors(trustPath) : loadTrustAnchorsIfPresent(trustPath);
    const report = verifyPdf(fs.readFileSync(file), { trustAnchors: anchors });
    return { stdout: json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report), stderr: "", exitCode: exitCodeOf(report) };
  } catch (e) {
    if (isMoharError(e) || (e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "EISDIR") {
      return { stdout: "", stderr: `mohar verify: ${(e as Error).message}\n`, exitCode: 2 };
    }
    throw e;
  }
}
