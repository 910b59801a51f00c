import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FsObjectStore } from "../../src/store/index.js";
import { describeObjectStore } from "../helpers/storeConformance.js";

describeObjectStore("local disk", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-fs-store-"));
  const store = await FsObjectStore.open(dir);
  return {
    store,
    async dispose() {
      await store.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
});

describe("local disk: temp files shared by processes on one data directory", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-fs-tmp-"));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("lets a write in progress finish when another process (the CLI) opens the store", async () => {
    const server = await FsObjectStore.open(dir);
    const body = new PassThrough();
    const writing = server.putIfAbsent("documents/d/v/1.pdf", body);
    body.write("first half, ");
    while ((await fs.readdir(path.join(dir, ".tmp"))).length === 0) await new Promise((r) => setTimeout(r, 5));
    await FsObjectStore.open(dir);
    body.end("second half");
    await writing;
    expect((await server.getBuffer("documents/d/v/1.pdf")).toString()).toBe("first half, second half");
  });

  it("removes temp files untouched for an hour when it opens, and keeps younger ones", async () => {
    const tmp = path.join(dir, ".tmp");
    await fs.mkdir(tmp);
    await fs.writeFile(path.join(tmp, "stale"), "left by a crash");
    await fs.writeFile(path.join(tmp, "recent"), "being written");
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await fs.utimes(path.join(tmp, "stale"), twoHoursAgo, twoHoursAgo);
    const fiftyMinutesAgo = new Date(Date.now() - 50 * 60 * 1000);
    await fs.utimes(path.join(tmp, "recent"), fiftyMinutesAgo, fiftyMinutesAgo);
    await FsObjectStore.open(dir);
    expect(await fs.readdir(tmp)).toEqual(["recent"]);
  });
});

describe("local disk: writes and reads through the file-system worker (#16)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-fs-worker-"));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("stores exactly the bytes of a body that is a view into a larger buffer, and leaves the caller's buffer usable", async () => {
    const store = await FsObjectStore.open(dir);
    const whole = Buffer.alloc(64 * 1024, 0x61);
    whole.write("the object", 1000);
    const view = whole.subarray(1000, 1010);
    await store.putIfAbsent("a/view", view);
    expect((await fs.readFile(path.join(dir, "a", "view"))).toString()).toBe("the object");
    expect(view.toString()).toBe("the object");
    // Not moved to the worker (a transferred buffer would be detached: empty), nor changed.
    expect(whole.buffer.byteLength).toBeGreaterThanOrEqual(64 * 1024);
    expect(whole.toString("latin1", 1000, 1010)).toBe("the object");
    expect(whole.subarray(0, 1000).every((b) => b === 0x61) && whole.subarray(1010).every((b) => b === 0x61)).toBe(true);
  });

  it("writes and reads objects on both sides of the size the worker takes whole, many at once", async () => {
    const store = await FsObjectStore.open(dir);
    const bodies = [0, 1, 256 * 1024, 256 * 1024 + 1, 1024 * 1024].map((n, i) => Buffer.alloc(n, i + 1));
    await Promise.all(bodies.map((b, i) => store.putIfAbsent(`sizes/${i}`, b)));
    const read = await Promise.all(bodies.map((_, i) => store.getBuffer(`sizes/${i}`)));
    read.forEach((r, i) => expect(r.equals(bodies[i]!)).toBe(true));
    await expect(store.getBuffer("sizes")).rejects.toMatchObject({ code: "store.not_found" });
    await expect(store.getBuffer("sizes/none")).rejects.toMatchObject({ code: "store.not_found" });
    expect(await fs.readdir(path.join(dir, ".tmp"))).toEqual([]);
  });

  it("passes on the errno code of a call the worker made, and leaves no temp file", async () => {
    const store = await FsObjectStore.open(dir);
    // A key whose directory would have to be made inside a regular file: the worker's link fails.
    await store.putIfAbsent("f", Buffer.from("a file"));
    await expect(store.putIfAbsent("f/x", Buffer.from("x"))).rejects.toMatchObject({ code: "ENOTDIR" });
    expect(await fs.readdir(path.join(dir, ".tmp"))).toEqual([]);
  });
});
