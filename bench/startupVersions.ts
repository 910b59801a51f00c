/**
 * Start-up time with many recent versions of one document (issue #19 measured 193 s after 1,050):
 * N versions are stored with their audit entries, then the service's start-up path (open the
 * store, the log, the database and the vault; both reconciliation checks: `startupTiming.ts`) is
 * timed, and compared with the same path on a store with one version: the ratio shows whether the
 * cost grows with N.
 * Usage: npx tsx bench/startupVersions.ts [N=1000]
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AuditLog, loadOrCreateLogKey } from "../src/audit/index.js";
import { DatabaseHandle } from "../src/db/index.js";
import { FsObjectStore } from "../src/store/index.js";
import { seedPgliteDir } from "../test/helpers/pgliteTemplate.js";
import { Vault } from "../src/vault/index.js";
import { makePdf } from "../test/helpers/pdfs.js";
import { interleavedStarts } from "./startupTiming.js";

const N = Number(process.argv[2] ?? 1000);

async function storeWithVersions(n: number): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-bench-start-"));
  const store = await FsObjectStore.open(path.join(dir, "store"));
  const key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), "bench.mohar/audit");
  const log = await AuditLog.open({ store, key });
  await seedPgliteDir(path.join(dir, "db"));
  const database = new DatabaseHandle({ engine: "pglite", dataDir: path.join(dir, "db") });
  const vault = await Vault.open(store, await database.get());
  const pdf = await makePdf({ text: "a busy letter" });
  const { document, version } = await vault.createDocument({ title: "t", fileNumber: "F/bench", kind: "letter", createdBy: "clerk", pdf });
  await log.append({ actor: "clerk", action: "document.upload", documentId: document.id, version: 1, sha256: version.sha256, outcome: "success" });
  for (let i = 2; i <= n; i++) {
    const v = await vault.addVersion(document.id, { pdf, uploader: "clerk", action: "upload" });
    await log.append({ actor: "clerk", action: "document.version", documentId: document.id, version: v.n, sha256: v.sha256, outcome: "success" });
  }
  await log.close();
  await database.close();
  return dir;
}

const [one, many] = [await storeWithVersions(1), await storeWithVersions(N)];
try {
  const { floor, measured: withN } = await interleavedStarts(one, many, 5);
  console.log(`start with 1 version: ${floor.toFixed(0)} ms; with ${N} versions of one document: ${withN.toFixed(0)} ms (x${(withN / floor).toFixed(1)}, ${((withN - floor) / N).toFixed(2)} ms per version); median of 5 interleaved rounds`);
} finally {
  await Promise.all([one, many].map((d) => fs.rm(d, { recursive: true, force: true })));
}
