import fs from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { bundleKey, dropPartials, encodeBundle, readStoredBundle, widestPartial } from "../../src/audit/bundles.js";
import { FsObjectStore, type ObjectStore } from "../../src/store/index.js";
import { tempDir } from "./fixtures.js";

const entries = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => Buffer.from(`entry ${i}`));

describe("a bundle's partial copies dropped beside readers", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function storeWith(widths: number[], full: boolean): Promise<FsObjectStore> {
    dir = await tempDir();
    const store = await FsObjectStore.open(dir);
    for (const w of widths) await store.putIfAbsent(bundleKey(0, w), encodeBundle(entries(w)));
    if (full) await store.putIfAbsent(bundleKey(0), encodeBundle(entries(256)));
    return store;
  }

  it("deletes them narrowest first (not in the listing's order, where 100 comes before 20), so a reader between two deletes finds the widest", async () => {
    const store = await storeWith([20, 100, 150, 9], true);
    const deleted: string[] = [];
    const seen: Array<number | undefined> = [];
    const watched: ObjectStore = Object.assign(Object.create(store) as FsObjectStore, {
      async delete(key: string) {
        await store.delete(key);
        deleted.push(key);
        // What a reader that looked for the full bundle before it was stored lists now.
        seen.push((await widestPartial(store, 0))?.width);
      },
    });
    await dropPartials(watched, 0);
    expect(deleted).toEqual([9, 20, 100, 150].map((w) => bundleKey(0, w)));
    // Mid-deletion the widest partial copy, never a narrower one; then none (readStoredBundle then takes the full one).
    expect(seen).toEqual([150, 150, 150, undefined]);
  });

  it("reads the full bundle when it was stored and the partial copies dropped between its first look and the listing", async () => {
    const store = await storeWith([20, 40], false);
    const racing: ObjectStore = Object.assign(Object.create(store) as FsObjectStore, {
      async list(prefix: string) {
        // The full bundle stored, its partial copies dropped, all before this listing.
        await store.putIfAbsent(bundleKey(0), encodeBundle(entries(256)));
        await dropPartials(store, 0);
        return store.list(prefix);
      },
    });
    const got = await readStoredBundle(racing, 0);
    expect(got).toMatchObject({ key: bundleKey(0) });
    expect(got && "entries" in got ? got.entries.length : -1).toBe(256);
  });
});
