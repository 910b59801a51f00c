import { ObjectExistsError, type ObjectStore } from "../store/index.js";
import { splitNote, verifyCosignature, type WitnessKey } from "./cosignature.js";
import { parseCheckpointBody } from "./checkpoint.js";
import { cosignedNote, storedCosignatures } from "./cosignedStore.js";
import type { NoteVerifier } from "./signedNote.js";
import { checkpointKey, cosignatureKey } from "./storageKeys.js";
import type { VerifiedCheckpoint } from "./verifyLog.js";
import { addCheckpoint } from "./witnessClient.js";

/** A witness the log asks for cosignatures: its cosignature/v1 key and its submission prefix (URL). */
export interface Witness {
  key: WitnessKey;
  url: string;
}

export interface CosigningOptions {
  witnesses: Witness[];
  /** How many witnesses must cosign a checkpoint before it counts as published; 0: ask them, require none. */
  quorum: number;
  /** First wait before asking a witness again after a failure; doubles on each failure up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  /** One add-checkpoint request may take this long. */
  timeoutMs?: number;
}

export type WitnessState = "cosigned" | "pending" | "unreachable" | "refused";

export interface WitnessStatus {
  name: string;
  verifierKey: string;
  /** The newest checkpoint size this instance holds the witness's cosignature for. */
  cosignedSize: number | null;
  state: WitnessState;
  lastError: string | null;
  /** Failed requests since its last cosignature. */
  failures: number;
}

export interface CosigningStatus {
  quorum: number;
  /** The newest checkpoint the log signed. */
  size: number;
  /** The newest checkpoint cosigned by the quorum (null: none yet, or no quorum configured). */
  publishedSize: number | null;
  /** Whether the newest signed checkpoint has its quorum (with quorum 0: every witness) of cosignatures. */
  status: "cosigned" | "pending";
  /** How long a signed checkpoint has been waiting for its cosignatures (0 when none waits). */
  lagSeconds: number;
  witnesses: WitnessStatus[];
}

/** The published checkpoint: its body, and the log's signed note followed by the witnesses' cosignature lines. */
export type PublishedCheckpoint = VerifiedCheckpoint;

type Logger = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error?(obj: object, msg: string): void };
type Proof = (m: number, n: number) => Promise<Buffer[]>;

interface Asked {
  witness: Witness;
  /** What we believe is the size of the latest checkpoint the witness cosigned for this log (its `old`). */
  knownSize: number;
  cosignedSize: number | null;
  state: WitnessState;
  lastError: string | null;
  failures: number;
  /** Not asked again before this time (ms), after a failure. */
  retryAt: number;
}

/** Conflicts (409 with the witness's size) answered in a row before the round gives up on a witness. */
const MAX_CONFLICTS = 3;
/** Recent sizes whose cosignatures are kept in memory while they wait for their quorum. */
const KEEP_SIZES = 64;

/**
 * Asks the configured witnesses to cosign each new checkpoint (C2SP tlog-witness add-checkpoint),
 * in the background: never on an append's path. All witnesses behind are asked for the newest
 * checkpoint in one round, so under steady appends they cosign the same sizes; a witness that
 * fails is asked again after a growing wait, then for the newest checkpoint. Cosignatures are
 * checked, stored create-only under audit/cosignatures/, and the newest checkpoint cosigned by
 * the quorum is the published one.
 */
export class Cosigner {
  private latest: VerifiedCheckpoint | null = null;
  private readonly asked: Asked[];
  /** Cosignature lines by size and witness (verifier key), with the checkpoint note they cosign. */
  private readonly bySize = new Map<number, { note: string; lines: Map<string, string[]> }>();
  private published: PublishedCheckpoint | null = null;
  private pendingSince: number | null = null;
  private round: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Aborts requests in flight when the log closes: a hung witness must not hold a shutdown. */
  private readonly stop = new AbortController();
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly timeoutMs: number;

  private constructor(
    private readonly store: ObjectStore,
    private readonly opts: CosigningOptions,
    private readonly proof: Proof,
    private readonly logger: Logger | undefined,
  ) {
    this.retryMs = opts.retryMs ?? 1000;
    this.maxRetryMs = Math.max(this.retryMs, opts.maxRetryMs ?? 60_000);
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.asked = opts.witnesses.map((witness) => ({ witness, knownSize: 0, cosignedSize: null, state: "pending", lastError: null, failures: 0, retryAt: 0 }));
  }

  /**
   * Picks up the cosignatures stored for the newest sizes (see cosignedStore.ts), so a restart
   * serves the published checkpoint at once and knows what each witness last cosigned.
   */
  static async open(store: ObjectStore, logKey: NoteVerifier, latestSize: number, opts: CosigningOptions, proof: Proof, logger?: Logger): Promise<Cosigner> {
    const c = new Cosigner(store, opts, proof, logger);
    const stored = await storedCosignatures(store, logKey, latestSize, opts.witnesses.map((w) => w.key), c.needed);
    for (const a of c.asked) a.knownSize = stored.knownSizes.get(a.witness.key.verifierKey) ?? 0;
    if (stored.newest) {
      const { size, note, lines } = stored.newest;
      for (const a of c.asked) {
        const own = lines.get(a.witness.key.verifierKey);
        if (!own) continue;
        c.remember(size, note, a, own);
        a.cosignedSize = size;
      }
      c.updatePublished();
    }
    return c;
  }

  /** The quorum, or with quorum 0 every witness (what "cosigned" means in the status). */
  private get needed(): number {
    return this.opts.quorum > 0 ? this.opts.quorum : this.opts.witnesses.length;
  }

  /** The log signed a newer checkpoint: ask the witnesses (in the background). */
  offer(cp: VerifiedCheckpoint): void {
    if (this.closed || cp.size === 0 || (this.latest && cp.size <= this.latest.size)) return;
    this.latest = cp;
    if (this.pendingSince === null && (this.published?.size ?? -1) < cp.size) this.pendingSince = Date.now();
    for (const a of this.asked) if (a.state === "cosigned" && a.cosignedSize !== cp.size) a.state = "pending";
    this.kick();
  }

  /** The newest checkpoint cosigned by the quorum, with its cosignature lines; null without a quorum configured. */
  publishedCheckpoint(): PublishedCheckpoint | null {
    return this.opts.quorum > 0 ? this.published : null;
  }

  status(): CosigningStatus {
    const size = this.latest?.size ?? 0;
    const cosignedNow = this.asked.filter((a) => a.cosignedSize === size).length >= this.needed;
    return {
      quorum: this.opts.quorum,
      size,
      publishedSize: this.publishedCheckpoint()?.size ?? null,
      status: cosignedNow ? "cosigned" : "pending",
      lagSeconds: this.pendingSince === null ? 0 : (Date.now() - this.pendingSince) / 1000,
      witnesses: this.asked.map((a) => ({
        name: a.witness.key.name,
        verifierKey: a.witness.key.verifierKey,
        cosignedSize: a.cosignedSize,
        state: a.state,
        lastError: a.lastError,
        failures: a.failures,
      })),
    };
  }

  /** Stops asking; waits for the round in flight. */
  async close(): Promise<void> {
    this.closed = true;
    this.stop.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.round;
  }

  private kick(): void {
    if (this.closed || this.round) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.round = this.rounds()
      .catch((err: unknown) => {
        // Witnesses' failures are recorded by ask(); anything else waits for the next try, not a tight loop.
        (this.logger?.error ?? this.logger?.warn)?.call(this.logger, { err }, "audit witnesses: a cosigning round failed");
        for (const a of this.asked) a.retryAt = Math.max(a.retryAt, Date.now() + this.retryMs);
      })
      .finally(() => {
        this.round = null;
        this.scheduleRetry();
      });
  }

  /** Rounds until no witness is due: each round asks every due witness for the newest checkpoint. */
  private async rounds(): Promise<void> {
    while (!this.closed && this.latest) {
      const cp = this.latest;
      const now = Date.now();
      const due = this.asked.filter((a) => a.cosignedSize !== cp.size && a.knownSize <= cp.size && a.retryAt <= now);
      if (due.length === 0) return;
      await Promise.all(due.map((a) => this.ask(a, cp)));
    }
  }

  private scheduleRetry(): void {
    if (this.closed || !this.latest) return;
    const size = this.latest.size;
    const waiting = this.asked.filter((a) => a.cosignedSize !== size && a.knownSize <= size);
    if (waiting.length === 0) return;
    const at = Math.min(...waiting.map((a) => a.retryAt));
    this.timer = setTimeout(() => this.kick(), Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  private async ask(a: Asked, cp: VerifiedCheckpoint): Promise<void> {
    for (let conflicts = 0; conflicts < MAX_CONFLICTS && !this.closed; conflicts += 1) {
      let proof: Buffer[];
      try {
        proof = a.knownSize === 0 ? [] : await this.proof(a.knownSize, cp.size);
      } catch (err) {
        this.failed(a, "refused", `no consistency proof from size ${a.knownSize} to ${cp.size}: ${(err as Error).message}`);
        return;
      }
      const answer = await addCheckpoint(a.witness.url, a.knownSize, proof, cp.note, this.timeoutMs, this.stop.signal);
      switch (answer.kind) {
        case "cosigned":
          return this.accept(a, cp, answer.lines);
        case "unavailable":
          return this.failed(a, "unreachable", answer.detail);
        case "refused":
          return this.failed(a, "refused", answer.status === 422 ? `the witness found the log inconsistent with what it saw before (${answer.detail})` : answer.detail);
        case "conflict":
          if (answer.size > cp.size) return this.ahead(a, cp, answer.size);
          if (answer.size === a.knownSize) return this.failed(a, "refused", `the witness answered 409 with the size we sent (${answer.size})`);
          a.knownSize = answer.size;
      }
    }
    this.failed(a, "refused", `the witness changed its size ${MAX_CONFLICTS} times in a row`);
  }

  /**
   * The witness cosigned a larger size than this checkpoint's. Another instance of the log may be
   * ahead (its checkpoint of that size is in the store); otherwise the log was cut back.
   */
  private async ahead(a: Asked, cp: VerifiedCheckpoint, size: number): Promise<void> {
    a.knownSize = size;
    let held: boolean;
    try {
      held = (await this.store.head(checkpointKey(size))) !== null;
    } catch (err) {
      // The store could not say: ask again later rather than call the log cut back.
      this.failed(a, "unreachable", `could not read the log's checkpoint of size ${size}: ${(err as Error).message}`);
      return;
    }
    if (held) {
      a.state = "pending";
      a.lastError = null;
      return;
    }
    const reason = `the witness has cosigned size ${size} of this log, but the log holds no checkpoint of that size (it has ${cp.size}): the log was cut back`;
    (this.logger?.error ?? this.logger?.warn)?.call(this.logger, { witness: a.witness.key.name, witnessSize: size, size: cp.size }, `audit witness: ${reason}`);
    this.failed(a, "refused", reason);
  }

  private async accept(a: Asked, cp: VerifiedCheckpoint, answer: string[]): Promise<void> {
    const body = splitNote(cp.note)?.body ?? "";
    // Lines by other keys are ignored (tlog-witness); a witness answering none of its own has not cosigned.
    const lines = answer.filter((l) => verifyCosignature(body, l, a.witness.key) !== null);
    if (lines.length === 0) return this.failed(a, "refused", "the answer holds no valid cosignature by the witness's key");
    a.knownSize = cp.size;
    a.cosignedSize = cp.size;
    a.state = "cosigned";
    a.lastError = null;
    a.failures = 0;
    a.retryAt = 0;
    this.remember(cp.size, cp.note, a, lines);
    this.updatePublished();
    try {
      await this.store.putIfAbsent(cosignatureKey(cp.size, a.witness.key.keyId.toString("hex")), Buffer.from(`${lines.join("\n")}\n`, "utf8"));
    } catch (err) {
      // Stored already (another instance, or before a restart): that one is as good.
      if (!(err instanceof ObjectExistsError)) this.logger?.warn({ err, witness: a.witness.key.name, size: cp.size }, "audit witness: could not store a cosignature (it is served from memory)");
    }
  }

  private failed(a: Asked, state: "unreachable" | "refused", reason: string): void {
    if (this.closed) return;
    if (a.lastError !== reason) this.logger?.warn({ witness: a.witness.key.name, url: a.witness.url, reason }, "audit witness did not cosign; asking again later");
    a.state = state;
    a.lastError = reason;
    a.failures += 1;
    const wait = state === "refused" ? this.maxRetryMs : Math.min(this.maxRetryMs, this.retryMs * 2 ** Math.min(a.failures - 1, 20));
    a.retryAt = Date.now() + wait / 2 + Math.random() * (wait / 2);
  }

  private remember(size: number, note: string, a: Asked, lines: string[]): void {
    let at = this.bySize.get(size);
    if (!at) this.bySize.set(size, (at = { note, lines: new Map() }));
    at.lines.set(a.witness.key.verifierKey, lines);
    for (const s of [...this.bySize.keys()].sort((x, y) => y - x).slice(KEEP_SIZES)) this.bySize.delete(s);
  }

  private updatePublished(): void {
    for (const size of [...this.bySize.keys()].sort((x, y) => y - x)) {
      if (size <= (this.published?.size ?? 0)) break;
      const at = this.bySize.get(size)!;
      if (at.lines.size < this.needed) continue;
      // The log signed this note, so its body reads; cosignature lines follow the log's own signature.
      const body = parseCheckpointBody(splitNote(at.note)?.body ?? "");
      if (typeof body === "string") continue;
      this.published = { ...body, note: cosignedNote(at.note, at.lines) };
      for (const s of this.bySize.keys()) if (s < size) this.bySize.delete(s);
      break;
    }
    if (this.published && this.latest && this.published.size >= this.latest.size) this.pendingSince = null;
  }
}
