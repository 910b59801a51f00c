import type { ObjectStore } from "../store/index.js";
import { BatchWriter } from "./batchWrite.js";
import { BundleReader } from "./bundles.js";
import { encodeEntry, entryHash, GENESIS_HASH } from "./entry.js";
import { AuditIntegrityError } from "./errors.js";
import type { LogKey } from "./logKey.js";
import { leafHash } from "./merkle.js";
import { MIGRATED_KEY } from "./storageKeys.js";
import { TILE_WIDTH, TiledTree } from "./tiles.js";
import type { LogVerification } from "./verifyLog.js";

const FLUSH_EVERY = 64;

/**
 * The writer's state rebuilt from the first `size` entries' bundles, read in order (the start's
 * fallback after the whole-log check): the tree, whose missing tiles are stored on the way
 * (with `tolerate`, tiles that differ are kept in memory instead: a log started despite findings).
 */
export async function rebuildFromBundles(store: ObjectStore, key: LogKey, size: number, tolerate: boolean): Promise<BatchWriter> {
  const tree = TiledTree.empty(store);
  const reader = new BundleReader(store);
  let last = GENESIS_HASH;
  let open: Buffer[] = [];
  for (let n = 0; n * TILE_WIDTH < size; n += 1) {
    const bundle = await reader.bundle(n, size);
    if (!bundle) throw new AuditIntegrityError({ seq: n * TILE_WIDTH, reason: `entry bundle ${n} is missing` });
    for (const bytes of bundle) {
      tree.append(leafHash(bytes));
      last = entryHash(bytes);
    }
    open = bundle.length < TILE_WIDTH ? bundle : [];
    if (n % FLUSH_EVERY === FLUSH_EVERY - 1) await tree.flush(tolerate);
  }
  await tree.flush(tolerate);
  return new BatchWriter(store, key, tree, last, size, [...open]);
}

/**
 * A log from before entry bundles, read whole and checked (`legacy`): its entries' bytes go into
 * bundles (create-only: a run cut short is finished by the next, which finds identical bundles)
 * with the tiles, then MIGRATED_KEY says the entry objects are no longer read. Entry bytes are
 * the same, so no leaf hash, root or signed checkpoint changes.
 */
export async function convertLegacy(store: ObjectStore, key: LogKey, legacy: LogVerification, tolerate: boolean): Promise<BatchWriter> {
  const tree = TiledTree.fromMerkle(store, legacy.tree);
  const writer = new BatchWriter(store, key, tree, legacy.lastEntryHash, 0, legacy.entries.map(encodeEntry));
  await writer.flush(tolerate);
  return writer;
}

export async function markMigrated(store: ObjectStore): Promise<void> {
  if ((await store.head(MIGRATED_KEY)) === null) await store.putIfAbsent(MIGRATED_KEY, Buffer.from("entry bundles hold this log's entries; audit/entries/ is no longer read\n"));
}
