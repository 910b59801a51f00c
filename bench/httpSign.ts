/**
 * HTTP signing throughput on its own: `npx tsx bench/httpSign.ts [rounds]` starts `mohar serve`
 * in its own process on a fresh data directory and runs 1, 8 and 32 clients in interleaved
 * rounds against the bare RSA rate (see httpThroughput.ts). `npm run bench` runs the same rows.
 * BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") are passed to the service's Node.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { KeyObject } from "node:crypto";
import { benchCredentials } from "./credentials.js";
import { rsaSignRate } from "./floors.js";
import { signThroughputRounds, startService, type HttpRow } from "./httpThroughput.js";

export const HTTP_PLAN = [
  { clients: 1, perClient: 20 },
  { clients: 8, perClient: 12 },
  { clients: 32, perClient: 8 },
];

export async function httpSigning(opts: {
  letter: Buffer;
  officerId: string;
  privateKey: KeyObject;
  rounds: number;
  log: (msg: string) => void;
  nodeArgs?: string[];
}): Promise<{ rows: HttpRow[]; bareRsaPerSecond: number[] }> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-bench-http-"));
  const dataDir = path.join(tmp, "data");
  try {
    const creds = await benchCredentials(dataDir, opts.officerId);
    const service = await startService({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: "1000000" }, opts.nodeArgs);
    try {
      return await signThroughputRounds({
        url: service.url,
        pdf: opts.letter,
        officerId: opts.officerId,
        headers: creds,
        plan: HTTP_PLAN,
        rounds: opts.rounds,
        floor: () => rsaSignRate(opts.privateKey, 1),
        log: opts.log,
      });
    } finally {
      await service.stop();
    }
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { decodePkcs12 } = await import("../src/pki/index.js");
  const officerId = "anita-sharma";
  const p12 = path.resolve("certs-dev/officers", `${officerId}.p12`);
  const { privateKey } = decodePkcs12(await fs.readFile(p12), "mohar-dev", p12);
  const letter = await fs.readFile("samples/draft-letter-en.pdf");
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean);
  const { rows } = await httpSigning({ letter, officerId, privateKey, rounds: Number(process.argv[2] ?? 3), log: (m) => console.error(m), nodeArgs });
  for (const r of rows) {
    console.log(
      `${r.clients} clients: ${r.perSecond.toFixed(1)} sig/s, p50 ${r.latency.p50.toFixed(1)} ms, p99 ${r.latency.p99.toFixed(1)} ms, ${(100 * r.overBareRsa).toFixed(2)}% of bare RSA/s, ${r.non2xx} non-2xx`,
    );
  }
  console.log(`load: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
}
