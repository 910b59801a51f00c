import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FsObjectStore, type DiskSync } from "../../src/store/index.js";
import { syncPath } from "../helpers/syncPath.js";


/** Real fsyncs, recorded: which inodes had their data synced, which names their directory synced; directory syncs can be held. */
function recordingSync() {
  const syncedInodes = new Set<number>();
  const durableNames = new Set<string>();
  const dirSyncs: string[] = [];
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  const sync: DiskSync = {
    async file(tmp) {
      syncedInodes.add(await syncPath(tmp));
    },
    async dir(dir) {
      dirSyncs.push(dir);
      // What the directory holds now is what this sync makes durable.
      const names = await fs.readdir(dir);
      if (gate) await gate;
      await syncPath(dir);
      for (const n of names) durableNames.add(path.join(dir, n));
    },
  };
  return {
    sync,
    syncedInodes,
    durableNames,
    dirSyncs,
    hold() {
      gate = new Promise<void>((r) => (open = r));
    },
    release() {
      gate = null;
      open();
    },
  };
}

describe("local disk: group commit", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-group-"));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("answers no writer before its data and its directory entry are synced, and syncs a shared directory once per group", async () => {
    const rec = recordingSync();
    const store = await FsObjectStore.open(dir, { sync: rec.sync });
    rec.hold();
    const keys = Array.from({ length: 12 }, (_, i) => `audit/entries/${String(i).padStart(12, "0")}.json`);
    const answered: string[] = [];
    const violations: string[] = [];
    const puts = keys.map((k, i) =>
      store.putIfAbsent(k, Buffer.from(`entry ${i}`)).then(async () => {
        const target = path.join(dir, ...k.split("/"));
        if (!rec.syncedInodes.has((await fs.stat(target)).ino)) violations.push(`${k}: answered before its data was synced`);
        if (!rec.durableNames.has(target)) violations.push(`${k}: answered before its directory entry was synced`);
        answered.push(k);
      }),
    );
    // The first group's directory sync is held: nothing may be answered meanwhile.
    while (rec.dirSyncs.length === 0) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toEqual([]);
    rec.release();
    await Promise.all(puts);
    expect(violations).toEqual([]);
    expect(answered.sort()).toEqual([...keys].sort());
    // Twelve objects in one directory: the held group and the one that gathered behind it.
    const entriesDir = path.join(dir, "audit", "entries");
    expect(rec.dirSyncs.filter((d) => d === entriesDir).length).toBeLessThanOrEqual(2);
    // The new directories' entries in their parents were synced too.
    expect(rec.dirSyncs).toContain(path.join(dir, "audit"));
    expect(rec.dirSyncs).toContain(dir);
    for (const [i, k] of keys.entries()) expect((await store.getBuffer(k)).toString()).toBe(`entry ${i}`);
    expect(await fs.readdir(path.join(dir, ".tmp"))).toEqual([]);
  });

  it("fails only the writers whose sync failed", async () => {
    const store = await FsObjectStore.open(dir, {
      sync: {
        file: async (tmp) => {
          if ((await fs.readFile(tmp)).toString() === "bad") throw Object.assign(new Error(`EIO: ${tmp}`), { code: "EIO" });
          await syncPath(tmp);
        },
        dir: async () => undefined,
      },
    });
    const [good, bad] = await Promise.allSettled([store.putIfAbsent("a/good", Buffer.from("good")), store.putIfAbsent("a/bad", Buffer.from("bad"))]);
    expect(good.status).toBe("fulfilled");
    expect(bad.status).toBe("rejected");
    expect(await store.head("a/bad")).toBeNull();
    expect(await fs.readdir(path.join(dir, ".tmp"))).toEqual([]);
  });

  /** Real syncs, except that the directory syncs `failOnce` names fail the first time; every directory sync recorded with its outcome. */
  function failingDirSync(failOnce: string[]) {
    const failing = new Set(failOnce);
    const dirSyncs: { dir: string; ok: boolean }[] = [];
    const sync: DiskSync = {
      file: async (tmp) => void (await syncPath(tmp)),
      async dir(d) {
        if (failing.delete(d)) {
          dirSyncs.push({ dir: d, ok: false });
          throw Object.assign(new Error(`EIO: fsync ${d}`), { code: "EIO" });
        }
        await syncPath(d);
        dirSyncs.push({ dir: d, ok: true });
      },
    };
    return { sync, dirSyncs };
  }

  it("a new directory whose entry in its parent failed to sync is synced there by the next writer into it", async () => {
    const rec = failingDirSync([dir]);
    const store = await FsObjectStore.open(dir, { sync: rec.sync });
    // The first writer makes n/ and n/x/; the sync of n/'s entry in the root fails.
    await expect(store.putIfAbsent("n/x/a", Buffer.from("a"))).rejects.toThrow(/EIO/);
    rec.dirSyncs.length = 0;
    // The directories exist now; the next writer into n/x/ still owes n/'s entry (x/'s was synced).
    await store.putIfAbsent("n/x/b", Buffer.from("b"));
    expect(rec.dirSyncs.map((s) => s.dir).sort()).toEqual([dir, path.join(dir, "n", "x")].sort());
    expect(rec.dirSyncs.every((s) => s.ok)).toBe(true);
    // Known durable from then on: a third writer syncs only its own directory.
    rec.dirSyncs.length = 0;
    await store.putIfAbsent("n/x/c", Buffer.from("c"));
    expect(rec.dirSyncs).toEqual([{ dir: path.join(dir, "n", "x"), ok: true }]);
  });

  it("an object linked whose directory sync failed is not acknowledged; a retry of the same bytes syncs it and succeeds, other bytes find the key taken", async () => {
    const vdir = path.join(dir, "v");
    await fs.mkdir(vdir);
    const rec = failingDirSync([vdir]);
    const store = await FsObjectStore.open(dir, { sync: rec.sync });
    // Large enough for the look before writing (it must not answer "exists" for the retry).
    const body = Buffer.alloc(100 * 1024, 7);
    await expect(store.putIfAbsent("v/k", body)).rejects.toThrow(/EIO/);
    expect(await store.head("v/k")).not.toBeNull();
    await expect(store.putIfAbsent("v/k", Buffer.alloc(100 * 1024, 8))).rejects.toMatchObject({ code: "store.exists" });
    await expect(store.putIfAbsent("v/k", Buffer.alloc(10, 7))).rejects.toMatchObject({ code: "store.exists" });
    rec.dirSyncs.length = 0;
    await store.putIfAbsent("v/k", body);
    expect(rec.dirSyncs).toEqual([{ dir: vdir, ok: true }]);
    expect((await store.getBuffer("v/k")).equals(body)).toBe(true);
    // Durable now: the key is taken like any other.
    await expect(store.putIfAbsent("v/k", body)).rejects.toMatchObject({ code: "store.exists" });
    expect(await fs.readdir(path.join(dir, ".tmp"))).toEqual([]);
  });
});
