/**
 * Signing cost against the document's history (issue #16): signing a letter that already carries
 * 50 signatures against signing the same letter unsigned (same key, B-LT with the dev CRLs), in
 * interleaved rounds, each round's medians compared, and the median of the rounds' ratios kept.
 * Wall time and process CPU time are both measured: on a shared machine CPU time is the steadier.
 * The 50-signature file is about 0.44 MB (each signature reserves room for the CMS its key makes,
 * about 3.7 KB, 7.5 KB as hex, its chain without the root its /DSS holds; it was 24 KiB each, a
 * 2.5 MB file, before #16), and every signature must hash all of it (the ByteRange) and write it
 * out once again: those two costs grow with the file, whatever the signer parses, so they are
 * reported as the floor, with the ratio a signer that did nothing else for the history would reach.
 */
import { createHash } from "node:crypto";
import type { RevocationSource, SigningKey } from "../src/pki/index.js";
import { signOnce } from "./inProcess.js";

export interface HistoryCost {
  signatures: number;
  fileBytes: number;
  /** Medians of the rounds, in ms. */
  unsignedMs: number;
  signedMs: number;
  unsignedCpuMs: number;
  signedCpuMs: number;
  /** Median over rounds of (signed / unsigned), wall and CPU. */
  ratio: number;
  cpuRatio: number;
  /** CPU ms of SHA-256 over a fresh copy of the signed file: what any signer spends on a file this size. */
  fileFloorCpuMs: number;
  /** Median over rounds of ((signed - file floor) / unsigned), CPU: the cost the history adds beyond the file's size. */
  cpuRatioAboveFloor: number;
  /**
   * Median over rounds of ((unsigned + file floor) / unsigned), CPU: the least ratio any signer
   * reaches on this file, one that did for its history nothing but hash the file and copy it
   * into the output (the goal of 1.5x is out of reach when this is near it).
   */
  floorCpuRatio: number;
  /** Median over rounds of (signed - unsigned - file floor) / signatures, CPU µs: what each earlier signature still costs beyond hashing and copying its bytes. */
  cpuUsPerEarlierSignature: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** `pdf` signed `n` times in a row, as an office file collects signatures. */
export async function withSignatures(pdf: Buffer, n: number, key: SigningKey, revocation: RevocationSource): Promise<Buffer> {
  let out = pdf;
  for (let i = 0; i < n; i++) out = await signOnce(out, key, revocation);
  return out;
}

async function timed(fn: () => Promise<unknown>): Promise<[number, number]> {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const wall = performance.now() - t;
  const cpu = process.cpuUsage(c);
  return [wall, (cpu.user + cpu.system) / 1000];
}

/** SHA-256 over a fresh copy of `pdf`: what signing a file of this size must do whatever it parses. */
function fileFloor(pdf: Buffer): void {
  createHash("sha256").update(Buffer.concat([pdf, pdf.subarray(0, 1024)])).digest();
}

/** Interleaved rounds: in each, `perRound` signatures of each file, alternating. */
export async function historyCost(letter: Buffer, key: SigningKey, revocation: RevocationSource, rounds = 5, perRound = 9, signatures = 50): Promise<HistoryCost> {
  const signed = await withSignatures(letter, signatures, key, revocation);
  for (let i = 0; i < 5; i++) {
    await signOnce(letter, key, revocation);
    await signOnce(signed, key, revocation);
  }
  const rows: Array<{ a: number; b: number; ac: number; bc: number; floor: number }> = [];
  for (let round = 0; round < rounds; round++) {
    const samples: Array<[number, number, number, number, number]> = [];
    for (let i = 0; i < perRound; i++) {
      const [wa, ca] = await timed(() => signOnce(letter, key, revocation));
      const [wb, cb] = await timed(() => signOnce(signed, key, revocation));
      const [, cf] = await timed(async () => fileFloor(signed));
      samples.push([wa, wb, ca, cb, cf]);
    }
    const col = (i: number): number => median(samples.map((s) => s[i] as number));
    rows.push({ a: col(0), b: col(1), ac: col(2), bc: col(3), floor: col(4) });
  }
  const m = (f: (r: (typeof rows)[number]) => number): number => median(rows.map(f));
  return {
    signatures,
    fileBytes: signed.length,
    unsignedMs: m((r) => r.a),
    signedMs: m((r) => r.b),
    unsignedCpuMs: m((r) => r.ac),
    signedCpuMs: m((r) => r.bc),
    ratio: m((r) => r.b / r.a),
    cpuRatio: m((r) => r.bc / r.ac),
    fileFloorCpuMs: m((r) => r.floor),
    cpuRatioAboveFloor: m((r) => (r.bc - r.floor) / r.ac),
    floorCpuRatio: m((r) => (r.ac + r.floor) / r.ac),
    cpuUsPerEarlierSignature: m((r) => ((r.bc - r.ac - r.floor) / signatures) * 1000),
  };
}
