/**
 * Verification cost per signature (issue #16): a letter carrying 50 signatures (one officer, B-LT
 * with the dev CRLs) verified whole, its process CPU time divided by 50, in interleaved rounds
 * with the one-signature letter; and the one-signature letter with the per-process certificate
 * and CRL caches emptied before each run (`forgetParsedDer`): a document whose certificates and
 * CRLs the process has not seen yet, the cold case beside the warm one of `verifyLatency`.
 */
import type { X509Certificate } from "node:crypto";
import { forgetParsedDer } from "../src/pki/index.js";
import { verifyPdf } from "../src/verification/index.js";
import { summarize, type Summary } from "./stats.js";

export interface VerifyHistoryCost {
  signatures: number;
  fileBytes: number;
  /** Median over rounds of the 50-signature file's CPU ms / signatures. */
  perSignatureCpuMs: number;
  /** Median over rounds of the one-signature letter's CPU ms, in the same rounds. */
  letterCpuMs: number;
  /** The one-signature letter with the certificate and CRL caches emptied before each run (CPU ms). */
  letterColdCachesMs: Summary;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function cpuMs(fn: () => void): number {
  const c = process.cpuUsage();
  fn();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
}

export function verifyHistoryCost(many: Buffer, signatures: number, letter: Buffer, anchors: X509Certificate[], rounds = 5, perRound = 3): VerifyHistoryCost {
  const verify = (pdf: Buffer): void => {
    verifyPdf(pdf, { trustAnchors: anchors });
  };
  const report = verifyPdf(many, { trustAnchors: anchors });
  if (report.signatureCount !== signatures || report.signatures.some((s) => !(s.integrity.digestOk && s.integrity.signatureOk))) throw new Error("benchmark input does not verify");
  verify(many);
  const rows: Array<{ many: number; letter: number }> = [];
  for (let round = 0; round < rounds; round++) {
    const m: number[] = [];
    const l: number[] = [];
    for (let i = 0; i < perRound; i++) {
      m.push(cpuMs(() => verify(many)));
      for (let j = 0; j < 5; j++) l.push(cpuMs(() => verify(letter)));
    }
    rows.push({ many: median(m) / signatures, letter: median(l) });
  }
  const cold: number[] = [];
  for (let i = 0; i < 40; i++) {
    forgetParsedDer();
    cold.push(cpuMs(() => verify(letter)));
  }
  return {
    signatures,
    fileBytes: many.length,
    perSignatureCpuMs: median(rows.map((r) => r.many)),
    letterCpuMs: median(rows.map((r) => r.letter)),
    letterColdCachesMs: summarize(cold),
  };
}
