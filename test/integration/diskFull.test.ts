import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftForm } from "../helpers/forms.js";
import { makePdf } from "../helpers/pdfs.js";
import { startTestPostgres, type TestPostgres } from "../helpers/postgres.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const run = promisify(execFile);
const MiB = 1024 * 1024;

/**
 * A real small disk: a tmpfs of `bytes` mounted on a temp directory (needs root, as CI runs).
 * Without it the suite is skipped, and with MOHAR_REQUIRE_INTEROP=1 it fails instead.
 */
async function smallDisk(bytes: number): Promise<{ dir: string; unmount(): Promise<void> } | null> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-small-disk-"));
  try {
    await run("mount", ["-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir]);
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    if (process.env.MOHAR_REQUIRE_INTEROP === "1") throw new Error(`a tmpfs cannot be mounted for the disk-full test (MOHAR_REQUIRE_INTEROP=1): ${(err as Error).message}`, { cause: err });
    return null;
  }
  return {
    dir,
    async unmount() {
      await run("umount", [dir]).catch(() => run("umount", ["-l", dir]));
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Fills the disk under `dir` to the last byte with one file; returns its path. */
async function fill(dir: string): Promise<string> {
  const filler = path.join(dir, "filler");
  const fh = await fs.open(filler, "w");
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) await fh.write(chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
  } finally {
    await fh.close();
  }
  // Then byte by byte, so that not even a small object fits.
  const small = await fs.open(filler, "a");
  try {
    for (;;) await small.write(Buffer.alloc(512, 1));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
  } finally {
    await small.close();
  }
  return filler;
}

/**
 * Issue #19: a full disk gave 500 `internal`, /readyz stayed 200. Now a write is 507 `store.full`
 * with nothing half-stored, /readyz is 503 below STORE_MIN_FREE_BYTES, and everything works again
 * once space is freed.
 */
describe("the disk under DATA_DIR fills up", () => {
  let disk: Awaited<ReturnType<typeof smallDisk>>;
  let srv: TestServer | undefined;
  let postgres: TestPostgres | undefined;

  beforeAll(async () => {
    disk = await smallDisk(6 * MiB);
    // The metadata database on its own server, as in production: the disk that fills is the store's.
    // (The embedded database under DATA_DIR/db alone is larger than this disk.)
    postgres = await startTestPostgres();
    if (disk) srv = await startTestServer({ DATA_DIR: disk.dir, DATABASE_URL: await postgres.createDatabase("diskfull"), STORE_MIN_FREE_BYTES: String(1 * MiB) });
  });
  afterAll(async () => {
    await srv?.close();
    await postgres?.stop();
    await disk?.unmount();
  });

  it("answers 507 store.full and /readyz 503, stores nothing half-way, and recovers when space is freed", async (ctx) => {
    if (!disk || !srv) return ctx.skip();
    const s = srv;
    const letter = await makePdf({ text: "before the disk filled", pages: 2 });
    const first = await s.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(letter, { fileNumber: "F/disk/1" }) });
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    expect((await s.request("/readyz")).status).toBe(200);

    const filler = await fill(disk.dir);
    const refused = await s.request(`/v1/documents/${id}/versions`, { as: "clerk", method: "POST", body: draftForm(await makePdf({ text: "while full" })) });
    expect(refused.status).toBe(507);
    expect(await refused.json()).toMatchObject({ code: "store.full" });
    expect((await s.request("/readyz")).status).toBe(503);
    expect((await s.request("/healthz")).status).toBe(200);
    // A download is audited before it is sent; with no room for its entry it is refused as clearly.
    const download = await s.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk" });
    expect(download.status).toBe(507);
    expect(await download.json()).toMatchObject({ code: "store.full" });

    await fs.rm(filler);
    expect((await s.request("/readyz")).status).toBe(200);
    const doc = (await (await s.request(`/v1/documents/${id}`, { as: "clerk" })).json()) as { versions: Array<{ n: number }> };
    expect(doc.versions.map((v) => v.n)).toEqual([1]);
    expect(await fs.readdir(path.join(disk.dir, ".tmp"))).toEqual([]);
    const again = await s.request(`/v1/documents/${id}/versions`, { as: "clerk", method: "POST", body: draftForm(await makePdf({ text: "after the space was freed" })) });
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ version: 2 });
    const content = await s.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk" });
    expect(Buffer.from(await content.arrayBuffer()).equals(letter)).toBe(true);
    // The audit log took no damage: every entry written is in its chain.
    const audit = await s.request(`/v1/documents/${id}/timeline`, { as: "auditor" });
    expect(audit.status).toBe(200);
  });
});
