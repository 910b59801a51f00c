/**
 * `mohar verify FILE` as a whole process against `pdfsig FILE` on the same signed one-page letter
 * (issue #16), in interleaved rounds: wall time and the child's CPU time (user + system, from the
 * shell's `times`), medians of each round, then the median of the rounds' ratios. It runs the
 * built CLI (dist/cli.js, as `npx mohar` does), so `npm run build` first; without dist/ or pdfsig
 * it reports nothing. `npm run bench` runs this file as a child process of its own. Inside the
 * whole bench pdfsig has been billed 670-720 ms of CPU per run (24-34 ms when this file runs
 * alone), for a reason not found yet: compare with a run of this file alone.
 * Usage: npx tsx bench/verifyCli.ts SIGNED.pdf [rounds] (prints JSON)
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface ProcessCost {
  wallMs: number;
  cpuMs: number;
}

export interface VerifyCliCost {
  mohar: ProcessCost;
  pdfsig: ProcessCost;
  /** `node EMPTY.mjs`: what starting Node alone costs, in the same rounds (the floor under mohar's figure). */
  node: ProcessCost;
  /** mohar with NODE_DISABLE_COMPILE_CACHE=1: neither Node's compile cache nor the verify script's code cache. */
  moharUncached: ProcessCost;
  /** Median over rounds of mohar / pdfsig. */
  wallRatio: number;
  cpuRatio: number;
  /** Median over rounds of node / pdfsig: the part of the ratio Node's start takes before mohar runs a line. */
  nodeWallRatio: number;
  nodeCpuRatio: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Runs `cmd args` once through bash, whose `times` gives the child's CPU time. */
function runOnce(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): ProcessCost {
  const t = performance.now();
  const r = spawnSync("bash", ["-c", '"$@" >/dev/null 2>&1; times', "bash", cmd, ...args], { encoding: "utf8", env });
  const wallMs = performance.now() - t;
  // The second line of `times` is the children's user and system time, e.g. "0m0.512s 0m0.201s".
  const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s\s*$/.exec(r.stdout.trim().split("\n")[1] ?? "");
  if (!m) throw new Error(`cannot read the CPU time of ${cmd}: ${r.stdout}${r.stderr}`);
  const cpuMs = (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000;
  return { wallMs, cpuMs };
}

function available(cmd: string): boolean {
  return spawnSync("bash", ["-c", `command -v ${cmd}`]).status === 0;
}

/**
 * Null when dist/cli.js or pdfsig is missing. Each round runs mohar, pdfsig, Node on an empty
 * module and mohar without its caches `perRound` times each, interleaved; one run of each before
 * the rounds fills the caches (as a user's first `mohar verify` does).
 */
export function verifyCliCost(signedPdf: string, rounds = 5, perRound = 5): VerifyCliCost | null {
  if (!fs.existsSync("dist/cli.js") || !available("pdfsig")) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-verify-cli-"));
  try {
    const empty = path.join(dir, "empty.mjs");
    fs.writeFileSync(empty, "");
    const uncached = { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" };
    const runs = {
      mohar: (): ProcessCost => runOnce(process.execPath, ["dist/cli.js", "verify", signedPdf]),
      pdfsig: (): ProcessCost => runOnce("pdfsig", [signedPdf]),
      node: (): ProcessCost => runOnce(process.execPath, [empty]),
      moharUncached: (): ProcessCost => runOnce(process.execPath, ["dist/cli.js", "verify", signedPdf], uncached),
    };
    type Name = keyof typeof runs;
    const names = Object.keys(runs) as Name[];
    for (const n of names) runs[n]();
    const rows: Array<Record<Name, ProcessCost>> = [];
    for (let round = 0; round < rounds; round++) {
      const got = Object.fromEntries(names.map((n) => [n, [] as ProcessCost[]])) as Record<Name, ProcessCost[]>;
      for (let i = 0; i < perRound; i++) for (const n of names) got[n].push(runs[n]());
      const med = (xs: ProcessCost[]): ProcessCost => ({ wallMs: median(xs.map((x) => x.wallMs)), cpuMs: median(xs.map((x) => x.cpuMs)) });
      rows.push(Object.fromEntries(names.map((n) => [n, med(got[n])])) as Record<Name, ProcessCost>);
    }
    const over = (n: Name, r: Record<Name, ProcessCost>, k: keyof ProcessCost): number => r[n][k] / Math.max(r.pdfsig[k], 1);
    const of = (n: Name): ProcessCost => ({ wallMs: median(rows.map((r) => r[n].wallMs)), cpuMs: median(rows.map((r) => r[n].cpuMs)) });
    return {
      mohar: of("mohar"),
      pdfsig: of("pdfsig"),
      node: of("node"),
      moharUncached: of("moharUncached"),
      wallRatio: median(rows.map((r) => over("mohar", r, "wallMs"))),
      cpuRatio: median(rows.map((r) => over("mohar", r, "cpuMs"))),
      nodeWallRatio: median(rows.map((r) => over("node", r, "wallMs"))),
      nodeCpuRatio: median(rows.map((r) => over("node", r, "cpuMs"))),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() ?? "")) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: npx tsx bench/verifyCli.ts SIGNED.pdf [rounds]");
  console.log(JSON.stringify(verifyCliCost(file, Number(process.argv[3] ?? 5))));
}
