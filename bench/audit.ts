/**
 * `npm run bench:audit`: the audit log at state scale (#17), apart from `npm run bench` because
 * seeding and checking a million entries takes a minute or two. Runs bench/auditLog.ts
 * (concurrent appends/s, median of rounds, beside the storage floor measured interleaved) and
 * bench/auditOpen.ts (open time for 10k, 100k and 1M entries; the whole-log check of each in its
 * own process with a 64 MiB old-generation heap cap, and its peak RSS), each in its own process;
 * prints a table and writes JSON to $BENCH_OUT (default bench-out-audit.json).
 * BENCH_AUDIT_SIZES overrides the log sizes (comma-separated).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";

const out = process.env.BENCH_OUT ?? "bench-out-audit.json";
const sizes = (process.env.BENCH_AUDIT_SIZES ?? "10000,100000,1000000").split(",");
const started = performance.now();
const run = (script: string, args: string[]): unknown =>
  JSON.parse(execFileSync(process.execPath, ["--import", "tsx", script, ...args, "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));

const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(" ");
const loadBefore = load();
const appends = run("bench/auditLog.ts", ["10000", "--rounds", "5"]) as { appendsPerSecond: number; floorPutsPerSecond: number; appendRates: number[]; loneAppendMs: { p50: number } };
const opens = run("bench/auditOpen.ts", [...sizes, "--rounds", "7"]) as Array<{ n: number; medianMs: number; verify: { ms: number; maxRssMiB: number; size: number; finding: string | null } }>;
const ms = opens.map((o) => o.medianMs);
const result = {
  machine: { cpus: os.availableParallelism(), node: process.version, date: new Date().toISOString(), loadBefore, loadAfter: load() },
  appends,
  opens,
  targets: {
    appendsAtLeast5000PerSecond: appends.appendsPerSecond >= 5000,
    openUnder1s: ms.every((m) => m < 1000),
    openWithin2xAcrossSizes: Math.max(...ms) / Math.min(...ms) <= 2,
    verifyFindsNothing: opens.every((o) => o.verify.finding === null && o.verify.size === o.n),
  },
  seconds: (performance.now() - started) / 1000,
};
await fs.writeFile(out, `${JSON.stringify(result, null, 2)}\n`);

const rows: [string, string, string][] = [
  ["concurrent appends/s (10,000 at once, median of 5 rounds)", appends.appendsPerSecond.toFixed(0), `target >= 5,000; rounds ${appends.appendRates.map((r) => r.toFixed(0)).join(", ")}`],
  ["floor: fsync'd 100 kB create-only puts/s, one at a time", appends.floorPutsPerSecond.toFixed(0), `${(appends.appendsPerSecond / appends.floorPutsPerSecond).toFixed(0)} appends per put`],
  ["lone append, p50 (ms)", appends.loneAppendMs.p50.toFixed(1), "intent, bundle, tiles, checkpoint"],
  ...opens.map((o): [string, string, string] => [`open a log of ${o.n.toLocaleString("en")} entries, median (ms)`, o.medianMs.toFixed(1), `${(o.medianMs / Math.min(...ms)).toFixed(2)}x the fastest (target < 1 s, within 2x)`]),
  ...opens.map((o): [string, string, string] => [`whole-log check of ${o.n.toLocaleString("en")} entries (s, peak RSS MiB)`, `${(o.verify.ms / 1000).toFixed(1)}, ${o.verify.maxRssMiB.toFixed(0)}`, o.verify.finding ?? "intact; streamed under a 64 MiB heap cap"]),
];
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`| ${"measure".padEnd(w0)} | ${"value".padEnd(w1)} | note |`);
console.log(`|${"-".repeat(w0 + 2)}|${"-".repeat(w1 + 2)}|------|`);
for (const [a, b, c] of rows) console.log(`| ${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c} |`);
console.log(`\n${os.availableParallelism()} cores, ${process.version}, load ${loadBefore} -> ${result.machine.loadAfter}; ${result.seconds.toFixed(0)} s; JSON in ${out}`);
