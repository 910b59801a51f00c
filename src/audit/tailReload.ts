import { ObjectNotFoundError, type ObjectStore } from "../store/index.js";
import { vouchedBy } from "./batchIntent.js";
import { decodeEntry, entryHash } from "./entry.js";
import { AuditIntegrityError } from "./errors.js";
import { intentNotes } from "./fullCheck.js";
import type { LogKey } from "./logKey.js";
import { leafHash } from "./merkle.js";
import { entryKey } from "./storageKeys.js";
import type { TiledTree } from "./tiles.js";

const TAIL_READ_RETRIES = 4;

/**
 * Reads entries other writers added past our tail into `tree`, checking that they extend our
 * chain (`lastEntryHash`) and that a batch intent signed with the log key announced each: an
 * entry put into storage by anyone but a log instance is refused, not signed into the next
 * checkpoint. Returns the hash of the last entry now in the tree.
 */
export async function reloadTail(store: ObjectStore, key: LogKey, tree: TiledTree, lastEntryHash: string): Promise<string> {
  let last = lastEntryHash;
  let vouched = new Map<number, Set<string>>();
  for (;;) {
    const seq = tree.size;
    const bytes = await readOthersEntry(store, seq);
    if (bytes === null) break;
    const e = decodeEntry(bytes);
    if (typeof e === "string" || e.seq !== seq || e.prevHash !== last) {
      throw new AuditIntegrityError({ seq, reason: `entry ${seq}, written by another writer, does not extend the chain` });
    }
    const leaf = leafHash(bytes);
    const hex = leaf.toString("hex");
    // The other writer stored its intent before the entry; read the intents again once per gap.
    if (!vouched.get(seq)?.has(hex)) vouched = vouchedBy(key, await intentNotes(store, seq));
    if (!vouched.get(seq)?.has(hex)) {
      throw new AuditIntegrityError({ seq, reason: `entry ${seq} appeared in storage without a signed batch intent: no log instance wrote it` });
    }
    tree.append(leaf);
    last = entryHash(bytes);
  }
  return last;
}

/**
 * Another writer's entry, or null when there is none. Some S3-compatible servers (s3rver,
 * for one) show an object before its body is complete, so a body that does not parse yet
 * is re-read a few times before the caller judges it.
 */
async function readOthersEntry(store: ObjectStore, seq: number): Promise<Buffer | null> {
  for (let attempt = 0; ; attempt += 1) {
    let bytes: Buffer;
    try {
      bytes = await store.getBuffer(entryKey(seq));
    } catch (err) {
      if (err instanceof ObjectNotFoundError) return null;
      throw err;
    }
    if (typeof decodeEntry(bytes) !== "string" || attempt === TAIL_READ_RETRIES) return bytes;
    await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
  }
}
