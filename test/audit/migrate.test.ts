import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { AuditLog, loadOrCreateLogKey, migrateToTiles } from "../../src/audit/index.js";
import { storedTileSize, TILE_PREFIX } from "../../src/audit/tiles.js";
import { FsObjectStore } from "../../src/store/index.js";
import { ORIGIN, seedEntriesOnDisk, storedEntries, tempDir } from "./fixtures.js";
import { mth } from "./rfc9162Verifier.js";

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "../..");

describe("mohar audit migrate: a log from before entry bundles gets its bundles and tiles", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("keeps every entry, root and signed checkpoint; a run cut short is finished by the next; the log then opens from its tiles", async () => {
    dir = await tempDir();
    const key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), ORIGIN);
    const leaves = await seedEntriesOnDisk(path.join(dir, "store"), key, 1300);
    const store = await FsObjectStore.open(path.join(dir, "store"));
    const before = new Map(await Promise.all((await store.list("audit/")).map(async (o) => [o.key, await store.getBuffer(o.key)] as const)));

    const first = await migrateToTiles(store, key);
    expect(first).toMatchObject({ alreadyTiled: false, size: 1300 });
    expect(first.root.equals(mth(leaves))).toBe(true);
    // Nothing that was there changed; only tiles were added.
    const changed = (await Promise.all([...before].map(async ([k, body]) => ((await store.getBuffer(k)).equals(body) ? null : k)))).filter((k) => k !== null);
    expect(changed).toEqual([]);
    const new_ = (await store.list("audit/")).map((o) => o.key).filter((k) => !before.has(k));
    // Entry bundles and tiles, the by-document index markers the seeding left out, and last the mark that the bundles are complete.
    expect(new_.filter((k) => !k.startsWith(TILE_PREFIX) && k !== "audit/migrated-to-bundles").every((k) => /^audit\/by-document(-indexed)?\//.test(k))).toBe(true);
    expect(new_).toContain("audit/migrated-to-bundles");
    const added = new_.filter((k) => k.startsWith(TILE_PREFIX));
    expect(added.filter((k) => k.startsWith(`${TILE_PREFIX}entries/`))).toEqual(["audit/tile/entries/000", "audit/tile/entries/001", "audit/tile/entries/002", "audit/tile/entries/003", "audit/tile/entries/004", "audit/tile/entries/005.p/20"]);
    // The independent reader finds every entry in the bundles, byte for byte.
    expect((await storedEntries(store, 1300)).every((b, i) => b.equals(leaves[i]!))).toBe(true);

    // Cut short: only some of the bundles and tiles reached storage, and so not the final mark.
    for (const k of added.filter((_, i) => i % 2 === 1)) await store.delete(k);
    await store.delete("audit/migrated-to-bundles");
    expect(await storedTileSize(store)).toBeLessThan(1300);
    const again = await migrateToTiles(store, key);
    expect(again).toMatchObject({ alreadyTiled: false, size: 1300 });
    expect((await store.list(TILE_PREFIX)).map((o) => o.key).sort()).toEqual(added.sort());
    expect(await migrateToTiles(store, key)).toMatchObject({ alreadyTiled: true, size: 1300 });

    const log = await AuditLog.open({ store, key });
    expect(log.checkpoint.root.equals(mth(leaves))).toBe(true);
    await log.close();
    await store.close();
  });

  it("refuses a damaged log, naming the entry, and stores no tiles for it", async () => {
    dir = await tempDir();
    const key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), ORIGIN);
    await seedEntriesOnDisk(path.join(dir, "store"), key, 300);
    const file = path.join(dir, "store", "audit", "entries", `${String(7).padStart(12, "0")}.json`);
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace("clerk-", "other-"));
    const store = await FsObjectStore.open(path.join(dir, "store"));
    await expect(migrateToTiles(store, key)).rejects.toThrow(/at entry 7: entry 7 was changed/);
    expect(await store.list(TILE_PREFIX)).toEqual([]);
    await store.close();
  });

  it("runs as a command on the configured store", async () => {
    dir = await tempDir();
    const key = await loadOrCreateLogKey(path.join(dir, "store", "audit-key.pem"), ORIGIN);
    await seedEntriesOnDisk(path.join(dir, "store"), key, 40);
    const env = { ...process.env, DATA_DIR: path.join(dir, "store"), AUDIT_ORIGIN: ORIGIN, AUDIT_WITNESS_FILE: "" };
    const { stdout } = await run(path.join(repo, "node_modules/.bin/tsx"), ["src/cli.ts", "audit", "migrate"], { cwd: repo, env });
    expect(stdout).toMatch(/^OK: entry bundles and hash tiles stored and checked: the log opens from them at size 40, root /);
  }, 60_000);
});
