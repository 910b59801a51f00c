import type { X509Certificate } from "node:crypto";
import type { RevocationSource, SigningKey } from "../src/pki/index.js";
import { signDocument } from "../src/signing/index.js";
import { verifyPdf } from "../src/verification/index.js";
import { summarize, timeRuns, type Summary } from "./stats.js";

const officer = { officerId: "bench", name: "Bench Officer", designation: "Deputy Secretary" };

/** Signs as the service does by default: B-LT, with the CRLs of `revocation` checked and embedded. */
export async function signOnce(pdf: Buffer, key: SigningKey, revocation: RevocationSource): Promise<Buffer> {
  return (await signDocument({ pdf, key, officer, reason: "benchmark", revocation })).pdf;
}

/** Steady-state latency: a quarter as many untimed runs first, so JIT compilation of the PDF code is not billed to p50. */
const warmupFor = (n: number): number => Math.max(2, Math.ceil(n / 4));

export async function signLatency(pdf: Buffer, key: SigningKey, revocation: RevocationSource, n: number): Promise<Summary> {
  return summarize(await timeRuns(n, () => signOnce(pdf, key, revocation), warmupFor(n)));
}

/** Verifies a signed PDF; throws unless every signature is cryptographically intact. */
export async function verifyLatency(signed: Buffer, anchors: X509Certificate[], n: number): Promise<Summary> {
  const report = verifyPdf(signed, { trustAnchors: anchors });
  const broken = report.signatures.filter((s) => !(s.integrity.digestOk && s.integrity.signatureOk));
  if (report.signatures.length === 0 || broken.length > 0) throw new Error("benchmark input does not verify");
  return summarize(await timeRuns(n, () => verifyPdf(signed, { trustAnchors: anchors }), warmupFor(n)));
}
