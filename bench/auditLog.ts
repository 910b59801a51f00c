/**
 * Audit log numbers: throughput of concurrent appends, latency of a lone append (entry +
 * checkpoint), time to open a log of N entries and to check it whole, proof latency.
 * Usage: npx tsx bench/auditLog.ts [N=10000]
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AuditLog, loadOrCreateLogKey } from "../src/audit/index.js";
import { FsObjectStore } from "../src/store/index.js";
import { summarize, timeRuns } from "./stats.js";

const N = Number(process.argv[2] ?? 10_000);
const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-bench-audit-"));
try {
  const store = await FsObjectStore.open(path.join(dir, "store"));
  const key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), "bench.mohar/audit");
  const log = await AuditLog.open({ store, key });

  let t0 = performance.now();
  await Promise.all(
    Array.from({ length: N }, (_, i) =>
      log.append({ actor: `clerk-${i % 50}`, action: "document.download", documentId: `doc-${i % 500}`, version: 1, sha256: "ab".repeat(32), outcome: "success" }),
    ),
  );
  const appendMs = performance.now() - t0;
  console.log(`${N} concurrent appends: ${appendMs.toFixed(0)} ms = ${((N / appendMs) * 1000).toFixed(0)} appends/s, ${(await store.list("audit/checkpoints/")).length} checkpoints`);

  const lone = summarize(await timeRuns(50, () => log.append({ actor: "a", action: "document.verify", outcome: "success" })));
  console.log(`lone append (intent + entry + checkpoint): p50 ${lone.p50.toFixed(2)} ms, p99 ${lone.p99.toFixed(2)} ms`);
  await log.close();

  t0 = performance.now();
  const reopened = await AuditLog.open({ store, key });
  console.log(`open (checkpoint, hash tiles' right edge, tail) of ${reopened.size} entries: ${(performance.now() - t0).toFixed(0)} ms`);
  t0 = performance.now();
  const finding = await reopened.checkWholeLog();
  console.log(`whole-log check (mohar audit verify --store): ${(performance.now() - t0).toFixed(0)} ms${finding ? ` FINDING ${finding.reason}` : ""}`);

  const size = reopened.size;
  const inc = summarize(await timeRuns(1000, () => reopened.inclusionProof(Math.floor(Math.random() * size), size)));
  const con = summarize(await timeRuns(1000, () => reopened.consistencyProof(1 + Math.floor(Math.random() * (size - 1)), size)));
  console.log(`inclusion proof: p50 ${(inc.p50 * 1000).toFixed(0)} µs; consistency proof: p50 ${(con.p50 * 1000).toFixed(0)} µs`);
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(`process RSS after all of this: ${rss.toFixed(0)} MiB`);
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
