/**
 * Child process: signs one PDF once and prints its memory use as JSON. Run in its own process
 * so the peak RSS belongs to this signature alone, not to the benchmark that made the file.
 * Usage: tsx bench/peakMemory.ts FILE.pdf P12 PASSWORD
 */
import fs from "node:fs/promises";
import { signingKeyFromP12 } from "../src/pki/index.js";
import { signDocument } from "../src/signing/index.js";

const [file, p12Path, password] = process.argv.slice(2);
if (!file || !p12Path || !password) throw new Error("usage: peakMemory.ts FILE.pdf P12 PASSWORD");
const key = signingKeyFromP12(await fs.readFile(p12Path), password, { officerId: "bench", source: p12Path });
const pdf = await fs.readFile(file);
globalThis.gc?.();
const before = process.memoryUsage().rss;
const maxBefore = process.resourceUsage().maxRSS * 1024;
// The process's peak so far may come from loading (a cold tsx cache compiles every module): on
// Linux, writing 5 to clear_refs resets the peak (VmHWM) to the current RSS, so the peak read
// after signing is the signature's own. Elsewhere the lifetime peak is all there is.
const reset = await fs.writeFile("/proc/self/clear_refs", "5").then(
  () => true,
  () => false,
);
const signed = await signDocument({ pdf, key, officer: { officerId: "bench", name: "Bench Officer" }, reason: "benchmark" });
const hwm = reset ? /VmHWM:\s+(\d+) kB/.exec(await fs.readFile("/proc/self/status", "utf8")) : null;
const peak = hwm ? Number(hwm[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
process.stdout.write(
  `${JSON.stringify({ fileBytes: pdf.length, signedBytes: signed.pdf.length, rssBefore: before, maxRssBefore: maxBefore, peakRss: peak, peakReset: reset })}\n`,
);
