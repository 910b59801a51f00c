import { setTimeout as sleep } from "node:timers/promises";
import { ObjectExistsError, ObjectNotFoundError, type ObjectStore } from "../store/index.js";
import { readIntent, signIntent } from "./batchIntent.js";
import { putBundle } from "./bundles.js";
import { decodeEntry, encodeEntry, entryHash, type AuditEntry, type AuditEvent } from "./entry.js";
import { AuditIntegrityError } from "./errors.js";
import type { LogKey } from "./logKey.js";
import { leafHash } from "./merkle.js";
import { mapLimit } from "./mapLimit.js";
import { batchIntentKey } from "./storageKeys.js";
import { TILE_WIDTH, type TiledTree } from "./tiles.js";

const INTENT_READ_RETRIES = 4;
/** Bundles stored at once by one flush. */
const FLUSH_CONCURRENCY = 16;

/**
 * The batch's intent is stored, so its entries are in the log (every later writer and every start
 * rolls them forward from it), but its bundles or tiles could not be stored yet: the next write
 * (or the next start) stores them. Its entries count as appended; refusing them would let a
 * caller take back a version the log will record.
 */
export class BatchUnflushedError extends Error {
  constructor(
    readonly entries: AuditEntry[],
    override readonly cause: unknown,
  ) {
    super(`audit batch from entry ${entries[0]?.seq ?? "?"} is in its intent, its bundles are not stored yet: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "BatchUnflushedError";
  }
}

/**
 * How a batch reaches storage, in this order, each a constant number of create-only puts:
 * 1. the signed batch intent under the key of its first number: the put claims the numbers (an
 *    instance that finds the key taken applies the other batch from that intent and renumbers);
 * 2. the entry bundles the batch touches (full ones, and the new partial one beside the old);
 * 3. the hash tiles; then the caller signs a checkpoint.
 * A crash after 1 leaves an intent whose bundle is missing: the next writer, or the next start,
 * writes that bundle from the intent. The state kept in memory is the tree's right edge and the
 * entries of the bundle not full yet (`open`, from `bundled`'s bundle start to the tree size).
 */
export class BatchWriter {
  constructor(
    private readonly store: ObjectStore,
    private readonly key: LogKey,
    readonly tree: TiledTree,
    private last: string,
    /** Entries up to here are in stored bundles. */
    private bundled: number,
    /** Entry bytes from the start of bundle floor(bundled / 256) to the tree size. */
    private open: Buffer[],
  ) {}

  get size(): number {
    return this.tree.size;
  }

  /** SHA-256 of the last entry's bytes (the next entry's prevHash). */
  get lastEntryHash(): string {
    return this.last;
  }

  /** Numbers, chains, claims and stores `events` as entries stamped `time`: intent, bundles, tiles. */
  async write(events: readonly AuditEvent[], time: string): Promise<AuditEntry[]> {
    for (;;) {
      const first = this.tree.size;
      let prev = this.last;
      const bytes: Buffer[] = [];
      const entries = events.map((event, i): AuditEntry => {
        const entry: AuditEntry = { seq: first + i, time, ...event, prevHash: prev };
        bytes.push(encodeEntry(entry));
        prev = entryHash(bytes[i]!);
        return entry;
      });
      const note = signIntent(this.key, { firstSeq: first, leafHashes: bytes.map((b) => leafHash(b).toString("hex")), entries: bytes });
      if (!(await this.claim(first, note))) {
        // Another writer claimed these numbers: take its batch, then ours gets the next ones.
        this.apply(await readClaimedBatch(this.store, this.key, first, this.last));
        continue;
      }
      this.apply(bytes);
      try {
        await this.flush();
      } catch (err) {
        if (err instanceof AuditIntegrityError) throw err;
        throw new BatchUnflushedError(entries, err);
      }
      return entries;
    }
  }

  /**
   * Stores the batch's intent for `first`: true when ours is stored, false when another writer's
   * holds these numbers. A failed put is tried once more with the same bytes, which stores it if
   * nothing was kept, makes it durable if the local store linked it but its directory sync failed,
   * or finds it (a timed-out S3 PUT the store kept: the same note, ours).
   */
  private async claim(first: number, note: string): Promise<boolean> {
    const body = Buffer.from(note, "utf8");
    let failure: unknown = null;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await this.store.putIfAbsent(batchIntentKey(first), body);
        return true;
      } catch (err) {
        if (err instanceof ObjectExistsError) return this.storedIntentIs(first, note);
        failure ??= err;
      }
    }
    // Both failed. An intent kept all the same is in the log for every writer that follows intents:
    // refusing the batch would let the caller take back what the log then records. (One whose outcome
    // cannot be read back either is reported as failed, as an entry put was before bundles.)
    if (await this.storedIntentIs(first, note).catch(() => false)) return true;
    throw failure;
  }

  /** Whether the intent stored for firstSeq is exactly `note` (Ed25519 notes are deterministic). */
  private async storedIntentIs(firstSeq: number, note: string): Promise<boolean> {
    try {
      return (await this.store.getBuffer(batchIntentKey(firstSeq))).toString("utf8") === note;
    } catch (err) {
      if (err instanceof ObjectNotFoundError) return false;
      throw err;
    }
  }

  /** Applies batches other writers claimed past our end (their intents), and stores what is missing. */
  async catchUp(): Promise<void> {
    for (;;) {
      const next = await followIntent(this.store, this.key, this.tree.size, this.last);
      if (!next) break;
      this.apply(next);
    }
    await this.flush();
  }

  /** Adds checked entry bytes at the end of the tree (they are stored by the next flush). */
  apply(bytes: readonly Buffer[]): void {
    for (const b of bytes) {
      this.tree.append(leafHash(b));
      this.open.push(b);
      this.last = entryHash(b);
    }
  }

  /**
   * Stores the bundles and hash tiles of entries not stored yet (`tolerate`: see TiledTree.flush),
   * side by side: both are derived from the entries the intent already holds, and the checkpoint
   * that makes them count is written only after both.
   */
  async flush(tolerate = false): Promise<void> {
    const size = this.tree.size;
    const bundleNumbers: number[] = [];
    const start = Math.floor(this.bundled / TILE_WIDTH) * TILE_WIDTH;
    if (size > this.bundled) for (let n = start / TILE_WIDTH; n * TILE_WIDTH < size; n += 1) bundleNumbers.push(n);
    // A few at a time: converting a large legacy log flushes thousands of bundles at once.
    const bundles = mapLimit(bundleNumbers, FLUSH_CONCURRENCY, (n) => {
      const from = n * TILE_WIDTH - start;
      return putBundle(this.store, n, this.open.slice(from, Math.min(size - start, from + TILE_WIDTH)));
    });
    const results = await Promise.allSettled([bundles, this.tree.flush(tolerate)]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    if (size > this.bundled) {
      this.open = this.open.slice(Math.floor(size / TILE_WIDTH) * TILE_WIDTH - start);
      this.bundled = size;
    }
  }
}

/**
 * The entries of the batch whose intent claims `firstSeq`, checked: signed by the log key,
 * carrying its entries, numbered from firstSeq and extending the chain after `lastEntryHash`.
 * Null when no intent claims firstSeq.
 */
export async function followIntent(store: ObjectStore, key: LogKey, firstSeq: number, lastEntryHash: string): Promise<Buffer[] | null> {
  try {
    return await readClaimedBatch(store, key, firstSeq, lastEntryHash);
  } catch (err) {
    if (err instanceof ObjectNotFoundError) return null;
    throw err;
  }
}

async function readClaimedBatch(store: ObjectStore, key: LogKey, firstSeq: number, lastEntryHash: string): Promise<Buffer[]> {
  // Some S3-compatible servers show an object before its body is complete: re-read a few times.
  for (let attempt = 0; ; attempt += 1) {
    const note = (await store.getBuffer(batchIntentKey(firstSeq))).toString("utf8");
    const intent = readIntent(key, note);
    if (intent?.entries && intent.firstSeq === firstSeq && intent.entries.length > 0) {
      let prev = lastEntryHash;
      for (const [i, b] of intent.entries.entries()) {
        const e = decodeEntry(b);
        if (typeof e === "string" || e.seq !== firstSeq + i || e.prevHash !== prev) {
          throw new AuditIntegrityError({ seq: firstSeq + i, reason: `entry ${firstSeq + i}, in a batch intent another writer signed, does not extend the chain` });
        }
        prev = entryHash(b);
      }
      return intent.entries;
    }
    if (attempt === INTENT_READ_RETRIES) {
      throw new AuditIntegrityError({ seq: firstSeq, reason: `the batch intent claiming entry ${firstSeq} is not signed by the log key or carries no entries: no log instance wrote it` });
    }
    await sleep(20 * 2 ** attempt);
  }
}
