import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FsObjectStore } from "../../src/store/index.js";

const writer = fileURLToPath(new URL("../helpers/slowFsWriter.ts", import.meta.url));

async function tempBytes(dir: string): Promise<number> {
  const tmp = path.join(dir, ".tmp");
  const names = await fs.readdir(tmp).catch(() => []);
  let total = 0;
  for (const n of names) total += (await fs.stat(path.join(tmp, n)).catch(() => ({ size: 0 }))).size;
  return total;
}

describe("local-disk store: crash between temp write and commit", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-crash-"));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("leaves no object, and no temp file once past the grace period, after a SIGKILL mid-write and a reopen", async () => {
    const key = "documents/doc-1/v/1.pdf";
    const child = spawn(process.execPath, ["--import", "tsx", writer, dir, key], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));

    // Kill only once the child has really written part of the object to its temp file.
    const deadline = Date.now() + 20_000;
    while ((await tempBytes(dir)) < 256 * 1024) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`writer never wrote: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(await tempBytes(dir)).toBeGreaterThan(0);

    // A fresh leftover looks like another process's write in progress: kept within the grace period.
    await FsObjectStore.open(dir);
    expect(await tempBytes(dir)).toBeGreaterThan(0);
    const store = await FsObjectStore.open(dir, { tempGraceMs: 0 });
    expect(await store.head(key)).toBeNull();
    expect(await store.list("")).toEqual([]);
    expect(await fs.readdir(path.join(dir, ".tmp"))).toEqual([]);
    await store.putIfAbsent(key, Buffer.from("after restart"));
    expect((await store.getBuffer(key)).toString()).toBe("after restart");
  });
});
