import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeSyncFiles, PgliteDurability, type SyncFiles } from "../../src/db/pgliteDurability.js";
import { PgliteSession } from "../../src/db/pgliteSession.js";
import { seedPgliteDataDir } from "../helpers/pgliteTemplate.js";

const real: SyncFiles = nodeSyncFiles;

/** A database in a fresh directory, its session, and the files its WAL syncs touched (in order, both ways). */
async function start(sync: (file: string, dataOnly: boolean, synced: string[]) => Promise<void> = (f, d) => real.file(f, d)) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-durable-"));
  await seedPgliteDataDir(dir, "empty");
  const synced: string[] = [];
  const durability = new PgliteDurability({
    file: async (file, dataOnly) => {
      await sync(file, dataOnly, synced);
      synced.push(file);
    },
    dataNow: (file) => {
      real.dataNow(file);
      synced.push(file);
    },
  });
  const pglite = await PGlite.create({ fs: durability.fileSystem(dir), startParams: PGlite.defaultStartParams.filter((p) => p !== "-F") });
  const session = new PgliteSession(pglite, durability);
  const stop = async () => {
    await pglite.close().catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  };
  return { dir, pglite, session, durability, synced, stop };
}

const segmentNumber = (file: string): number => parseInt(path.basename(file).slice(8), 16);

// PGlite under Node never synced (Emscripten's NODEFS has no fsync, this build's fdatasync is a
// no-op, and PGlite starts PostgreSQL with -F): a commit is durable once its WAL is synced,
// which concurrent commits share (src/db/pgliteDurability.ts).
describe("PGlite commits on disk", () => {
  let db: Awaited<ReturnType<typeof start>>;

  beforeAll(async () => {
    db = await start();
    await db.session.query("create table d (n int)", []);
    await db.session.durable();
  }, 60_000);

  afterAll(async () => {
    await db?.stop();
  });

  const commit = async (n: number): Promise<void> => {
    await db.session.query("begin", []);
    await db.session.query("insert into d values ($1)", [n]);
    await db.session.query("commit", []);
    await db.session.durable();
  };

  it("syncs the WAL after each commit, not after reads nor inside a transaction", async () => {
    const { session, durability } = db;
    const before = durability.syncs;
    for (let i = 0; i < 5; i++) await commit(i);
    expect(durability.syncs - before).toBe(5);
    await session.query("begin", []);
    await session.query("insert into d values (100)", []);
    await session.durable();
    expect(durability.syncs - before).toBe(5);
    await session.query("rollback", []);
    await session.durable();
    const afterWrites = durability.syncs;
    for (let i = 0; i < 5; i++) {
      await session.query("select count(*) from d", []);
      await session.durable();
    }
    expect(durability.syncs).toBe(afterWrites);
    await session.query("insert into d values (7)", []);
    await session.durable();
    expect(durability.syncs).toBe(afterWrites + 1);
  });

  it("lets commits made while a sync runs share the next one", async () => {
    const { session, durability } = db;
    const before = durability.syncs;
    // Each commit runs alone (the session is one connection) but waits for its sync after letting the next in, as the driver does.
    let queue = Promise.resolve();
    const waits: Array<Promise<void>> = [];
    for (let i = 0; i < 30; i++) {
      const mine = queue.then(async () => {
        await session.query("begin", []);
        await session.query("insert into d values ($1)", [i]);
        await session.query("commit", []);
        waits.push(session.durable());
      });
      queue = mine;
    }
    await queue;
    await Promise.all(waits);
    const syncs = durability.syncs - before;
    expect(syncs).toBeGreaterThanOrEqual(1);
    expect(syncs).toBeLessThan(30);
    expect((await session.query("select count(*)::int as c from d where n < 30", [])).rows).toEqual([{ c: 5 + 1 + 30 }]);
  });

  it("syncs every WAL segment a commit filled, not only those open when it ends", async () => {
    const { session, synced } = db;
    await session.query("create table big (s text)", []);
    // Stored as written (no compression): about 40 MB of WAL, over three 16 MB segments at least.
    await session.query("alter table big alter column s set storage external", []);
    await session.durable();
    synced.length = 0;
    await session.query("insert into big select repeat(md5(i::text), 64) from generate_series(1, 20000) i", []);
    await session.durable();
    const segments = [...new Set(synced.filter((f) => /[0-9A-F]{24}$/.test(f)).map(segmentNumber))].sort((a, b) => a - b);
    expect(segments.length).toBeGreaterThanOrEqual(3);
    expect(segments.at(-1)! - segments[0]!).toBe(segments.length - 1);
  }, 60_000);

  it("syncs the dirty WAL before a checkpoint syncs the files that depend on it", async () => {
    const { session, durability } = db;
    const { synced } = db;
    await session.query("insert into d values (200)", []);
    expect(durability.owesFlush()).toBe(true);
    synced.length = 0;
    await session.query("checkpoint", []);
    // The checkpoint's fsyncs of data files and pg_control went after an fdatasync of the WAL, the checkpoint record's included.
    expect(synced.some((f) => /pg_wal\/[0-9A-F]{24}$/.test(f))).toBe(true);
    expect(durability.owesFlush()).toBe(false);
    await session.durable();
  });
});

describe("PGlite durability, failures and order", () => {
  it("makes a read wait for the sync of a commit it may have seen", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let gated = false;
    const db = await start(async (_f, dataOnly) => {
      if (dataOnly && gated) await gate;
    });
    try {
      await db.session.query("create table r (n int)", []);
      await db.session.durable();
      gated = true;
      await db.session.query("insert into r values (1)", []);
      let committed = false;
      const commitDurable = db.session.durable().then(() => (committed = true));
      expect((await db.session.query("select count(*)::int as c from r", [])).rows).toEqual([{ c: 1 }]);
      let read = false;
      const readDurable = db.session.durable().then(() => (read = true));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect([committed, read]).toEqual([false, false]);
      open();
      await Promise.all([commitDurable, readDurable]);
      expect([committed, read]).toEqual([true, true]);
    } finally {
      open();
      await db.stop();
    }
  }, 60_000);

  it("keeps a failed WAL sync: every later flush fails, the next sync's success notwithstanding", async () => {
    let fail = false;
    const db = await start(async (_f, dataOnly) => {
      if (dataOnly && fail) {
        fail = false;
        throw Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" });
      }
    });
    try {
      await db.session.query("create table f (n int)", []);
      await db.session.durable();
      fail = true;
      await db.session.query("insert into f values (1)", []);
      await expect(db.session.durable()).rejects.toMatchObject({ code: "database.not_durable" });
      await db.session.query("insert into f values (2)", []);
      await expect(db.session.durable()).rejects.toMatchObject({ code: "database.not_durable", message: /restart/ });
      await db.session.query("select 1", []);
      await expect(db.session.durable()).rejects.toMatchObject({ code: "database.not_durable" });
    } finally {
      await db.stop();
    }
  }, 60_000);

  it("fails the commits queued behind a sync that fails: the sync after it proves nothing", async () => {
    let gate: (() => void) | null = null;
    let armed = false;
    const db = await start(async (_f, dataOnly) => {
      if (dataOnly && armed) {
        armed = false;
        await new Promise<void>((resolve) => (gate = resolve));
        throw Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" });
      }
    });
    try {
      await db.session.query("create table q (n int)", []);
      await db.session.durable();
      armed = true;
      await db.session.query("insert into q values (1)", []);
      const first = db.session.durable();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(gate).not.toBeNull();
      // Committed while the failing sync runs: its flush is queued behind it.
      await db.session.query("insert into q values (2)", []);
      const queued = db.session.durable();
      (gate as unknown as () => void)();
      await expect(first).rejects.toMatchObject({ code: "database.not_durable" });
      await expect(queued).rejects.toMatchObject({ code: "database.not_durable" });
    } finally {
      await db.stop();
    }
  }, 60_000);

  it("syncs the shutdown checkpoint's WAL and pg_wal once PostgreSQL has stopped", async () => {
    const db = await start();
    try {
      await db.session.query("create table c (n int)", []);
      await db.session.durable();
      await db.session.query("insert into c values (1)", []);
      db.synced.length = 0;
      await db.pglite.close();
      // Its checkpoint record synced before pg_control was.
      expect(db.synced.some((f) => /pg_wal\/[0-9A-F]{24}$/.test(f))).toBe(true);
      await db.durability.closed();
      expect(db.durability.owesFlush()).toBe(false);
      expect(db.synced.at(-1)).toBe(path.join(db.dir, "pg_wal"));
    } finally {
      await db.stop();
    }
  }, 60_000);
});
