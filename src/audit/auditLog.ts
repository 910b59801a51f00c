import { MoharError } from "../errors.js";
import { ObjectExistsError, type ObjectStore } from "../store/index.js";
import { BatchUnflushedError, BatchWriter } from "./batchWrite.js";
import { checkpointBody, readSignedCheckpoint } from "./checkpoint.js";
import { validateEvent, type AuditEntry, type AuditEvent } from "./entry.js";
import { AuditIntegrityError } from "./errors.js";
import { DocumentIndexer, markIndexed, repairDocumentIndex } from "./documentIndex.js";
import { Cosigner, type CosigningOptions, type CosigningStatus, type PublishedCheckpoint } from "./cosigning.js";
import { checkWholeLog } from "./fullCheck.js";
import { EMPTY_ROOT } from "./merkle.js";
import type { LogKey } from "./logKey.js";
import { quickStart } from "./startCheck.js";
import { convertLegacy, markMigrated, rebuildFromBundles } from "./rebuild.js";
import { LogReads, type ConsistencyProof, type InclusionProof } from "./logReads.js";
import { checkpointKey, CLAIMS_PREFIX, MAX_BATCH } from "./storageKeys.js";
import type { TiledTree } from "./tiles.js";
import type { Finding, VerifiedCheckpoint } from "./verifyLog.js";
import type { CheckpointWitness } from "./witness.js";
import { WitnessRecorder } from "./witnessRecorder.js";

export { MAX_PAGE, type ConsistencyProof, type InclusionProof } from "./logReads.js";

export interface AuditLogOptions {
  store: ObjectStore;
  /** The log key; its name is the log origin. */
  key: LogKey;
  /** Check the chain, the latest checkpoint and the unsigned tail at open (default true). */
  verifyOnStart?: boolean;
  /** Where this instance remembers the newest checkpoint it saw, outside the store; none: not remembered. */
  witness?: CheckpointWitness;
  /** External witnesses asked to cosign each checkpoint, and the quorum that publishes one (see cosigning.ts). */
  cosigning?: CosigningOptions;
  /** Delete a bundle's partial copies once its full bundle is stored (not under object lock, which keeps them anyway). */
  dropPartialBundles?: boolean;
  logger?: AuditLogger;
}

type AuditLogger = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error?(obj: object, msg: string): void };

interface Pending {
  event: AuditEvent;
  resolve(entry: AuditEntry): void;
  reject(err: unknown): void;
}

/**
 * The tamper-evident audit log on an ObjectStore. Appends are queued on the instance and
 * written in batches (batchWrite.ts): a signed batch intent carrying the entries, whose
 * create-only put claims their numbers (so two instances on one store never share one), the
 * C2SP entry bundles and hash tiles, then one signed checkpoint per batch.
 */
export class AuditLog {
  private queue: Pending[] = [];
  private draining: Promise<void> | null = null;
  private needsReload = false;
  private closed = false;
  /** Set when a write found the stored log not extending this one's chain; cleared by the next write that succeeds. */
  private integrityFailure: AuditIntegrityError | null = null;
  private readonly witnessRecorder: WitnessRecorder;
  private readonly reads: LogReads;
  /** What the last whole-log check (background or on request) found; readiness reports it. */
  private wholeLogFinding: Finding | null = null;
  private cosigner: Cosigner | null = null;

  private readonly indexer: DocumentIndexer;

  private constructor(
    private readonly store: ObjectStore,
    private readonly key: LogKey,
    private readonly writer: BatchWriter,
    private latest: VerifiedCheckpoint,
    private readonly witness: CheckpointWitness | undefined,
    private readonly logger: AuditLogger | undefined,
    dropPartialBundles = false,
  ) {
    this.witnessRecorder = new WitnessRecorder(witness, logger);
    this.indexer = new DocumentIndexer(store, logger, () => this.queue.length > 0, dropPartialBundles);
    this.reads = new LogReads(store, writer.tree, () => this.latest.size, this.indexer);
  }

  private get tree(): TiledTree {
    return this.writer.tree;
  }

  /**
   * Opens the log at a cost that does not grow with it: the latest checkpoint, the hash tiles'
   * right edge and the entries past the checkpoint (see startCheck.ts). When that finds anything
   * unexpected (or the log has no tiles yet: a log written before them gets its tiles now), the
   * whole log is read and checked, and AuditIntegrityError names the first bad entry when the
   * stored log does not match its chain, its latest signed checkpoint, its hash tiles, or (past
   * that checkpoint) the signed batch intents; or when it is shorter than a signed batch intent
   * or this instance's witness shows it once was. Started despite findings
   * (AUDIT_VERIFY_ON_START=false), the log records that in an `audit.start_unverified` entry.
   * Damage inside the signed part that the start does not read is found by `checkWholeLog`.
   */
  static async open(opts: AuditLogOptions): Promise<AuditLog> {
    const log = await AuditLog.openChecked(opts);
    if (opts.cosigning && opts.cosigning.witnesses.length > 0) {
      try {
        log.cosigner = await Cosigner.open(opts.store, opts.key, log.size, opts.cosigning, (m, n) => log.tree.consistencyProof(m, n), opts.logger);
      } catch (err) {
        await log.close();
        throw err;
      }
      log.recordWitness();
    }
    return log;
  }

  private static async openChecked(opts: AuditLogOptions): Promise<AuditLog> {
    const { store, key } = opts;
    const quick = await quickStart(store, key, opts.witness);
    if ("writer" in quick) {
      const log = new AuditLog(store, key, quick.writer, quick.latest, opts.witness, opts.logger, opts.dropPartialBundles);
      if (quick.tail.length > 0) {
        opts.logger?.info({ from: quick.latest.size, to: quick.writer.size }, "audit log: signing a checkpoint for entries written before a restart");
        await quick.writer.flush();
        await log.writeCheckpoint(true);
      } else {
        log.recordWitness();
      }
      log.indexer.start(log.writer.size);
      return log;
    }
    const fromBeforeBundles = quick.fallback.startsWith("the log is from before entry bundles");
    opts.logger?.info({ reason: quick.fallback }, `audit log: reading and checking the whole log at start${fromBeforeBundles ? " (for a log from before entry bundles, `mohar audit migrate` does this offline)" : ""}`);
    const verifyOnStart = opts.verifyOnStart ?? true;
    const { result, legacy, finding, structural } = await checkWholeLog(opts);
    if (finding && (structural || verifyOnStart)) throw new AuditIntegrityError(finding);
    if (finding) opts.logger?.warn({ finding }, "audit log check failed; starting anyway because AUDIT_VERIFY_ON_START=false");

    const tolerate = finding !== undefined;
    const writer = legacy ? await convertLegacy(store, key, legacy, tolerate) : await rebuildFromBundles(store, key, result.size, tolerate);
    if (legacy) {
      await repairDocumentIndex(store, legacy.entries);
      await markIndexed(store, result.size);
      if (!finding) await markMigrated(store);
    }
    const latest = result.checkpoints.at(-1);
    const log = new AuditLog(store, key, writer, latest ?? emptyCheckpoint(key), opts.witness, opts.logger, opts.dropPartialBundles);
    if (!latest || latest.size < result.size) {
      if (latest) opts.logger?.info({ from: latest.size, to: result.size }, "audit log: signing a checkpoint for entries written before a restart");
      // When starting despite findings, a stored checkpoint that disagrees is left as evidence.
      await log.writeCheckpoint(true, finding !== undefined);
    } else {
      log.recordWitness();
    }
    log.indexer.start(writer.size);
    if (finding) {
      await log.append({
        actor: "system",
        action: "audit.start_unverified",
        outcome: "failure",
        detail: `started with AUDIT_VERIFY_ON_START=false despite: ${finding.seq !== null ? `entry ${finding.seq}: ` : ""}${finding.reason}`.slice(0, 2000),
      });
    }
    return log;
  }

  /**
   * Reads and checks the whole stored log as `mohar audit verify --store` does, logging
   * progress; a finding is logged as an error and makes readiness fail until the next restart.
   * Stops (without a finding) when the log is closed meanwhile.
   */
  async checkWholeLog(progressEvery = 10_000): Promise<Finding | null> {
    const started = Date.now();
    let next = progressEvery;
    try {
      const { finding } = await checkWholeLog({
        store: this.store,
        key: this.key,
        witness: this.witness,
        logger: this.logger,
        stopped: () => this.closed,
        onProgress: (done, of) => {
          if (done < next && done < of) return;
          next = done + progressEvery;
          this.logger?.info({ done, of }, "audit log check: entries read");
        },
      });
      if (finding) {
        this.wholeLogFinding = finding;
        (this.logger?.error ?? this.logger?.warn)?.call(this.logger, { finding }, "audit log check found damage in the stored log");
        return finding;
      }
      this.logger?.info({ size: this.size, ms: Date.now() - started }, "audit log check: the whole log is intact");
      return null;
    } catch (err) {
      if (this.closed) return null;
      throw err;
    }
  }

  get origin(): string {
    return this.key.name;
  }

  get publicKey(): Buffer {
    return this.key.publicKey;
  }

  get verifierKey(): string {
    return this.key.verifierKey;
  }

  /** Size of the latest signed checkpoint: reads and proofs are bounded by it. */
  get size(): number {
    return this.latest.size;
  }

  get checkpoint(): VerifiedCheckpoint {
    return this.latest;
  }

  /** The newest checkpoint cosigned by the witness quorum (null: none yet, or no quorum configured). */
  get published(): PublishedCheckpoint | null {
    return this.cosigner?.publishedCheckpoint() ?? null;
  }

  /** Where the witnesses' cosigning stands; null without witnesses. */
  cosigningStatus(): CosigningStatus | null {
    return this.cosigner?.status() ?? null;
  }

  /**
   * Whether the log can record now, for readiness: not when it is closed, nor when its last write
   * found an entry in storage that no log instance wrote (every write fails until an operator has
   * looked; a load balancer should send work elsewhere meanwhile).
   */
  readiness(): { ready: true } | { ready: false; code: "audit.closed" | "audit.integrity"; reason: string } {
    if (this.closed) return { ready: false, code: "audit.closed", reason: "the audit log is closed" };
    if (this.integrityFailure) return { ready: false, code: "audit.integrity", reason: this.integrityFailure.message };
    if (this.wholeLogFinding) return { ready: false, code: "audit.integrity", reason: new AuditIntegrityError(this.wholeLogFinding).message };
    return { ready: true };
  }

  /** Records an event; resolves once the entry and a checkpoint covering it are stored. */
  async append(event: AuditEvent): Promise<AuditEntry> {
    const e = validateEvent({ ...event });
    if (this.closed) throw new MoharError("audit.closed", "the audit log is closed");
    return new Promise<AuditEntry>((resolve, reject) => {
      this.queue.push({ event: e, resolve, reject });
      if (!this.draining) this.draining = this.drain();
    });
  }

  /**
   * Appends `event` only if no instance has claimed `claim` before (a create-only object under
   * audit/claims/): for records that several instances might each decide to write, such as the
   * check for unaudited versions at start. Returns null when the claim was taken already.
   */
  async appendOnce(claim: string, event: AuditEvent): Promise<AuditEntry | null> {
    if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(claim) || claim.split("/").some((p) => p === "." || p === "..")) {
      throw new MoharError("audit.bad_claim", `audit claim ${JSON.stringify(claim)} is not a plain key path`);
    }
    try {
      await this.store.putIfAbsent(`${CLAIMS_PREFIX}${claim}`, Buffer.alloc(0));
    } catch (err) {
      if (err instanceof ObjectExistsError) return null;
      throw err;
    }
    return this.append(event);
  }

  /** Waits for queued appends, the document index and the witness, then refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    await this.draining;
    await this.indexer.close();
    await this.witnessRecorder.settled();
    await this.cosigner?.close();
  }

  /** Has the witness remember the latest checkpoint (see witnessRecorder.ts). */
  private recordWitness(): void {
    this.witnessRecorder.record(this.latest.note, this.latest.size);
    this.cosigner?.offer(this.latest);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.writeBatch(this.queue.splice(0, MAX_BATCH));
      }
    } finally {
      // Reset in the same synchronous step as the empty-queue check, so no append is stranded.
      this.draining = null;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    let entries: AuditEntry[];
    try {
      // After a failed write, first store what that left unstored (and take up other instances' batches).
      if (this.needsReload) await this.writer.catchUp();
      this.needsReload = false;
      try {
        entries = await this.writer.write(
          batch.map((p) => p.event),
          new Date().toISOString(),
        );
      } catch (err) {
        if (!(err instanceof BatchUnflushedError)) throw err;
        // In the log by its intent: answered as appended, stored and signed by the next batch or start.
        entries = err.entries;
        this.needsReload = true;
        this.logger?.error?.({ firstSeq: entries[0]?.seq, err: String(err.cause) }, "audit log: a batch is in its intent but its bundles are not stored yet; the next append or start stores them");
      }
      if (!this.needsReload) {
        try {
          await this.writeCheckpoint(false);
        } catch (err) {
          if (err instanceof AuditIntegrityError) throw err;
          // The entries are in the log (intent, bundles, tiles): only the checkpoint waits for the next batch.
          this.needsReload = true;
          this.logger?.error?.({ size: this.writer.size, err: String(err) }, "audit log: could not sign the checkpoint; the next append or start signs it");
        }
      }
    } catch (err) {
      this.needsReload = true;
      if (err instanceof AuditIntegrityError) this.integrityFailure = err;
      for (const p of batch) p.reject(err);
      return;
    }
    this.integrityFailure = null;
    this.indexer.notify(this.writer.size);
    batch.forEach((p, i) => p.resolve(entries[i]!));
  }

  private async writeCheckpoint(force: boolean, keepOwnOnConflict = false): Promise<void> {
    const size = this.tree.size;
    if (!force && size === this.latest.size) return;
    const root = await this.tree.root(size);
    const time = new Date().toISOString();
    let note = this.key.sign(checkpointBody({ origin: this.key.name, size, root, time }));
    try {
      await this.store.putIfAbsent(checkpointKey(size), Buffer.from(note, "utf8"));
    } catch (err) {
      if (!(err instanceof ObjectExistsError)) throw err;
      if (keepOwnOnConflict) {
        this.latest = { origin: this.key.name, size, root, time, note };
        this.recordWitness();
        return;
      }
      // Another instance signed this size first; it must agree with our tree.
      note = (await this.store.getBuffer(checkpointKey(size))).toString("utf8");
    }
    const cp = readSignedCheckpoint(this.key, note);
    if (typeof cp === "string" || cp.size !== size || !cp.root.equals(root)) {
      throw new AuditIntegrityError({ seq: null, reason: `the stored checkpoint for size ${size} does not match the log` });
    }
    this.latest = { ...cp, note };
    this.recordWitness();
  }

  /** Entries with from <= seq < to (to capped at the signed size; at most MAX_PAGE). */
  entries(from: number, to: number): Promise<AuditEntry[]> {
    return this.reads.entries(from, to);
  }

  /** A document's entries with seq >= from, oldest first, at most `limit` (MAX_PAGE by default). */
  entriesForDocument(documentId: string, from?: number, limit?: number): Promise<{ entries: AuditEntry[]; next: number | null }> {
    return this.reads.entriesForDocument(documentId, from, limit);
  }

  inclusionProof(seq: number, treeSize: number = this.size): Promise<InclusionProof> {
    return this.reads.inclusionProof(seq, treeSize);
  }

  consistencyProof(from: number, to: number = this.size): Promise<ConsistencyProof> {
    return this.reads.consistencyProof(from, to);
  }

  /** Signed checkpoints with size <= `upTo`, ascending. */
  checkpointNotes(upTo: number): Promise<string[]> {
    return this.reads.checkpointNotes(upTo);
  }

  /** Batch intent notes for entries past the signed size `covered`. */
  intentNotes(covered: number): Promise<string[]> {
    return this.reads.intentNotes(covered);
  }

  /** Raw stored bytes of entries [from, to), or null where an object is gone (what an export carries). */
  rawEntries(from: number, to: number): Promise<Array<Buffer | null>> {
    return this.reads.rawEntries(from, to);
  }
}

function emptyCheckpoint(key: LogKey): VerifiedCheckpoint {
  return { origin: key.name, size: 0, root: Buffer.from(EMPTY_ROOT), note: "" };
}
