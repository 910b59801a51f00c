import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation, openDatabase, type OpenDatabase } from "../../src/db/database.js";
import { seedPgliteDataDir } from "../helpers/pgliteTemplate.js";

// The embedded engine's session (src/db/pgliteSession.ts): prepared statements reused, values and
// rows typed as PGlite's own query types them, errors and failed transactions as PostgreSQL's.
describe("PGlite session", () => {
  let dir: string;
  let open: OpenDatabase;
  let db: Kysely<Record<string, Record<string, unknown>>>;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-session-"));
    await seedPgliteDataDir(dir, "empty");
    open = await openDatabase({ engine: "pglite", dataDir: dir });
    db = open.db as unknown as typeof db;
    await sql`create table t (id int primary key, at timestamptz, doc jsonb, big bigint, name text)`.execute(db);
  }, 60_000);

  afterAll(async () => {
    await open?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("types values and rows as PGlite does, statement after statement", async () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    for (let i = 1; i <= 3; i++) {
      const r = await db.insertInto("t").values({ id: i, at, doc: JSON.stringify({ i, s: "ज्ञ" }), big: 2 ** 40 + i, name: i === 2 ? null : `n${i}` }).executeTakeFirst();
      expect(r.numInsertedOrUpdatedRows).toBe(1n);
    }
    const rows = await db.selectFrom("t").selectAll().where("id", "<=", 3).orderBy("id").execute();
    expect(rows.map((r) => [r.id, (r.at as Date).toISOString(), r.doc, r.big, r.name])).toEqual([
      [1, at.toISOString(), { i: 1, s: "ज्ञ" }, 2 ** 40 + 1, "n1"],
      [2, at.toISOString(), { i: 2, s: "ज्ञ" }, 2 ** 40 + 2, null],
      [3, at.toISOString(), { i: 3, s: "ज्ञ" }, 2 ** 40 + 3, "n3"],
    ]);
    const updated = await db.updateTable("t").set({ name: "x" }).where("id", ">", 1).executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(2n);
  });

  it("sees a changed schema in a statement prepared before the change", async () => {
    const before = await db.selectFrom("t").selectAll().where("id", "=", 1).executeTakeFirstOrThrow();
    expect(Object.keys(before)).not.toContain("extra");
    await sql`alter table t add column extra text default 'e'`.execute(db);
    const after = await db.selectFrom("t").selectAll().where("id", "=", 1).executeTakeFirstOrThrow();
    expect(after.extra).toBe("e");
  });

  it("reports a unique violation with its code, and the session goes on", async () => {
    const err = await db.insertInto("t").values({ id: 1 }).execute().catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(await db.selectFrom("t").select("id").where("id", "=", 1).executeTakeFirst()).toEqual({ id: 1 });
  });

  it("rolls a failed transaction back, and refuses to call a swallowed failure a commit", async () => {
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto("t").values({ id: 10 }).execute();
        await tx.insertInto("t").values({ id: 10 }).execute();
      }),
    ).rejects.toMatchObject({ code: "23505" });
    expect(await db.selectFrom("t").select("id").where("id", "=", 10).executeTakeFirst()).toBeUndefined();
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto("t").values({ id: 11 }).execute();
        await tx.insertInto("t").values({ id: 11 }).execute().catch(() => undefined);
      }),
    ).rejects.toThrow(/rolled back, not committed/);
    expect(await db.selectFrom("t").select("id").where("id", "=", 11).executeTakeFirst()).toBeUndefined();
    await db.transaction().execute((tx) => tx.insertInto("t").values({ id: 12 }).execute());
    expect(await db.selectFrom("t").select("id").where("id", "=", 12).executeTakeFirst()).toEqual({ id: 12 });
  });

  it("keeps working past the number of statements it keeps prepared", async () => {
    for (let i = 0; i < 300; i++) {
      const row = await sql<{ v: number }>`select ${sql.lit(i)}::int + ${i} as v`.execute(db);
      expect(row.rows[0]!.v).toBe(2 * i);
    }
    expect(await db.selectFrom("t").select("id").where("id", "=", 1).executeTakeFirst()).toEqual({ id: 1 });
  });

  it("reports a syntax error and goes on", async () => {
    await expect(sql`selec 1`.execute(db)).rejects.toMatchObject({ code: "42601" });
    await expect(sql`select ${1}::int as one`.execute(db)).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });
});
