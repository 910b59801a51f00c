import { ObjectNotFoundError, type ObjectStore } from "../store/index.js";
import { vouchedBy } from "./batchIntent.js";
import { readSignedCheckpoint } from "./checkpoint.js";
import { decodeEntry, entryHash, type AuditEntry } from "./entry.js";
import { readIntentNotes, removedPerIntents, removedPerWitness } from "./fullCheck.js";
import type { LogKey } from "./logKey.js";
import { leafHash } from "./merkle.js";
import { checkpointKey, entryKey, intentBlockPrefix } from "./storageKeys.js";
import { storedTileSize, TiledTree } from "./tiles.js";
import type { VerifiedCheckpoint } from "./verifyLog.js";
import type { CheckpointWitness } from "./witness.js";

export interface QuickStart {
  tree: TiledTree;
  lastEntryHash: string;
  latest: VerifiedCheckpoint;
  /** Entries found past the checkpoint, vouched for by batch intents; already in `tree`. */
  tail: AuditEntry[];
}

/** Entries past the checkpoint read at start before falling back to reading the whole log. */
const MAX_TAIL = 10_000;
/** Intents may start this far before the checkpoint (a batch is at most this long). */
const MAX_BATCH = 500;
const BLOCK = 1000;

/**
 * The start-up check at constant cost: the size the hash tiles reach, the signed checkpoint
 * for that size (signature, origin), the tiles' right edge (their root must be the signed
 * root), the last entry against its leaf hash, then the entries past the checkpoint (chain and
 * batch intents) and the signs of a log cut back (intents past its end near it, the witness).
 * Anything unexpected returns a reason instead: the caller then reads and checks the whole
 * log, which names the first bad entry. Damage inside the signed part is left to the full
 * check (`mohar audit verify --store`, or the background check).
 */
export async function quickStart(store: ObjectStore, key: LogKey, witness: CheckpointWitness | undefined): Promise<QuickStart | { fallback: string }> {
  const size = await storedTileSize(store);
  if (size === 0) return { fallback: "the log has no hash tiles yet" };
  let note: string;
  try {
    note = (await store.getBuffer(checkpointKey(size))).toString("utf8");
  } catch (err) {
    if (err instanceof ObjectNotFoundError) return { fallback: `no signed checkpoint for size ${size}, which the hash tiles reach` };
    throw err;
  }
  const cp = readSignedCheckpoint(key, note);
  if (typeof cp === "string" || cp.origin !== key.name || cp.size !== size) return { fallback: `the checkpoint for size ${size} does not verify` };
  const tree = await TiledTree.load(store, size);
  if (!tree) return { fallback: `a hash tile on the right edge of size ${size} is missing or malformed` };
  if (!(await tree.root(size)).equals(cp.root)) return { fallback: `the hash tiles do not make the root of the signed checkpoint for size ${size}` };
  const last = await readStored(store, size - 1);
  const e = last === null ? null : decodeEntry(last);
  if (last === null || e === null || typeof e === "string" || e.seq !== size - 1 || !leafHash(last).equals(await tree.leaf(size - 1))) {
    return { fallback: `entry ${size - 1} does not match the hash tiles` };
  }
  let lastEntryHash = entryHash(last);

  const tailBytes: Buffer[] = [];
  for (let seq = size; ; seq += 1) {
    const bytes = await readStored(store, seq);
    if (bytes === null) break;
    if (tailBytes.length === MAX_TAIL) return { fallback: `more than ${MAX_TAIL} entries past the checkpoint` };
    tailBytes.push(bytes);
  }
  const end = size + tailBytes.length;
  const intentKeys: string[] = [];
  for (let b = Math.floor(Math.max(0, size - MAX_BATCH) / BLOCK); b <= Math.floor(end / BLOCK) + 1; b += 1) {
    intentKeys.push(...(await store.list(intentBlockPrefix(b * BLOCK))).map((o) => o.key));
  }
  const vouched = tailBytes.length > 0 ? vouchedBy(key, await readIntentNotes(store, intentKeys, size)) : new Map<number, Set<string>>();
  const tail: AuditEntry[] = [];
  for (const [i, bytes] of tailBytes.entries()) {
    const seq = size + i;
    const t = decodeEntry(bytes);
    if (typeof t === "string" || t.seq !== seq || t.prevHash !== lastEntryHash) return { fallback: `entry ${seq} past the checkpoint does not extend the chain` };
    const leaf = leafHash(bytes);
    if (!vouched.get(seq)?.has(leaf.toString("hex"))) return { fallback: `entry ${seq} past the checkpoint has no batch intent` };
    tree.append(leaf);
    lastEntryHash = entryHash(bytes);
    tail.push(t);
  }
  const cut = (await removedPerIntents(store, key, intentKeys, end)) ?? (await removedPerWitness(witness, key, { size: end, root: (s) => tree.root(s) }));
  if (cut) return { fallback: cut.reason };
  return { tree, lastEntryHash, latest: { ...cp, note }, tail };
}

async function readStored(store: ObjectStore, seq: number): Promise<Buffer | null> {
  try {
    return await store.getBuffer(entryKey(seq));
  } catch (err) {
    if (err instanceof ObjectNotFoundError) return null;
    throw err;
  }
}
