/**
 * Time to open an audit log of N entries, for several N, median of rounds. The log is seeded
 * straight onto disk in the store's layout (one object per entry, its hash tiles, a signed
 * checkpoint at the end), so a million entries load in minutes instead of the hours real
 * appends would take on a shared machine. With --legacy no tiles are seeded (a log from before
 * them): the first open then reads the whole log and stores its tiles, and later opens are quick.
 * Usage: npx tsx bench/auditOpen.ts [N...] (default 10000 100000) [--rounds 3] [--legacy]
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AuditLog, loadOrCreateLogKey, type LogKey } from "../src/audit/index.js";
import { checkpointBody } from "../src/audit/checkpoint.js";
import { encodeEntry, entryHash, GENESIS_HASH } from "../src/audit/entry.js";
import { leafHash, MerkleTree } from "../src/audit/merkle.js";
import { checkpointKey, entryKey } from "../src/audit/storageKeys.js";
import { FsObjectStore } from "../src/store/index.js";
import { TiledTree } from "../src/audit/tiles.js";
import { mapLimit } from "../src/audit/mapLimit.js";

const legacy = process.argv.includes("--legacy");
const args = process.argv.slice(2).filter((a) => a !== "--legacy");
const roundsAt = args.indexOf("--rounds");
const ROUNDS = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 3;
const sizes = (roundsAt >= 0 ? args.filter((_, i) => i !== roundsAt && i !== roundsAt + 1) : args).map(Number);
if (sizes.length === 0) sizes.push(10_000, 100_000);

/** Writes entries 0..n-1 and one checkpoint for size n as the log itself would have. */
async function seed(root: string, key: LogKey, n: number): Promise<void> {
  const tree = new MerkleTree();
  const tiles = legacy ? null : TiledTree.empty(await FsObjectStore.open(root));
  let prev = GENESIS_HASH;
  const time = new Date().toISOString();
  const dir = path.join(root, "audit", "entries");
  await fs.mkdir(dir, { recursive: true });
  const CHUNK = 10_000;
  for (let from = 0; from < n; from += CHUNK) {
    const batch: Array<{ seq: number; bytes: Buffer }> = [];
    for (let seq = from; seq < Math.min(n, from + CHUNK); seq += 1) {
      const bytes = encodeEntry({ seq, time, actor: `clerk-${seq % 50}`, action: "document.download", documentId: `doc-${seq % 500}`, version: 1, outcome: "success", prevHash: prev });
      prev = entryHash(bytes);
      tree.append(leafHash(bytes));
      tiles?.append(leafHash(bytes));
      batch.push({ seq, bytes });
    }
    await mapLimit(batch, 64, (b) => fs.writeFile(path.join(root, ...entryKey(b.seq).split("/")), b.bytes));
    await tiles?.flush();
  }
  const note = key.sign(checkpointBody({ origin: key.name, size: n, root: tree.root(n), time }));
  await fs.mkdir(path.join(root, "audit", "checkpoints"), { recursive: true });
  await fs.writeFile(path.join(root, ...checkpointKey(n).split("/")), note);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const results: Array<{ n: number; firstOpenMs: number; openMs: number[]; medianMs: number }> = [];
for (const n of sizes) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-bench-open-"));
  try {
    const key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), "bench.mohar/audit");
    let t0 = performance.now();
    await seed(path.join(dir, "store"), key, n);
    console.error(`seeded ${n} entries in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const store = await FsObjectStore.open(path.join(dir, "store"));
    t0 = performance.now();
    await (await AuditLog.open({ store, key })).close();
    const firstOpenMs = performance.now() - t0;
    const openMs: number[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      t0 = performance.now();
      const log = await AuditLog.open({ store, key });
      openMs.push(performance.now() - t0);
      await log.close();
    }
    results.push({ n, firstOpenMs, openMs, medianMs: median(openMs) });
    console.log(`${n} entries${legacy ? " (no tiles yet)" : ""}: first open ${firstOpenMs.toFixed(0)} ms; open ${openMs.map((m) => m.toFixed(0)).join(", ")} ms (median ${median(openMs).toFixed(0)} ms)`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
if (results.length > 1) {
  const ms = results.map((r) => r.medianMs);
  console.log(`largest / smallest median open: ${(Math.max(...ms) / Math.min(...ms)).toFixed(2)}x`);
}
