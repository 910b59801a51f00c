import path from "node:path";
import { Migrator, sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseHandle, type DatabaseConfig } from "../../src/db/index.js";
import { FileQueries, FileService } from "../../src/files/index.js";
import { openDatabase } from "../../src/db/database.js";
import { inCodeMigrations } from "../../src/db/migrations.js";
import { engineEnv, ENGINES, type EngineEnv } from "./engines.js";

const HOUR = 3_600_000;
const T0 = new Date("2026-11-02T05:00:00Z"); // a Monday, 10:30 IST

function configOf(env: Record<string, string>): DatabaseConfig {
  return env.DATABASE_URL
    ? { engine: "postgres", url: env.DATABASE_URL, poolSize: 2 }
    : { engine: "pglite", dataDir: path.join(env.DATA_DIR as string, "db") };
}

describe.each(ENGINES)("the pendency statement at a past moment, on %s", (engine) => {
  let engines: EngineEnv;
  let handle: DatabaseHandle;
  let clock = T0;
  let files: FileService;
  let queries: FileQueries;
  const clerk = { id: "clerk-1", admin: false };
  const officerA = { id: "key-a", officerId: "officer-a", admin: false };
  const officerB = { id: "key-b", officerId: "officer-b", admin: false };
  const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

  beforeAll(async () => {
    engines = await engineEnv(engine);
    handle = new DatabaseHandle(configOf(await engines.env("pendency")));
    const deps = { db: () => handle.get(), officerExists: async () => true, documentExists: async () => true, now: () => clock };
    files = new FileService(deps);
    queries = new FileQueries(() => handle.get(), new Set(), () => clock);
  });
  afterAll(async () => {
    await handle?.close();
    await engines?.stop();
  });

  it("names who held each file at that moment, from steps still open and steps ended since", async () => {
    clock = at(0);
    const f = (await files.create(clerk, { fileNumber: "HIST/1", subject: "history", office: "History" })).file;
    const other = (await files.create(clerk, { fileNumber: "HIST/2", subject: "another office", office: "Elsewhere" })).file;
    clock = at(1);
    await files.forward(clerk, f.id, { toOfficer: "officer-a" });
    await files.forward(clerk, other.id, { toOfficer: "officer-a" });
    clock = at(5);
    await files.forward(officerA, f.id, { toOfficer: "officer-b" });
    clock = at(9);
    await files.close(officerB, f.id);
    clock = at(30);

    const holders = async (hours: number) =>
      (await queries.pendency("History", at(hours))).map((r) => [r.holderId, r.pending, r.medianDaysHeld]);
    expect(await holders(-1)).toEqual([]);
    expect(await holders(0.5)).toEqual([["clerk-1", 1, 0.02]]);
    expect(await holders(3)).toEqual([["officer-a", 1, 0.08]]);
    expect(await holders(5)).toEqual([["officer-b", 1, 0]]);
    expect(await holders(8)).toEqual([["officer-b", 1, 0.13]]);
    expect(await holders(9)).toEqual([]); // closed at that instant
    // Without an office: every office's holders; the other file is still with officer A.
    expect((await queries.pendency(undefined, at(3))).map((r) => [r.office, r.holderId, r.pending])).toEqual([
      ["Elsewhere", "officer-a", 1],
      ["History", "officer-a", 1],
    ]);
    expect((await queries.pendency(undefined, at(29))).map((r) => [r.office, r.holderId])).toEqual([["Elsewhere", "officer-a"]]);
  });
});

it("upgrading a database made before custody steps carried their office fills it in", async () => {
  const engines = await engineEnv("pglite");
  const config = configOf(await engines.env("upgrade", "empty"));
  // The schema as the first release left it (only 0001 applied), with one file forwarded once.
  const old = await openDatabase(config);
  try {
    const db = old.db as unknown as Kysely<unknown>;
    const first = await new Migrator({ db, provider: inCodeMigrations }).migrateTo("0001_files");
    expect(first.error).toBeUndefined();
    await sql`insert into files values ('f1', 'OLD/1', 'old', 'Old Office', null, 'clerk', ${T0.toISOString()}, 'open', 'officer', 'officer-a', 2)`.execute(db);
    await sql`insert into file_holds (file_id, step, holder_kind, holder_id, from_at, to_at, sent_by) values
      ('f1', 1, 'user', 'clerk', ${T0.toISOString()}, ${at(1).toISOString()}, 'clerk'),
      ('f1', 2, 'officer', 'officer-a', ${at(1).toISOString()}, null, 'clerk')`.execute(db);
  } finally {
    await old.close();
  }
  const upgraded = new DatabaseHandle(config);
  try {
    expect((await upgraded.ready()).ready.applied).toContain("0004_holds_office");
    const db = await upgraded.get();
    expect(await db.selectFrom("file_holds").select(["step", "office"]).orderBy("step").execute()).toEqual([
      { step: 1, office: "Old Office" },
      { step: 2, office: "Old Office" },
    ]);
    const rows = await new FileQueries(() => upgraded.get(), new Set()).pendency("Old Office", at(2));
    expect(rows.map((r) => [r.holderId, r.pending])).toEqual([["officer-a", 1]]);
  } finally {
    await upgraded.close();
    await engines.stop();
  }

  function at(hours: number) {
    return new Date(T0.getTime() + hours * HOUR);
  }
});
