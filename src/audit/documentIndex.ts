import type { ObjectStore } from "../store/index.js";
import { ObjectExistsError } from "../store/index.js";
import { BundleReader, dropPartials } from "./bundles.js";
import { decodeEntry, type AuditEntry } from "./entry.js";
import { mapLimit } from "./mapLimit.js";
import { BY_DOCUMENT_PREFIX, documentMarkerKey, documentPrefix, INDEXED_PREFIX } from "./storageKeys.js";
import { TILE_WIDTH, tileIndexPath } from "./tiles.js";

/**
 * The by-document index: a zero-byte, create-only marker `audit/by-document/{id}/{seq}` per
 * entry that names a document, so a document's entries are one prefix listing away. It is
 * only a hint; readers keep an entry only if it names the document itself. Markers are written
 * off the append path, a full entry bundle at a time, by DocumentIndexer; readers scan the
 * bundles it has not reached yet.
 */
export async function putMarker(store: ObjectStore, documentId: string, seq: number): Promise<void> {
  try {
    await store.putIfAbsent(documentMarkerKey(documentId, seq), Buffer.alloc(0));
  } catch (err) {
    if (!(err instanceof ObjectExistsError)) throw err;
  }
}

/** Re-creates by-document markers a crash left unwritten (one list, then only the missing puts). */
export async function repairDocumentIndex(store: ObjectStore, entries: AuditEntry[]): Promise<void> {
  const have = new Set((await store.list(BY_DOCUMENT_PREFIX)).map((o) => o.key));
  const missing = entries.filter((e) => e.documentId !== undefined && !have.has(documentMarkerKey(e.documentId, e.seq)));
  await mapLimit(missing, 32, (e) => putMarker(store, e.documentId as string, e.seq));
}

/** Sequence numbers the index lists for a document, ascending. */
export async function documentSeqs(store: ObjectStore, documentId: string): Promise<number[]> {
  const prefix = documentPrefix(documentId);
  return (await store.list(prefix)).map((o) => Number(o.key.slice(prefix.length))).filter((s) => Number.isSafeInteger(s));
}

const indexedKey = (n: number): string => `${INDEXED_PREFIX}${tileIndexPath(n)}`;
const MARKER_CONCURRENCY = 8;
/** How far (in entries) the markers may fall behind while appends keep coming, before they are written anyway. */
export const MAX_INDEX_LAG = 64 * TILE_WIDTH;

/**
 * Writes the by-document markers of each full entry bundle in the background (one bundle at a
 * time, then `audit/by-document-indexed/<N>` to say so), so an append costs no marker writes;
 * with `dropPartialBundles`, the bundle's superseded partial copies go at the same step.
 * It gives way to appends (`busy`) until it is MAX_INDEX_LAG entries behind, so a burst of
 * appends is not slowed by marker writes; it catches up once the queue is empty.
 * `indexedTo` is how far markers are known written; a reader scans the entries past it.
 * Progress survives restarts: the first bundle without its indexed mark is found by bisection.
 */
export class DocumentIndexer {
  /** Entries below this have their markers. */
  indexedTo = 0;
  private target = 0;
  private running: Promise<void> | null = null;
  private stopped = false;
  private ready: Promise<void> = Promise.resolve();
  private readonly reader: BundleReader;

  constructor(
    private readonly store: ObjectStore,
    private readonly logger?: { warn(obj: object, msg: string): void },
    private readonly busy: () => boolean = () => false,
    /** Delete each full bundle's partial copies before marking it indexed (see `dropPartials`). */
    private readonly dropPartialBundles = false,
  ) {
    this.reader = new BundleReader(store);
  }

  /** Finds where indexing stopped and indexes up to `size` (the log's size now). */
  start(size: number): void {
    this.ready = this.findIndexed().then((n) => {
      this.indexedTo = n * TILE_WIDTH;
    });
    this.ready.catch(() => undefined);
    this.notify(size);
  }

  /** The log now holds `size` entries in stored bundles: index the full bundles among them. */
  notify(size: number): void {
    this.target = Math.max(this.target, size);
    if (!this.running && !this.stopped) this.running = this.run().finally(() => (this.running = null));
  }

  /** Waits for the indexing under way and stops. */
  async close(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Waits until every full bundle below `size` is indexed (for tests and the migration). */
  async settle(size: number): Promise<void> {
    this.notify(size);
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    try {
      try {
        await this.ready;
      } catch (err) {
        // Finding where indexing stopped failed (the store was out): look again on this run's retry.
        this.ready = this.findIndexed().then((n) => {
          this.indexedTo = n * TILE_WIDTH;
        });
        this.ready.catch(() => undefined);
        throw err;
      }
      while (!this.stopped && this.indexedTo + TILE_WIDTH <= this.target) {
        // Appends waiting: let them go first (the next batch notifies again), unless too far behind.
        if (this.busy() && this.target - this.indexedTo <= MAX_INDEX_LAG) return;
        const n = this.indexedTo / TILE_WIDTH;
        const bundle = await this.reader.bundle(n, this.target);
        if (!bundle) return;
        const named = bundle.map((b) => decodeEntry(b)).filter((e): e is AuditEntry => typeof e !== "string" && e.documentId !== undefined);
        await mapLimit(named, MARKER_CONCURRENCY, (e) => putMarker(this.store, e.documentId as string, e.seq));
        // Before the mark, so a crash between leaves none behind for good.
        if (this.dropPartialBundles) await dropPartials(this.store, n);
        await putMarkerKey(this.store, indexedKey(n));
        this.indexedTo += TILE_WIDTH;
      }
    } catch (err) {
      // Readers scan what is not indexed: a failure here costs speed, not answers. Retried on the next batch.
      this.logger?.warn({ err: (err as Error).message }, "audit log: writing the by-document index failed; readers scan the entries instead");
    }
  }

  /** Index of the first full bundle without its indexed mark: doubling, then bisection. */
  private async findIndexed(): Promise<number> {
    const has = async (n: number): Promise<boolean> => (await this.store.head(indexedKey(n))) !== null;
    if (!(await has(0))) return 0;
    let hi = 1;
    while (await has(hi)) hi *= 2;
    let lo = Math.floor(hi / 2);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await has(mid)) lo = mid;
      else hi = mid;
    }
    return lo + 1;
  }
}

async function putMarkerKey(store: ObjectStore, key: string): Promise<void> {
  try {
    await store.putIfAbsent(key, Buffer.alloc(0));
  } catch (err) {
    if (!(err instanceof ObjectExistsError)) throw err;
  }
}

/** Marks the full bundles below `size` indexed (a log from before bundles, whose markers were written per entry). */
export async function markIndexed(store: ObjectStore, size: number): Promise<void> {
  const bundles = Array.from({ length: Math.floor(size / TILE_WIDTH) }, (_, n) => n);
  await mapLimit(bundles, 32, (n) => putMarkerKey(store, indexedKey(n)));
}
