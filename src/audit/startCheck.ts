import { ObjectNotFoundError, type ObjectStore } from "../store/index.js";
import { BatchWriter, followIntent } from "./batchWrite.js";
import { BundleReader, bundleKey, widestPartial } from "./bundles.js";
import { readSignedCheckpoint } from "./checkpoint.js";
import { decodeEntry, entryHash, type AuditEntry } from "./entry.js";
import { AuditIntegrityError } from "./errors.js";
import { isLegacyLayout, removedPerIntents, removedPerWitness } from "./fullCheck.js";
import type { LogKey } from "./logKey.js";
import { leafHash } from "./merkle.js";
import { checkpointKey, CHECKPOINTS_PREFIX, intentBlockPrefix, MAX_BATCH, seqOfKey } from "./storageKeys.js";
import { storedTileSize, TILE_WIDTH, TiledTree } from "./tiles.js";
import type { VerifiedCheckpoint } from "./verifyLog.js";
import type { CheckpointWitness } from "./witness.js";

export interface QuickStart {
  /** The tree's right edge, the last entry's hash and the open bundle, past the checkpoint too. */
  writer: BatchWriter;
  latest: VerifiedCheckpoint;
  /** Entries found past the checkpoint, in batch intents this log key signed; already in the writer. */
  tail: AuditEntry[];
}

/** Entries past the checkpoint read at start before falling back to reading the whole log. */
const MAX_TAIL = 10_000;
const BLOCK = 1000;
const STRAY_RETRIES = 2;

/**
 * The start-up check at constant cost: the size the hash tiles reach, the signed checkpoint
 * for that size (signature, origin), the tiles' right edge (their root must be the signed
 * root), the last entry (from its bundle) against its leaf hash, then the batches past the
 * checkpoint (each in the intent that claimed it: signature, chain), no bundle holding entries
 * past them, and the signs of a log cut back (intents past its end near it, the witness).
 * Anything unexpected returns a reason instead: the caller then reads and checks the whole
 * log, which names the first bad entry. Damage inside the signed part is left to the full
 * check (`mohar audit verify --store`, or the background check).
 */
export async function quickStart(store: ObjectStore, key: LogKey, witness: CheckpointWitness | undefined): Promise<QuickStart | { fallback: string }> {
  if (await isLegacyLayout(store)) return { fallback: "the log is from before entry bundles (one object per entry)" };
  const tiled = await storedTileSize(store);
  if (tiled === 0) return { fallback: "the log has no hash tiles yet" };
  // The tiles are written before their checkpoint: after a crash between the two, or while another
  // instance is between them, start from the newest checkpoint below and follow the intents.
  const signed = await newestCheckpointAtMost(store, tiled);
  if (!signed) return { fallback: `no signed checkpoint at or near size ${tiled}, which the hash tiles reach` };
  const { size, note } = signed;
  const cp = readSignedCheckpoint(key, note);
  if (typeof cp === "string" || cp.origin !== key.name || cp.size !== size) return { fallback: `the checkpoint for size ${size} does not verify` };
  const tree = await TiledTree.load(store, size);
  if (!tree) return { fallback: `a hash tile on the right edge of size ${size} is missing or malformed` };
  if (!(await tree.root(size)).equals(cp.root)) return { fallback: `the hash tiles do not make the root of the signed checkpoint for size ${size}` };
  const lastBundle = Math.floor((size - 1) / TILE_WIDTH);
  let entries: Buffer[] | null;
  try {
    entries = await new BundleReader(store).bundle(lastBundle, size);
  } catch (err) {
    if (err instanceof AuditIntegrityError) return { fallback: err.finding.reason };
    throw err;
  }
  const last = entries?.at(-1) ?? null;
  const e = last === null ? null : decodeEntry(last);
  if (last === null || e === null || typeof e === "string" || e.seq !== size - 1 || !leafHash(last).equals(await tree.leaf(size - 1))) {
    return { fallback: `entry ${size - 1} does not match the hash tiles` };
  }
  const open = size % TILE_WIDTH === 0 ? [] : entries!;
  // The partial bundle's entries are copied into every wider bundle and finally the full one
  // (create-only, maybe under object lock): each must be the tree's leaf and extend the chain, or
  // a changed one would be made permanent.
  const openFrom = lastBundle * TILE_WIDTH;
  let prev: string | null = null;
  for (const [i, b] of open.entries()) {
    const entry = decodeEntry(b);
    if (entry === null || typeof entry === "string" || entry.seq !== openFrom + i || (prev !== null && entry.prevHash !== prev) || !leafHash(b).equals(await tree.leaf(openFrom + i))) {
      return { fallback: `entry ${openFrom + i} in the newest entry bundle does not match the hash tiles or the chain` };
    }
    prev = entryHash(b);
  }
  const writer = new BatchWriter(store, key, tree, entryHash(last), size, [...open]);

  const tail: AuditEntry[] = [];
  // A bundle holding entries past the end that no intent announced was put there by hand; but
  // another instance may have claimed and stored a batch meanwhile: follow the intents again.
  for (let attempt = 0; ; attempt += 1) {
    for (;;) {
      let batch: Buffer[] | null;
      try {
        batch = await followIntent(store, key, writer.size, writer.lastEntryHash);
      } catch (err) {
        if (err instanceof AuditIntegrityError) return { fallback: err.finding.reason };
        throw err;
      }
      if (!batch) break;
      if (tail.length + batch.length > MAX_TAIL) return { fallback: `more than ${MAX_TAIL} entries past the checkpoint` };
      writer.apply(batch);
      tail.push(...batch.map((b) => decodeEntry(b) as AuditEntry));
    }
    const n = Math.floor(writer.size / TILE_WIDTH);
    const wider = await widestPartial(store, n);
    if ((await store.head(bundleKey(n))) === null && !(wider && wider.width > writer.size % TILE_WIDTH)) break;
    if (attempt === STRAY_RETRIES) return { fallback: `entry bundle ${n} holds entries past entry ${writer.size - 1} that no batch intent announced` };
  }
  const end = writer.size;
  const intentKeys: string[] = [];
  for (let b = Math.floor(Math.max(0, size - MAX_BATCH) / BLOCK); b <= Math.floor(end / BLOCK) + 1; b += 1) {
    intentKeys.push(...(await store.list(intentBlockPrefix(b * BLOCK))).map((o) => o.key));
  }
  const cut = (await removedPerIntents(store, key, intentKeys, end)) ?? (await removedPerWitness(witness, key, { size: end, root: (s) => tree.root(s) }));
  if (cut) return { fallback: cut.reason };
  return { writer, latest: { ...cp, note }, tail };
}

/**
 * The signed checkpoint for `size`, or else the newest one below it in its block of 1,000 sizes
 * or the block before (a short listing on S3); null when there is none that near.
 */
async function newestCheckpointAtMost(store: ObjectStore, size: number): Promise<{ size: number; note: string } | null> {
  const read = async (n: number): Promise<string | null> => {
    try {
      return (await store.getBuffer(checkpointKey(n))).toString("utf8");
    } catch (err) {
      if (err instanceof ObjectNotFoundError) return null;
      throw err;
    }
  };
  const exact = await read(size);
  if (exact !== null) return { size, note: exact };
  for (let block = Math.floor(size / BLOCK); block >= Math.max(0, Math.floor(size / BLOCK) - 1); block -= 1) {
    const prefix = checkpointKey(block * BLOCK).slice(0, CHECKPOINTS_PREFIX.length + 9);
    const sizes = (await store.list(prefix))
      .map((o) => seqOfKey(o.key, CHECKPOINTS_PREFIX, ".txt"))
      .filter((n): n is number => n !== null && n > 0 && n < size)
      .sort((a, b) => b - a);
    for (const n of sizes) {
      const note = await read(n);
      if (note !== null) return { size: n, note };
    }
  }
  return null;
}
