import { MoharError } from "../errors.js";
import { ObjectNotFoundError, type ObjectStore } from "../store/index.js";
import { decodeEntry, type AuditEntry } from "./entry.js";
import { AuditIntegrityError } from "./errors.js";
import { documentSeqs } from "./documentIndex.js";
import { intentNotes } from "./fullCheck.js";
import { mapLimit } from "./mapLimit.js";
import { leafHash } from "./merkle.js";
import { CHECKPOINTS_PREFIX, entryKey, seqOfKey } from "./storageKeys.js";
import type { TiledTree } from "./tiles.js";

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
  constructor(
    private readonly store: ObjectStore,
    private readonly tree: TiledTree,
    private readonly signedSize: () => number,
  ) {}

  /** Entries with from <= seq < to (to capped at the signed size; at most MAX_PAGE). */
  async entries(from: number, to: number): Promise<AuditEntry[]> {
    const end = Math.min(to, this.signedSize(), from + MAX_PAGE);
    const seqs = Array.from({ length: Math.max(0, end - from) }, (_, i) => from + i);
    // Read in parallel; a damaged page names its first bad entry, whichever read failed first.
    const read = await mapLimit(seqs, READ_CONCURRENCY, (seq) => this.readEntry(seq).then((entry) => ({ entry }), (error: unknown) => ({ error })));
    const bad = read.find((r): r is { error: unknown } => "error" in r);
    if (bad) throw bad.error;
    return read.map((r) => (r as { entry: AuditEntry }).entry);
  }

  /** A document's entries with seq >= from, oldest first, at most `limit`. */
  async entriesForDocument(documentId: string, from = 0, limit = MAX_PAGE): Promise<{ entries: AuditEntry[]; next: number | null }> {
    const size = this.signedSize();
    const seqs = (await documentSeqs(this.store, documentId)).filter((s) => s >= from && s < size);
    const page = seqs.slice(0, limit);
    // The index is only a hint: an entry counts only if it names the document itself.
    const entries = (await mapLimit(page, READ_CONCURRENCY, (seq) => this.readEntry(seq))).filter((e) => e.documentId === documentId);
    return { entries, next: seqs.length > limit ? seqs[limit]! : null };
  }

  private async readEntry(seq: number): Promise<AuditEntry> {
    const bytes = await this.store.getBuffer(entryKey(seq)).catch((err: unknown) => {
      if (err instanceof ObjectNotFoundError) throw new AuditIntegrityError({ seq, reason: `entry ${seq} is missing from storage (it was there when the log was opened)` });
      throw err;
    });
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
   * Raw stored bytes of entries [from, to), or null where an object is gone: the export
   * carries what storage holds, so an offline check sees any damage done after open.
   */
  async rawEntries(from: number, to: number): Promise<Array<Buffer | null>> {
    const seqs = Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
    return mapLimit(seqs, READ_CONCURRENCY, async (seq) => {
      try {
        return await this.store.getBuffer(entryKey(seq));
      } catch (err) {
        if (err instanceof ObjectNotFoundError) return null;
        throw err;
      }
    });
  }
}
