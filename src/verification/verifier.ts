import type { X509Certificate } from "node:crypto";
import { x509Once } from "../pki/index.js";
import type { WorkerPool } from "../worker/index.js";
import { lookOutside, type OutsideRevocation, type RevocationSources } from "./outsideRevocation.js";
import type { VerificationReport } from "./report.js";
import { verifyPdfPass, type VerifyPass } from "./verifyPdf.js";

/** A verifier bound to its trust anchors and revocation sources, as the HTTP layer uses it. */
export interface Verifier {
  verify(pdf: Buffer): Promise<VerificationReport>;
}

/** One verification pass of `pdf`, with or without revocation data from outside it. */
export type VerifyRun = (pdf: Buffer, outside: OutsideRevocation | null) => Promise<VerifyPass>;

/**
 * The verification use case, for HTTP and `mohar verify` alike: a first pass with the PDF's own
 * data; when it leaves certificates undecided and outside sources are configured, those are
 * asked (CRL directory, then live OCSP/CRL) and a second pass judges with their answers. Without
 * sources, or when they add nothing, the first pass's report is the answer.
 */
export async function verifyWithSources(pdf: Buffer, run: VerifyRun, sources: RevocationSources | null): Promise<VerificationReport> {
  const first = await run(pdf, null);
  if (!sources || first.undecided.length === 0) return first.report;
  const outside = await lookOutside(first.undecided, sources);
  return outside ? (await run(pdf, outside)).report : first.report;
}

/** What crosses to the worker thread: certificates as DER, since X509Certificate cannot be cloned. */
interface VerifyTaskOptions {
  trustAnchors: Uint8Array[];
  outside: OutsideRevocation | null;
}

/** The worker imports this very module and calls its `verifyPdfTask`. */
const VERIFY_MODULE = new URL(import.meta.url);

/** Runs in a worker thread of the pool: `verifyPdfPass` with the anchors rebuilt from DER. */
export function verifyPdfTask(pdf: Buffer, opts: VerifyTaskOptions): VerifyPass {
  return verifyPdfPass(pdf, { trustAnchors: opts.trustAnchors.map((der) => x509Once(der)), outside: opts.outside });
}

/**
 * Verifies on a worker thread of `pool`, under its time and memory bounds: verification of an
 * untrusted PDF is synchronous work that grows with revisions x objects (a 34 MB PDF of 50
 * revisions of 10k objects took 13 s), and on the main thread it would stall every request.
 * Revocation data is fetched on the main thread, between the passes, through `sources`.
 */
export function createVerifier(trustAnchors: X509Certificate[], pool: WorkerPool, sources: RevocationSources | null = null): Verifier {
  const anchors = trustAnchors.map((c) => c.raw);
  const run: VerifyRun = (pdf, outside) => pool.run<VerifyPass>(VERIFY_MODULE, "verifyPdfTask", pdf, { args: [{ trustAnchors: anchors, outside }], what: "verifying the PDF" });
  return { verify: (pdf) => verifyWithSources(pdf, run, sources) };
}
