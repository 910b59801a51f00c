import { MoharError } from "../errors.js";
import type { ObjectStore } from "../store/index.js";
import { BundleReader, bundleKey, readStoredBundle } from "./bundles.js";
import { decodeEntry, type AuditEntry } from "./entry.js";
import { AuditIntegrityError } from "./errors.js";
import { documentSeqs, type DocumentIndexer } from "./documentIndex.js";
import { intentNotes } from "./fullCheck.js";
import { mapLimit } from "./mapLimit.js";
import { leafHash } from "./merkle.js";
import { CHECKPOINTS_PREFIX, seqOfKey } from "./storageKeys.js";
import { TILE_WIDTH, type TiledTree } from "./tiles.js";

export interface InclusionProof {
  seq: number;
  treeSize: number;
  leafHash: string;
  root: string;
  proof: string[];
}

export interface ConsistencyProof {
  from: number;
  to: number;
  fromRoot: string;
  toRoot: string;
  proof: string[];
}

export const READ_CONCURRENCY = 32;
export const MAX_PAGE = 1000;

/**
 * Reading the log: entries (checked against the tree as they are read), a document's entries,
 * inclusion and consistency proofs, checkpoints, intents and the raw bytes an export carries.
 * Bounded by the latest signed checkpoint (`signedSize`), which the writer moves on.
 */
export class LogReads {
  private readonly bundles: BundleReader;

  constructor(
    private readonly store: ObjectStore,
    private readonly tree: TiledTree,
    private readonly signedSize: () => number,
    private readonly indexer: DocumentIndexer,
  ) {
    this.bundles = new BundleReader(store);
  }

  /** Entries with from <= seq < to (to capped at the signed size; at most MAX_PAGE), each checked against its leaf hash. */
  async entries(from: number, to: number): Promise<AuditEntry[]> {
    const size = this.signedSize();
    const end = Math.min(to, size, from + MAX_PAGE);
    if (end <= from) return [];
    const raw = await this.bundles.raw(from, end, size);
    const out: AuditEntry[] = [];
    for (const [i, bytes] of raw.entries()) out.push(await this.check(from + i, bytes, size));
    return out;
  }

  /**
   * A document's entries with seq >= from, oldest first, at most `limit`: those the by-document
   * markers name, and those in bundles the indexer has not reached yet (scanned).
   */
  async entriesForDocument(documentId: string, from = 0, limit = MAX_PAGE): Promise<{ entries: AuditEntry[]; next: number | null }> {
    const size = this.signedSize();
    const indexed = Math.min(this.indexer.indexedTo, size);
    const marked = (await documentSeqs(this.store, documentId)).filter((s) => s >= from && s < indexed);
    const found: AuditEntry[] = [];
    // The index is only a hint: an entry counts only if it names the document itself.
    for (const seq of marked) {
      if (found.length > limit) break;
      const [bytes] = await this.bundles.raw(seq, seq + 1, size);
      const e = await this.check(seq, bytes ?? null, size);
      if (e.documentId === documentId) found.push(e);
    }
    for (let n = Math.floor(Math.max(from, indexed) / TILE_WIDTH); n * TILE_WIDTH < size && found.length <= limit; n += 1) {
      const bundle = (await this.bundles.bundle(n, size)) ?? [];
      for (const [i, bytes] of bundle.entries()) {
        const seq = n * TILE_WIDTH + i;
        if (seq < Math.max(from, indexed) || !bytes.includes(`"documentId":${JSON.stringify(documentId)}`)) continue;
        const e = await this.check(seq, bytes, size);
        if (e.documentId === documentId) found.push(e);
      }
      if (bundle.length === 0) await this.check(n * TILE_WIDTH, null, size);
    }
    return { entries: found.slice(0, limit), next: found.length > limit ? found[limit]!.seq : null };
  }

  /** The entry in `bytes` (stored at `seq`), refused unless it is the one the tree holds. */
  private async check(seq: number, bytes: Buffer | null, size: number): Promise<AuditEntry> {
    if (bytes === null) {
      throw new AuditIntegrityError({ seq, reason: `entry ${seq} is missing from storage (${bundleKey(Math.floor(seq / TILE_WIDTH), Math.min(TILE_WIDTH, size - Math.floor(seq / TILE_WIDTH) * TILE_WIDTH))} was there when the log was opened)` });
    }
    const e = decodeEntry(bytes);
    if (typeof e === "string" || e.seq !== seq || !leafHash(bytes).equals(await this.tree.leaf(seq))) {
      throw new AuditIntegrityError({ seq, reason: `entry ${seq} changed in storage after the log was opened` });
    }
    return e;
  }

  async inclusionProof(seq: number, treeSize: number): Promise<InclusionProof> {
    this.checkSigned(treeSize);
    const proof = await this.tree.inclusionProof(seq, treeSize);
    return {
      seq,
      treeSize,
      leafHash: (await this.tree.leaf(seq)).toString("hex"),
      root: (await this.tree.root(treeSize)).toString("hex"),
      proof: proof.map((h) => h.toString("hex")),
    };
  }

  async consistencyProof(from: number, to: number): Promise<ConsistencyProof> {
    this.checkSigned(to);
    const proof = await this.tree.consistencyProof(from, to);
    return {
      from,
      to,
      fromRoot: (await this.tree.root(Math.min(from, to))).toString("hex"),
      toRoot: (await this.tree.root(to)).toString("hex"),
      proof: proof.map((h) => h.toString("hex")),
    };
  }

  private checkSigned(size: number): void {
    if (!(Number.isSafeInteger(size) && size >= 0 && size <= this.signedSize())) {
      throw new MoharError("audit.bad_proof_request", `tree size ${size} is beyond the latest signed checkpoint (${this.signedSize()})`);
    }
  }

  /** Signed checkpoints with size <= `upTo`, ascending. */
  async checkpointNotes(upTo: number): Promise<string[]> {
    const keys = (await this.store.list(CHECKPOINTS_PREFIX))
      .map((o) => o.key)
      .filter((k) => (seqOfKey(k, CHECKPOINTS_PREFIX, ".txt") ?? Infinity) <= upTo);
    return mapLimit(keys, READ_CONCURRENCY, async (k) => (await this.store.getBuffer(k)).toString("utf8"));
  }

  /** Batch intent notes for entries past the signed size `covered`. */
  intentNotes(covered: number): Promise<string[]> {
    return intentNotes(this.store, covered);
  }

  /**
   * Raw stored bytes of entries [from, to), or null where a bundle is gone or too short: the
   * export carries what storage holds (the full bundle, else the widest partial one), so an
   * offline check sees any damage done after open, and entries stored past the signed size.
   */
  async rawEntries(from: number, to: number): Promise<Array<Buffer | null>> {
    const out: Array<Buffer | null> = [];
    for (let seq = from; seq < to; ) {
      const n = Math.floor(seq / TILE_WIDTH);
      const end = Math.min(to, (n + 1) * TILE_WIDTH);
      const b = await readStoredBundle(this.store, n);
      // A bundle that does not parse: its entries are not there to export.
      const entries = b && "entries" in b ? b.entries : [];
      for (; seq < end; seq += 1) out.push(entries[seq - n * TILE_WIDTH] ?? null);
    }
    return out;
  }
}
