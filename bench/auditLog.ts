/**
 * Audit log numbers: concurrent appends per second (each round a fresh log taking N appends at
 * once, median of rounds), beside the storage floor measured in the same rounds, interleaved: how
 * many fsync'd create-only puts of a 100 kB object the store does per second one after another
 * (a batch of up to 500 appends costs a handful of such puts: intent, bundles, tiles,
 * checkpoint). Then, on the last log: a lone append's latency, open, the whole-log check, proofs.
 * Usage: npx tsx bench/auditLog.ts [N=10000] [--rounds 3] [--json]
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AuditLog, loadOrCreateLogKey } from "../src/audit/index.js";
import { FsObjectStore } from "../src/store/index.js";
import { summarize, timeRuns } from "./stats.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const roundsAt = args.indexOf("--rounds");
const ROUNDS = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 3;
const N = Number(args.find((a, i) => !a.startsWith("--") && i !== roundsAt + 1) ?? 10_000);
const say = (line: string): void => void console.error(line);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-bench-audit-"));
try {
  const key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), "bench.mohar/audit");
  const appendRates: number[] = [];
  const putRates: number[] = [];
  let store: FsObjectStore | undefined;
  let log: AuditLog | undefined;
  for (let r = 0; r < ROUNDS; r += 1) {
    const floorStore = await FsObjectStore.open(path.join(dir, `floor-${r}`));
    const body = Buffer.alloc(100_000, r);
    let t0 = performance.now();
    for (let i = 0; i < 20; i += 1) await floorStore.putIfAbsent(`floor/${i}`, body);
    putRates.push((20 / (performance.now() - t0)) * 1000);
    await floorStore.close();

    await log?.close();
    store = await FsObjectStore.open(path.join(dir, `store-${r}`));
    log = await AuditLog.open({ store, key });
    const l = log;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: N }, (_, i) =>
        l.append({ actor: `clerk-${i % 50}`, action: "document.download", documentId: `doc-${i % 500}`, version: 1, sha256: "ab".repeat(32), outcome: "success" }),
      ),
    );
    const ms = performance.now() - t0;
    appendRates.push((N / ms) * 1000);
    say(`round ${r + 1}: ${N} concurrent appends in ${ms.toFixed(0)} ms = ${appendRates.at(-1)!.toFixed(0)} appends/s, ${(await store.list("audit/checkpoints/")).length} checkpoints; floor ${putRates.at(-1)!.toFixed(0)} puts/s`);
  }
  const appendsPerSecond = median(appendRates);
  const floorPutsPerSecond = median(putRates);
  say(`concurrent appends: median ${appendsPerSecond.toFixed(0)}/s over ${ROUNDS} rounds; floor median ${floorPutsPerSecond.toFixed(0)} fsync'd 100 kB puts/s: ${(appendsPerSecond / floorPutsPerSecond).toFixed(0)} appends per put`);

  const lone = summarize(await timeRuns(50, () => log!.append({ actor: "a", action: "document.verify", outcome: "success" })));
  say(`lone append (intent, bundle, tiles, checkpoint): p50 ${lone.p50.toFixed(2)} ms, p99 ${lone.p99.toFixed(2)} ms`);
  await log!.close();

  let t0 = performance.now();
  const reopened = await AuditLog.open({ store: store!, key });
  const openMs = performance.now() - t0;
  say(`open (checkpoint, hash tiles' right edge, tail) of ${reopened.size} entries: ${openMs.toFixed(0)} ms`);
  t0 = performance.now();
  const finding = await reopened.checkWholeLog();
  const checkMs = performance.now() - t0;
  say(`whole-log check (mohar audit verify --store): ${checkMs.toFixed(0)} ms${finding ? ` FINDING ${finding.reason}` : ""}`);

  const size = reopened.size;
  const inc = summarize(await timeRuns(1000, () => reopened.inclusionProof(Math.floor(Math.random() * size), size)));
  const con = summarize(await timeRuns(1000, () => reopened.consistencyProof(1 + Math.floor(Math.random() * (size - 1)), size)));
  say(`inclusion proof: p50 ${(inc.p50 * 1000).toFixed(0)} µs; consistency proof: p50 ${(con.p50 * 1000).toFixed(0)} µs`);
  await reopened.close();
  if (json) console.log(JSON.stringify({ n: N, rounds: ROUNDS, appendRates, putRates, appendsPerSecond, floorPutsPerSecond, loneAppendMs: lone, openMs, checkMs, inclusionProofMs: inc, consistencyProofMs: con }));
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
