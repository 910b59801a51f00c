/**
 * `npx tsx bench/databaseStart.ts`: how long each database engine takes to open (and migrate),
 * and the latency of a small indexed query (a file's pending list). The README's numbers.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DatabaseHandle, type DatabaseConfig } from "../src/db/index.js";
import { FileQueries, FileService } from "../src/files/index.js";
import { postgresAvailable, startTestPostgres } from "../test/helpers/postgres.js";

const ROUNDS = 300;

async function measure(label: string, config: DatabaseConfig): Promise<Record<string, number | string>> {
  const t0 = performance.now();
  const handle = new DatabaseHandle(config);
  await handle.get();
  const openMs = performance.now() - t0;
  const files = new FileService({ db: () => handle.get(), officerExists: async () => true, documentExists: async () => true });
  const queries = new FileQueries(() => handle.get(), new Set());
  const actor = { id: "bench-clerk", admin: false };
  for (let i = 0; i < 50; i++) {
    const { file: f } = await files.create(actor, { fileNumber: `B/${label}/${i}`, subject: "bench", office: "Bench" });
    await files.forward(actor, f.id, { toOfficer: "bench-officer" });
  }
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const s = performance.now();
    await queries.pending({ kind: "officer", id: "bench-officer" });
    times.push(performance.now() - s);
  }
  const forwardStart = performance.now();
  const { file: f } = await files.create(actor, { fileNumber: `B/${label}/fwd`, subject: "bench", office: "Bench" });
  for (let i = 0; i < 50; i++) await files.forward({ ...actor, admin: true }, f.id, { toOfficer: "bench-officer" });
  const forwardMs = (performance.now() - forwardStart) / 51;
  await handle.close();
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { engine: label, openAndMigrateMs: round(openMs), pendingListP50Ms: round(times[Math.floor(ROUNDS / 2)] as number), pendingListP95Ms: round(times[Math.floor(ROUNDS * 0.95)] as number), forwardMs: round(forwardMs) };
}

const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-bench-db-"));
const results = [await measure("pglite (new cluster)", { engine: "pglite", dataDir: dir }), await measure("pglite (existing cluster)", { engine: "pglite", dataDir: dir })];
await fs.rm(dir, { recursive: true, force: true });
if (postgresAvailable()) {
  const server = await startTestPostgres();
  try {
    results.push(await measure("postgres (loopback)", { engine: "postgres", url: await server.createDatabase("bench"), poolSize: 10 }));
  } finally {
    await server.stop();
  }
}
console.table(results);
