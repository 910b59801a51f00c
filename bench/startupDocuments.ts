/**
 * Start-up time against the number of documents (#12: "start-up time independent of the number
 * of documents, shown for 1k and 100k"). Two data directories are made, with 1,000 and 100,000
 * documents (each with its version PDF in the local store, its rows in the embedded database,
 * made a day ago) and a few recent versions with their audit entries; then the service's start-up
 * path (open the store, the audit log and the database, open the vault, the two reconciliation
 * checks) is timed on each, interleaved, and the median of the rounds compared.
 * Usage: npx tsx bench/startupDocuments.ts [large=100000] [small=1000] [rounds=5]
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { AuditLog, loadOrCreateLogKey } from "../src/audit/index.js";
import { DatabaseHandle } from "../src/db/index.js";
import { FsObjectStore } from "../src/store/index.js";
import { Vault } from "../src/vault/index.js";
import { makePdf } from "../test/helpers/pdfs.js";
import { seedPgliteDir } from "../test/helpers/pgliteTemplate.js";
import { interleavedStarts } from "./startupTiming.js";

const LARGE = Number(process.argv[2] ?? 100_000);
const SMALL = Number(process.argv[3] ?? 1000);
const ROUNDS = Number(process.argv[4] ?? 5);
const RECENT = 20;

async function dataDirWith(documents: number): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-bench-docs-"));
  const store = await FsObjectStore.open(path.join(dir, "store"));
  await seedPgliteDir(path.join(dir, "db"));
  const database = new DatabaseHandle({ engine: "pglite", dataDir: path.join(dir, "db") });
  const db = await database.get();
  const pdf = await makePdf({ text: "an old letter" });
  const sha256 = (await import("node:crypto")).createHash("sha256").update(pdf).digest("hex");
  // The old documents: one PDF, hard-linked under every document's key (a real object each; a
  // new copy every 50,000, below the file system's limit of links to one file), rows in bulk.
  const ids: string[] = Array.from({ length: documents - RECENT }, () => randomUUID());
  for (let i = 0; i < ids.length; i += 500) {
    const source = path.join(dir, `source-${Math.floor(i / 50_000)}.pdf`);
    if (i % 50_000 === 0) await fs.writeFile(source, pdf);
    await Promise.all(
      ids.slice(i, i + 500).map(async (id) => {
        const d = path.join(dir, "store", "documents", id, "v");
        await fs.mkdir(d, { recursive: true });
        await fs.link(source, path.join(d, "1.pdf"));
      }),
    );
  }
  const dayAgo = new Date(Date.now() - 24 * 3600_000);
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    await db.insertInto("documents").values(chunk.map((id, j) => ({ id, title: "old letter", file_number: `F/${(i + j) % 997}`, kind: "letter", created_at: dayAgo, created_by: "clerk" }))).execute();
    await db
      .insertInto("versions")
      .values(chunk.map((id) => ({ document_id: id, n: 1, sha256, size: pdf.length, page_count: 1, created_at: dayAgo, uploader: "clerk", derived_from: null, action: "upload", signature: null })))
      .execute();
  }
  await sql`analyze`.execute(db);
  // The recent ones, through the vault, each with its audit entry.
  const key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), "bench.mohar/audit");
  const log = await AuditLog.open({ store, key });
  const vault = await Vault.open(store, db);
  for (let i = 0; i < RECENT; i++) {
    const { document, version } = await vault.createDocument({ title: "new letter", fileNumber: "F/new", kind: "letter", createdBy: "clerk", pdf: await makePdf({ text: `new ${i}` }) });
    await log.append({ actor: "clerk", action: "document.upload", documentId: document.id, version: 1, sha256: version.sha256, outcome: "success" });
  }
  await log.close();
  await database.close();
  await store.close();
  return dir;
}

const made = performance.now();
const [small, large] = [await dataDirWith(SMALL), await dataDirWith(LARGE)];
console.error(`made ${SMALL} and ${LARGE} documents in ${((performance.now() - made) / 1000).toFixed(0)} s`);
try {
  const { floor: a, measured: b } = await interleavedStarts(small, large, ROUNDS);
  console.log(
    JSON.stringify({ startupMs: { [SMALL]: Math.round(a), [LARGE]: Math.round(b) }, ratio: Number((b / a).toFixed(2)), rounds: ROUNDS, note: "median of interleaved rounds; start-up = open store, audit log, database, vault; both reconciliation checks" }),
  );
} finally {
  await Promise.all([small, large].map((d) => fs.rm(d, { recursive: true, force: true })));
}
