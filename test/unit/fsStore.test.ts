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
