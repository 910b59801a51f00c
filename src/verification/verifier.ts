import { X509Certificate } from "node:crypto";
import type { WorkerPool } from "../worker/index.js";
import type { VerificationReport } from "./report.js";
import { verifyPdf } from "./verifyPdf.js";

/** A verifier bound to its trust anchors, as the HTTP layer uses it. */
export interface Verifier {
  verify(pdf: Buffer): Promise<VerificationReport>;
}

/** What crosses to the worker thread: certificates as DER, since X509Certificate cannot be cloned. */
interface VerifyTaskOptions {
  trustAnchors: Uint8Array[];
}

/** The worker imports this very module and calls its `verifyPdfTask`. */
const VERIFY_MODULE = new URL(import.meta.url);

/** Runs in a worker thread of the pool: `verifyPdf` with the anchors rebuilt from DER. */
export function verifyPdfTask(pdf: Buffer, opts: VerifyTaskOptions): VerificationReport {
  return verifyPdf(pdf, { trustAnchors: opts.trustAnchors.map((der) => new X509Certificate(der)) });
}

/**
 * Verifies on a worker thread of `pool`, under its time and memory bounds: verification of an
 * untrusted PDF is synchronous work that grows with revisions x objects (a 34 MB PDF of 50
 * revisions of 10k objects took 13 s), and on the main thread it would stall every request.
 */
export function createVerifier(trustAnchors: X509Certificate[], pool: WorkerPool): Verifier {
  const task: VerifyTaskOptions = { trustAnchors: trustAnchors.map((c) => c.raw) };
  return { verify: (pdf) => pool.run<VerificationReport>(VERIFY_MODULE, "verifyPdfTask", pdf, { args: [task], what: "verifying the PDF" }) };
}
