/**
 * Time to open an audit log of N entries, for several N, median of rounds; and the whole-log
 * check (`mohar audit verify --store`) of each, in its own process, with its peak RSS (it
 * streams the entry bundles: the peak should not grow with N). The log is seeded straight onto
 * disk in the store's layout (C2SP entry bundles, hash tiles, a signed checkpoint at the end),
 * so a million entries load in a minute instead of what real appends would take on a shared
 * machine. With --legacy the entries are seeded one object each (a log from before bundles):
 * the first open then reads the whole log and converts it, and later opens are quick.
 * Usage: npx tsx bench/auditOpen.ts [N...] (default 10000 100000) [--rounds 3] [--legacy] [--no-verify]
 * Prints one JSON line per N on stdout with --json.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AuditLog, loadOrCreateLogKey, type LogKey } from "../src/audit/index.js";
import { checkpointBody } from "../src/audit/checkpoint.js";
import { encodeEntry, entryHash, GENESIS_HASH } from "../src/audit/entry.js";
import { leafHash, MerkleTree } from "../src/audit/merkle.js";
import { bundleKey, encodeBundle } from "../src/audit/bundles.js";
import { checkpointKey, entryKey } from "../src/audit/storageKeys.js";
import { execFileSync } from "node:child_process";
import { FsObjectStore } from "../src/store/index.js";
import { TiledTree } from "../src/audit/tiles.js";
import { mapLimit } from "../src/audit/mapLimit.js";

const legacy = process.argv.includes("--legacy");
const verify = !process.argv.includes("--no-verify");
const json = process.argv.includes("--json");
const args = process.argv.slice(2).filter((a) => !a.startsWith("--") || a === "--rounds");
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
  const CHUNK = 10_240;
  for (let from = 0; from < n; from += CHUNK) {
    const batch: Array<{ seq: number; bytes: Buffer }> = [];
    for (let seq = from; seq < Math.min(n, from + CHUNK); seq += 1) {
      const bytes = encodeEntry({ seq, time, actor: `clerk-${seq % 50}`, action: "document.download", documentId: `doc-${seq % 500}`, version: 1, outcome: "success", prevHash: prev });
      prev = entryHash(bytes);
      tree.append(leafHash(bytes));
      tiles?.append(leafHash(bytes));
      batch.push({ seq, bytes });
    }
    if (legacy) {
      await mapLimit(batch, 64, (b) => fs.writeFile(path.join(root, ...entryKey(b.seq).split("/")), b.bytes));
    } else {
      const bundles = Array.from({ length: Math.ceil(batch.length / 256) }, (_, i) => batch.slice(i * 256, (i + 1) * 256));
      await mapLimit(bundles, 16, async (b) => {
        const file = path.join(root, ...bundleKey(b[0]!.seq / 256, b.length).split("/"));
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, encodeBundle(b.map((x) => x.bytes)));
      });
    }
    await tiles?.flush();
  }
  const note = key.sign(checkpointBody({ origin: key.name, size: n, root: tree.root(n), time }));
  await fs.mkdir(path.join(root, "audit", "checkpoints"), { recursive: true });
  await fs.writeFile(path.join(root, ...checkpointKey(n).split("/")), note);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The whole-log check in a child process: its time and peak RSS (bench/auditVerifyChild.ts). */
function verifyInChild(storeDir: string, keyFile: string): { ms: number; maxRssMiB: number; size: number; finding: string | null } {
  // A 64 MiB cap on V8's old generation: a check that held the log in memory could not finish.
  const out = execFileSync(process.execPath, ["--max-old-space-size=64", "--import", "tsx", "bench/auditVerifyChild.ts", storeDir, keyFile], { encoding: "utf8" });
  return JSON.parse(out) as { ms: number; maxRssMiB: number; size: number; finding: string | null };
}

const results: Array<{ n: number; firstOpenMs: number; openMs: number[]; medianMs: number; verify?: ReturnType<typeof verifyInChild> }> = [];
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
    const checked = verify ? verifyInChild(path.join(dir, "store"), path.join(dir, "audit-key.pem")) : undefined;
    results.push({ n, firstOpenMs, openMs, medianMs: median(openMs), verify: checked });
    console.error(`${n} entries${legacy ? " (one object each)" : ""}: first open ${firstOpenMs.toFixed(0)} ms; open ${openMs.map((m) => m.toFixed(0)).join(", ")} ms (median ${median(openMs).toFixed(0)} ms)`);
    if (checked) console.error(`  whole-log check: ${checked.size} entries in ${(checked.ms / 1000).toFixed(1)} s, peak RSS ${checked.maxRssMiB.toFixed(0)} MiB${checked.finding ? `, FINDING ${checked.finding}` : ""}`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
if (results.length > 1) {
  const ms = results.map((r) => r.medianMs);
  console.error(`largest / smallest median open: ${(Math.max(...ms) / Math.min(...ms)).toFixed(2)}x`);
}
if (json) console.log(JSON.stringify(results));
