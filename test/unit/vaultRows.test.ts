import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase, type OpenDatabase } from "../../src/db/database.js";
import type { Database } from "../../src/db/index.js";
import type { VersionRecord } from "../../src/vault/index.js";
import { VaultRows } from "../../src/vault/vaultRows.js";
import { seedPgliteDir } from "../helpers/pgliteTemplate.js";
import { startTestPostgres, type TestPostgres } from "../helpers/postgres.js";

// A version row is published only as the version right after the newest, and only once: the
// insert and the check of the newest number are one statement under the document's lock (#16).
describe.each(["pglite", "postgres"] as const)("version rows on %s", (engine) => {
  let dir: string;
  let server: TestPostgres | null = null;
  let open: OpenDatabase;
  let db: Kysely<Database>;
  let rows: VaultRows;
  const id = "0b6a8a8e-4a52-4b9e-9b1c-2f0f4b3f7a11";
  const record = (n: number): VersionRecord => ({ n, sha256: "a".repeat(64), size: 10, pageCount: 1, createdAt: new Date().toISOString(), uploader: "clerk", derivedFrom: n > 1 ? n - 1 : null, action: n > 1 ? "signature" : "upload" });

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-rows-"));
    if (engine === "pglite") {
      await seedPgliteDir(path.join(dir, "db"));
      open = await openDatabase({ engine, dataDir: path.join(dir, "db") });
    } else {
      server = await startTestPostgres();
      open = await openDatabase({ engine, url: await server.createDatabase("rows"), poolSize: 4 });
      await migrateToLatest(open.db);
    }
    db = open.db;
    rows = new VaultRows(db);
    await rows.insertDocument({ id, title: "t", fileNumber: "F.1", kind: "letter", createdAt: new Date().toISOString(), createdBy: "clerk" }, record(1));
  }, 120_000);

  afterAll(async () => {
    await open?.close();
    await server?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("stores the next number, with its hook in the same transaction", async () => {
    const seen: number[] = [];
    expect(await rows.insertVersion(id, record(2), async (tx, _id, v) => void seen.push((await tx.selectFrom("versions").select("n").where("document_id", "=", id).where("n", "=", v.n).executeTakeFirstOrThrow()).n))).toBe("stored");
    expect(seen).toEqual([2]);
    expect(await rows.latest(id)).toBe(2);
  });

  it("refuses a number taken, and one past a gap, leaving no row", async () => {
    expect(await rows.insertVersion(id, record(2))).toBe("taken");
    expect(await rows.insertVersion(id, record(4))).toBe("taken");
    expect((await rows.records(id)).map((r) => r.n)).toEqual([1, 2]);
  });

  it("takes the row back when its hook fails", async () => {
    await expect(
      rows.insertVersion(id, record(3), () => {
        throw new Error("hook failed");
      }),
    ).rejects.toThrow("hook failed");
    expect(await rows.latest(id)).toBe(2);
  });

  it("publishes one of many concurrent writers of one number", async () => {
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => rows.insertVersion(id, record(3))));
    expect(outcomes.filter((o) => o === "stored")).toHaveLength(1);
    expect(await rows.latest(id)).toBe(3);
  });

  it("calls a version of a document deleted meanwhile gone (the vault answers document.not_found), not a foreign-key failure", async () => {
    const gone = "5e1d0c2a-7b3f-4c8e-9a6d-1f2e3d4c5b6a";
    expect(await rows.insertVersion(gone, record(2))).toBe("gone");
    expect(await rows.latest(gone)).toBe(0);
  });
});
