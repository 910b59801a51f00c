import { setTimeout as sleep } from "node:timers/promises";
import { ObjectNotFoundError, type ObjectStore } from "../store/index.js";
import { readIntent, vouchedBy } from "./batchIntent.js";
import { readSignedCheckpoint } from "./checkpoint.js";
import { AuditIntegrityError } from "./errors.js";
import type { LogKey } from "./logKey.js";
import { mapLimit } from "./mapLimit.js";
import type { MerkleTree } from "./merkle.js";
import { streamBundles } from "./bundleCheck.js";
import { CHECKPOINTS_PREFIX, ENTRIES_PREFIX, entryKey, INTENTS_PREFIX, MIGRATED_KEY, parseIntentKey, seqOfKey } from "./storageKeys.js";
import { firstDifference, TILE_WIDTH, tileKey } from "./tiles.js";
import { verifyLog, type Finding, type LogVerification, type StoredEntry } from "./verifyLog.js";
import type { CheckpointWitness } from "./witness.js";

/** What the whole-log check reads: the store, the log key, and the instance's witness if any. */
export interface FullCheckInput {
  store: ObjectStore;
  key: LogKey;
  witness?: CheckpointWitness;
  logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Called after each page of entries read: (entries read, entries listed). */
  onProgress?: (done: number, of: number) => void;
  /** Stops reading (throws) once true: a background check on a log being closed. */
  stopped?: () => boolean;
}

/** What the whole-log check read: entries in sequence, the hash of the last, the checkpoints that match them. */
export interface WholeLog {
  size: number;
  lastEntryHash: string;
  checkpoints: LogVerification["checkpoints"];
}

export interface FullCheck {
  result: WholeLog;
  /** A log in the one-object-per-entry layout from before entry bundles: what it holds, read whole into memory. */
  legacy?: LogVerification;
  finding: Finding | undefined;
  /** The entries themselves are out of sequence (missing, unreadable), not just unsigned. */
  structural: boolean;
}

const READ_CONCURRENCY = 32;
const PAGE = 1000;
/** At most how often the check reads the log for a finding to stay the same, and the pause between reads. */
const OPEN_READS = 5;
const OPEN_REREAD_MS = 100;

/**
 * Reads the whole stored log and checks it (chain, tree, latest checkpoint, batch intents,
 * witness, hash tiles). Another instance may be appending meanwhile: a batch half written looks
 * like entries missing for a moment. A finding counts once two reads in a row find the same one
 * (damage stays where it is); one that moves on with every read is that instance's writing.
 */
export async function checkWholeLog(input: FullCheckInput): Promise<FullCheck> {
  let read = await readAndVerify(input);
  for (let attempt = 1; read.finding && attempt < OPEN_READS; attempt++) {
    input.logger?.info({ finding: read.finding, attempt }, "audit log check found a difference; reading again in case another instance was writing");
    await sleep(OPEN_REREAD_MS);
    const again = await readAndVerify(input);
    const same = again.finding !== undefined && again.finding.seq === read.finding.seq && again.finding.reason === read.finding.reason;
    read = again;
    if (same) break;
    if (attempt === OPEN_READS - 1 && read.finding) {
      input.logger?.warn({ finding: read.finding }, "audit log check: the log kept changing under another instance's writes; taking what was read");
      read = { ...read, finding: undefined };
    }
  }
  return read;
}

/**
 * One read of the stored log: the latest checkpoint first, then the entries, then the batch
 * intents, in the order another instance writes them backwards (intent, entries, checkpoint),
 * so that everything a checkpoint or an intent read here vouches for was stored before it was listed.
 */
async function readAndVerify(input: FullCheckInput): Promise<FullCheck> {
  const { store, key } = input;
  const checkpointKeys = (await store.list(CHECKPOINTS_PREFIX)).map((o) => o.key);
  const latestKey = checkpointKeys.at(-1);
  const latestNotes = latestKey ? [(await store.getBuffer(latestKey)).toString("utf8")] : [];
  if (!(await isLegacyLayout(store))) return streamAndVerify(input, checkpointKeys, latestNotes);

  const entryObjects = await store.list(ENTRIES_PREFIX);
  const foreign = entryObjects.find((o) => seqOfKey(o.key, ENTRIES_PREFIX, ".json") === null);
  if (foreign) throw new AuditIntegrityError({ seq: null, reason: `unexpected object ${foreign.key} among the entries` });
  const entries: StoredEntry[] = [];
  for (let from = 0; from < entryObjects.length; from += PAGE) {
    if (input.stopped?.()) throw new Error("the audit log check was stopped: the log is closing");
    const page = entryObjects.slice(from, from + PAGE);
    entries.push(
      ...(await mapLimit(page, READ_CONCURRENCY, async (o): Promise<StoredEntry> => ({
        seq: seqOfKey(o.key, ENTRIES_PREFIX, ".json") as number,
        bytes: await store.getBuffer(o.key),
      }))),
    );
    input.onProgress?.(entries.length, entryObjects.length);
  }

  const intentKeys = (await store.list(INTENTS_PREFIX)).map((o) => o.key);
  const vouched = vouchedBy(key, await readIntentNotes(store, intentKeys, latestKey ? (seqOfKey(latestKey, CHECKPOINTS_PREFIX, ".txt") ?? 0) : 0));

  const result = verifyLog({ origin: key.name, verifier: key, entries, checkpoints: latestNotes, vouched });
  const structural = result.size !== entries.length;
  const shortened = (await removedPerIntents(store, key, intentKeys, result.size)) ?? (await removedPerWitness(input.witness, key, { size: result.size, root: (s) => result.tree.root(s) }));
  let finding: Finding | undefined = result.findings[0] ?? shortened ?? undefined;
  if (result.findings.length > 0 && checkpointKeys.length > 1) {
    // Every checkpoint pins its own prefix: use them all to name the entry precisely.
    const all = await mapLimit(checkpointKeys, READ_CONCURRENCY, async (k) => (await store.getBuffer(k)).toString("utf8"));
    finding = verifyLog({ origin: key.name, verifier: key, entries, checkpoints: all, vouched }).findings[0] ?? finding;
  }
  finding ??= (await tileFinding(store, result.tree, result.checkpoints.at(-1)?.size ?? 0)) ?? undefined;
  return { result, legacy: result, finding, structural };
}

/**
 * A log from before entry bundles: entry 0 is its own object and the log was never converted
 * (`mohar audit migrate`, or the first start since, writes MIGRATED_KEY once its bundles are stored and checked).
 */
export async function isLegacyLayout(store: ObjectStore): Promise<boolean> {
  return (await store.head(entryKey(0))) !== null && (await store.head(MIGRATED_KEY)) === null;
}

/** The whole-log check of a log in entry bundles, streamed (streamBundles), with the same findings as verifyLog. */
async function streamAndVerify(input: FullCheckInput, checkpointKeys: string[], latestNotes: string[]): Promise<FullCheck> {
  const { store, key } = input;
  const latestCp = latestNotes[0] ? readSignedCheckpoint(key, latestNotes[0]) : null;
  const latestSize = latestCp && typeof latestCp !== "string" ? latestCp.size : 0;
  // The witness's checkpoint is older than the latest: its root is taken on the way past.
  const witnessNote = input.witness ? await input.witness.read() : null;
  const witnessCp = witnessNote ? readSignedCheckpoint(key, witnessNote) : null;
  const rootsAt = witnessCp && typeof witnessCp !== "string" ? [witnessCp.size] : [];
  const run = (notes: string[]): ReturnType<typeof streamBundles> =>
    streamBundles(store, key, notes, { latestSize, rootsAt, stopped: input.stopped, onProgress: (done) => input.onProgress?.(done, Math.max(done, latestSize)) });
  let read = await run(latestNotes);
  const intentKeys = (await store.list(INTENTS_PREFIX)).map((o) => o.key);
  const covered = read.checkpoints.at(-1)?.size ?? 0;
  const vouched = vouchedBy(key, await readIntentNotes(store, intentKeys, covered));
  const findings = [...read.findings];
  if (read.checkpoints.length === (latestNotes.length > 0 ? 1 : 0)) {
    const i = read.tailLeaves.findIndex((leaf, j) => !vouched.get(covered + j)?.has(leaf));
    if (i >= 0) findings.push({ seq: covered + i, reason: `entry ${covered + i} is not covered by any signed checkpoint or batch intent (appended by hand?)` });
    findings.sort((a, b) => (a.seq ?? -1) - (b.seq ?? -1));
  }
  const lastCp = read.checkpoints.at(-1);
  const structural = read.structural;
  const shortened = (await removedPerIntents(store, key, intentKeys, read.size)) ?? (await removedPerWitness(input.witness, key, { size: read.size, root: (s) => read.roots.get(s) ?? Buffer.alloc(32) }));
  let finding: Finding | undefined = findings[0] ?? shortened ?? undefined;
  if (findings.length > 0 && checkpointKeys.length > 1) {
    // Every checkpoint pins its own prefix: use them all to name the entry precisely.
    const all = await mapLimit(checkpointKeys, READ_CONCURRENCY, async (k) => (await store.getBuffer(k)).toString("utf8"));
    read = await run(all);
    finding = read.findings[0] ?? finding;
  }
  finding ??= read.tileFinding ?? undefined;
  return { result: { size: read.size, lastEntryHash: read.lastEntryHash, checkpoints: lastCp ? [lastCp] : [] }, finding, structural };
}

/**
 * Compares the stored hash tiles with the tree the entries make, up to `covered` (the signed
 * size; tiles past it may be a batch still being written). A level-0 tile names the entry.
 * Only tiles that exist are compared: tiles are derived from the entries, and the log stores
 * the missing ones again when it opens.
 */
async function tileFinding(store: ObjectStore, tree: MerkleTree, covered: number): Promise<Finding | null> {
  for (let level = 0, nodes = covered; nodes > 0; level += 1, nodes = Math.floor(nodes / TILE_WIDTH)) {
    const width = nodes % TILE_WIDTH;
    const tiles = Array.from({ length: Math.floor(nodes / TILE_WIDTH) }, (_, n) => ({ n, width: TILE_WIDTH }));
    if (width > 0) tiles.push({ n: Math.floor(nodes / TILE_WIDTH), width });
    for (const { n, width: w } of tiles) {
      const key = tileKey(level, n, w);
      let stored: Buffer;
      try {
        stored = await store.getBuffer(key);
      } catch (err) {
        // Tiles are made from the entries: a missing one (a log from before tiles) is written at start.
        if (err instanceof ObjectNotFoundError) continue;
        throw err;
      }
      const want = Buffer.concat(Array.from({ length: w }, (_, j) => tree.node(level * 8, n * TILE_WIDTH + j)));
      const j = firstDifference(stored, want);
      if (j !== null) {
        const seq = (n * TILE_WIDTH + j) * TILE_WIDTH ** level;
        return { seq, reason: `hash tile ${key} does not match entr${level === 0 ? `y ${seq}` : `ies from ${seq}`} (the tile or the entry was changed)` };
      }
    }
  }
  return null;
}

/** Batch intents whose range reaches past `covered` (older ones are settled by checkpoints). */
export async function intentNotes(store: ObjectStore, covered: number): Promise<string[]> {
  return readIntentNotes(store, (await store.list(INTENTS_PREFIX)).map((o) => o.key), covered);
}

export function readIntentNotes(store: ObjectStore, intentKeys: readonly string[], covered: number): Promise<string[]> {
  // A claiming intent's key has no count: its batch ends at most where the next claiming intent starts.
  const claims = intentKeys.filter((k) => /\/\d{12}\.json$/.test(k)).map((k) => parseIntentKey(k)!.firstSeq).sort((x, y) => x - y);
  const nextClaim = new Map(claims.map((f, i) => [f, claims[i + 1] ?? Infinity]));
  const keys = intentKeys.filter((k) => {
    const p = parseIntentKey(k);
    if (p === null) return false;
    const end = /\/\d{12}\.json$/.test(k) ? Math.min(p.firstSeq + p.count, nextClaim.get(p.firstSeq) ?? Infinity) : p.firstSeq + p.count;
    return end > covered;
  });
  return mapLimit(keys, READ_CONCURRENCY, async (k) => (await store.getBuffer(k)).toString("utf8"));
}

/**
 * An intent is written when the log holds `firstSeq` entries, and mohar never deletes entries:
 * a validly signed intent past the end of the stored log proves that its newest entries were
 * removed (with their checkpoints, or the checks above would have said so).
 */
export async function removedPerIntents(store: ObjectStore, key: LogKey, intentKeys: readonly string[], size: number): Promise<Finding | null> {
  const past = intentKeys
    .map((k) => ({ k, p: parseIntentKey(k) }))
    .filter((x) => x.p !== null && x.p.firstSeq > size)
    .sort((a, b) => (b.p?.firstSeq ?? 0) - (a.p?.firstSeq ?? 0));
  for (const { k, p } of past) {
    const intent = readIntent(key, (await store.getBuffer(k)).toString("utf8"));
    if (intent && intent.firstSeq === p?.firstSeq) {
      return { seq: size, reason: `entries ${size}..${intent.firstSeq - 1} are missing: a signed batch intent shows the log held ${intent.firstSeq} entries` };
    }
  }
  return null;
}

/** The witness's checkpoint must be signed by the log key, no larger than the log, and agree with it. */
export async function removedPerWitness(
  witness: CheckpointWitness | undefined,
  key: LogKey,
  log: { size: number; root(size: number): Buffer | Promise<Buffer> },
): Promise<Finding | null> {
  const note = witness ? await witness.read() : null;
  if (!witness || note === null) return null;
  const cp = readSignedCheckpoint(key, note);
  if (typeof cp === "string" || cp.origin !== key.name) {
    return { seq: null, reason: `the checkpoint this instance recorded in ${witness.file} is not a checkpoint signed by the log key` };
  }
  if (cp.size > log.size) {
    return { seq: log.size, reason: `entries ${log.size}..${cp.size - 1} are missing: this instance saw a signed checkpoint for size ${cp.size} (${witness.file})` };
  }
  if (!cp.root.equals(await log.root(cp.size))) {
    return { seq: null, reason: `the first ${cp.size} entries no longer match the checkpoint this instance recorded (${witness.file})` };
  }
  return null;
}
