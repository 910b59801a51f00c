/**
 * Where an HTTP signature's cost goes: `npx tsx bench/httpProfile.ts [clients] [perClient]`
 * starts `mohar serve` with --cpu-prof (profile in $PROFILE_DIR, default /tmp/mohar-prof),
 * uploads the letters, then signs them with `clients` clients while strace counts the service's
 * fsync/fdatasync calls (when strace is installed; STRACE=0: not traced, as strace slows every
 * system call) and /proc reads its CPU time: both per signature.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { benchCredentials } from "./credentials.js";
import { signThroughput, startService } from "./httpThroughput.js";

const clients = Number(process.argv[2] ?? 32);
const perClient = Number(process.argv[3] ?? 16);
const profileDir = process.env.PROFILE_DIR ?? "/tmp/mohar-prof";
const officerId = "anita-sharma";
const letter = await fs.readFile("samples/draft-letter-en.pdf");
const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-prof-"));
const dataDir = path.join(tmp, "data");
const creds = await benchCredentials(dataDir, officerId);
const service = await startService({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: "1000000" }, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]);
const pid = service.child.pid as number;
// A failed run must not leave the service behind.
process.once("exit", () => service.child.kill("SIGKILL"));

async function cpuMs(): Promise<number> {
  const stat = (await fs.readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1].split(" ");
  return ((Number(stat[11]) + Number(stat[12])) * 1000) / 100;
}

let tracer: ChildProcess | null = null;
let traceOut = "";
let cpu0 = 0;
// The signing window on the monotonic clock the profile's timestamps use (µs), for reading the profile.
const window: [number, number] = [0, 0];
let cpu1 = 0;
const res = await signThroughput({
  url: service.url,
  pdf: letter,
  clients,
  perClient,
  officerId,
  headers: creds,
  around: {
    async before() {
      window[0] = Number(process.hrtime.bigint() / 1000n);
      if (process.env.STRACE === "0") return void (cpu0 = await cpuMs());
      tracer = spawn("strace", ["-f", "-c", "-e", "trace=fsync,fdatasync", "-p", String(pid)], { stdio: ["ignore", "ignore", "pipe"] });
      tracer.stderr?.on("data", (d: Buffer) => (traceOut += d.toString()));
      tracer.once("error", () => (tracer = null));
      await new Promise((r) => setTimeout(r, 500));
      cpu0 = await cpuMs();
    },
    async after() {
      cpu1 = await cpuMs();
      window[1] = Number(process.hrtime.bigint() / 1000n);
      const t = tracer;
      if (t) {
        const exited = new Promise((r) => t.once("exit", r));
        t.kill("SIGINT");
        await exited;
      }
    },
  },
});
await service.stop();
await fs.rm(tmp, { recursive: true, force: true });
const n = res.signatures;
console.log(`${clients} clients, ${n} signatures: ${res.perSecond.toFixed(1)} sig/s, p50 ${res.latency.p50.toFixed(1)} ms, p99 ${res.latency.p99.toFixed(1)} ms, ${res.non2xx} non-2xx`);
console.log(`service CPU per signature: ${((cpu1 - cpu0) / n).toFixed(2)} ms (user+system, all threads)`);
const calls = [...traceOut.matchAll(/^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(fsync|fdatasync)\s*$/gm)];
for (const [, count, name] of calls) console.log(`${name} per signature: ${(Number(count) / n).toFixed(2)}`);
if (calls.length === 0) console.log(traceOut.trim() || "strace: no output");
console.log(`signing window (µs, monotonic): ${window[0]} ${window[1]}`);
console.log(`CPU profile in ${profileDir}; load: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
