import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type OpenDatabase } from "../../src/db/database.js";
import { seedPgliteDataDir } from "../helpers/pgliteTemplate.js";
import { startTestPostgres, type TestPostgres } from "../helpers/postgres.js";

// A transaction whose failure the caller swallowed is not committed, and neither engine says it
// was: PostgreSQL answers its COMMIT with ROLLBACK, which src/db/refusedCommit.ts turns into an error.
describe.each(["pglite", "postgres"] as const)("COMMIT of a failed transaction on %s", (engine) => {
  let dir: string;
  let server: TestPostgres | null = null;
  let open: OpenDatabase;
  let db: Kysely<Record<string, Record<string, unknown>>>;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-commit-"));
    if (engine === "pglite") {
      await seedPgliteDataDir(dir, "empty");
      open = await openDatabase({ engine, dataDir: dir });
    } else {
      server = await startTestPostgres();
      open = await openDatabase({ engine, url: await server.createDatabase("commit"), poolSize: 2 });
    }
    db = open.db as unknown as typeof db;
    await sql`create table c (id int primary key)`.execute(db);
  }, 120_000);

  afterAll(async () => {
    await open?.close();
    await server?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("refuses to call it a commit, and the connection goes on", async () => {
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto("c").values({ id: 1 }).execute();
        await tx.insertInto("c").values({ id: 1 }).execute().catch(() => undefined);
      }),
    ).rejects.toMatchObject({ code: "25P02", message: /rolled back, not committed/ });
    expect(await db.selectFrom("c").select("id").execute()).toEqual([]);
    await db.transaction().execute((tx) => tx.insertInto("c").values({ id: 2 }).execute());
    expect(await db.selectFrom("c").select("id").execute()).toEqual([{ id: 2 }]);
  });
});
