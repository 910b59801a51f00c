import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FsObjectStore, ObjectExistsError, type DiskSync } from "../../src/store/index.js";
import { FsWorker } from "../../src/store/fsWorker.js";
import { workerDiskSync } from "../../src/store/groupCommit.js";
import { StoreWorkerLostError } from "../../src/store/errors.js";

/**
 * Faults injected into a worker's fs module (source text, run in the worker): a link to a name
 * holding "lost" is made and then the worker exits before answering; fsync fails with EIO for
 * a descriptor opened on a name holding "eio"; fsync waits 300 ms for one opened on a name
 * holding "slow"; a temp file reopened for reading fails (so an fsync through a new descriptor would).
 */
const FAULTS = `(fs) => {
  const names = new Map();
  return Object.assign({}, fs, {
    openSync(p, flags) {
      if (String(p).includes("/.tmp/") && flags === "r") throw Object.assign(new Error("EACCES: temp file reopened"), { code: "EACCES" });
      const fd = fs.openSync(p, flags);
      names.set(fd, String(p));
      return fd;
    },
    fsync(fd, cb) {
      const name = names.get(fd) ?? "";
      if (name.includes("eio")) return cb(Object.assign(new Error("EIO: injected"), { code: "EIO" }));
      if (name.includes("slow")) return setTimeout(() => fs.fsync(fd, cb), 300);
      fs.fsync(fd, cb);
    },
    linkSync(from, to) {
      fs.linkSync(from, to);
      if (to.includes("lost")) process.exit(7);
    },
  });
}`;

/** Every fsync through a descriptor that created its file fails with EIO. */
const EIO_ON_CREATED = `(fs) => {
  const created = new Set();
  return Object.assign({}, fs, {
    openSync(p, flags) {
      const fd = fs.openSync(p, flags);
      if (flags === "wx") created.add(fd);
      else created.delete(fd);
      return fd;
    },
    fsync(fd, cb) {
      if (created.has(fd)) return cb(Object.assign(new Error("EIO: injected"), { code: "EIO" }));
      fs.fsync(fd, cb);
    },
  });
}`;

describe("the store's file-system worker", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-fsworker-"));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("lost after a link: the put fails as store unavailable (EWORKERLOST), warned once; a same-bytes retry syncs the directory chain again", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const worker = new FsWorker(FAULTS);
    const real = workerDiskSync(worker);
    const dirSyncs: string[] = [];
    const sync: DiskSync = { file: (tmp, handle) => real.file(tmp, handle), dir: async (d) => (dirSyncs.push(d), real.dir(d)) };
    const store = await FsObjectStore.open(dir, { worker, sync });
    const root = path.resolve(dir);
    const body = Buffer.from("the signed version");

    // A slow directory sync sharing the worker with the link that loses it.
    await fs.mkdir(path.join(root, "slow"));
    const slowSync = worker.call({ op: "fsync", path: path.join(root, "slow") }).catch((e: unknown) => e);
    const err = await store.putIfAbsent("a/b/lost.pdf", body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreWorkerLostError);
    expect(err).toMatchObject({ code: "store.unavailable", reason: "EWORKERLOST", status: 503 });
    expect(await slowSync).toBeInstanceOf(StoreWorkerLostError);
    expect(warn.mock.calls.filter((c) => (c[1] as { code?: string } | undefined)?.code === "EWORKERLOST")).toHaveLength(1);
    // The link was made: the object is there, its directories' entries not known durable.
    expect(await fs.readFile(path.join(root, "a", "b", "lost.pdf"), "utf8")).toBe("the signed version");
    expect(dirSyncs).toEqual([]);

    // Another worker is started; the same bytes take the object over and sync every directory up to the root.
    await store.putIfAbsent("a/b/lost.pdf", body);
    expect(new Set(dirSyncs)).toEqual(new Set([path.join(root, "a", "b"), path.join(root, "a"), root]));
    // Now durable: other bytes find the key taken, and its chain is not synced again.
    dirSyncs.length = 0;
    await expect(store.putIfAbsent("a/b/lost.pdf", Buffer.from("other bytes"))).rejects.toBeInstanceOf(ObjectExistsError);
    await store.putIfAbsent("a/b/next.pdf", body);
    expect(dirSyncs).toEqual([path.join(root, "a", "b")]);
    expect(await fs.readdir(path.join(root, ".tmp"))).toEqual([]);
  });

  it("fsyncs a temp file through the descriptor that wrote it, and a failed fsync fails the put (no object)", async () => {
    const worker = new FsWorker(FAULTS);
    const store = await FsObjectStore.open(dir, { worker });
    // Reopening a temp file for reading fails in this worker: the put succeeds only without a reopen.
    await store.putIfAbsent("x/ok.pdf", Buffer.from("ok"));
    expect(await store.getBuffer("x/ok.pdf")).toEqual(Buffer.from("ok"));
    // fsync failing for a directory named "eio": the put fails, if the store's sync were a no-op it would not.
    await fs.mkdir(path.join(dir, "eio"));
    await expect(store.putIfAbsent("eio/doc.pdf", Buffer.from("doc"))).rejects.toMatchObject({ code: "EIO" });
  });

  it("really fsyncs a temp file before linking it: a failing fsync fails the put and leaves nothing", async () => {
    const worker = new FsWorker(EIO_ON_CREATED);
    const store = await FsObjectStore.open(dir, { worker });
    await expect(store.putIfAbsent("y/doc.pdf", Buffer.from("doc"))).rejects.toMatchObject({ code: "EIO" });
    expect(await store.head("y/doc.pdf")).toBeNull();
    expect(await fs.readdir(path.join(dir, ".tmp"))).toEqual([]);
  });

  it("answers a small read at once while an fsync sent with it is still running", async () => {
    const worker = new FsWorker(FAULTS);
    await fs.mkdir(path.join(dir, "slow"));
    await fs.writeFile(path.join(dir, "small"), "small");
    const order: string[] = [];
    const slow = worker.call({ op: "fsync", path: path.join(dir, "slow") }).then(() => order.push("fsync"));
    const read = worker.call({ op: "read", path: path.join(dir, "small"), max: 1024 }).then((b) => order.push(`read ${b?.toString()}`));
    await Promise.all([slow, read]);
    expect(order).toEqual(["read small", "fsync"]);
  });

  it("answers every op of a message even when one throws, and makes no directory for a missing source", async () => {
    const worker = new FsWorker();
    const answers = await Promise.allSettled([
      worker.call({ op: "read", path: path.join(dir, "missing"), max: 10 }),
      worker.call({ op: "link", from: path.join(dir, "missing"), to: path.join(dir, "d", "e", "f") }),
      worker.call({ op: "unlink", path: path.join(dir, "missing") }),
      worker.call({ op: "create", path: path.join(dir, "made"), body: Buffer.from("m") }),
    ]);
    expect(answers.map((a) => a.status)).toEqual(["rejected", "rejected", "fulfilled", "fulfilled"]);
    expect((answers[1] as PromiseRejectedResult).reason).toMatchObject({ code: "ENOENT", made: [] });
    await expect(fs.stat(path.join(dir, "d"))).rejects.toMatchObject({ code: "ENOENT" });
    await worker.call({ op: "fsync", path: path.join(dir, "made"), created: true });
    // Its descriptor was closed by that fsync: a second one finds none.
    await expect(worker.call({ op: "fsync", path: path.join(dir, "made"), created: true })).rejects.toBeInstanceOf(StoreWorkerLostError);
  });
});
