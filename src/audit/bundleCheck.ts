import { ObjectNotFoundError, type ObjectStore } from "../store/index.js";
import { readStoredBundle } from "./bundles.js";
import { readSignedCheckpoint } from "./checkpoint.js";
import { decodeEntry, entryHash, GENESIS_HASH } from "./entry.js";
import type { LogKey } from "./logKey.js";
import { EMPTY_ROOT, leafHash, nodeHash } from "./merkle.js";
import { firstDifference, pushLeaf, TILE_WIDTH, tileKey } from "./tiles.js";
import { checkCheckpoints, type Finding, type VerifiedCheckpoint } from "./verifyLog.js";

/** What one streaming pass over the bundles found. */
export interface StreamResult {
  /** Entries well-formed and in sequence. */
  size: number;
  lastEntryHash: string;
  /** Of the checkpoints given, those whose roots the entries make, ascending. */
  checkpoints: VerifiedCheckpoint[];
  findings: Finding[];
  /** Leaf hashes (hex) of entries past the last good checkpoint, for the intents to vouch for. */
  tailLeaves: string[];
  /** The hash tile that first differs from what the entries make, up to the last good checkpoint. */
  tileFinding: Finding | null;
  /** A bundle or an entry in it could not be placed in sequence (not just unsigned). */
  structural: boolean;
  /** Roots at the checkpoints' sizes and at `rootsAt`. */
  roots: Map<number, Buffer>;
}

const READ_AHEAD = 8;

/**
 * Reads the entry bundles in order (a few ahead) and checks them in bounded memory: numbering,
 * hash chain, the root at every given checkpoint's size (a stack of perfect subtrees, as RFC
 * 9162's tree is built), and each hash tile against the nodes the entries make. Holds one
 * bundle, the tree's right edge and one tile per level, whatever the log's size.
 */
export async function streamBundles(
  store: ObjectStore,
  key: LogKey,
  notes: readonly string[],
  opts: { onProgress?: (done: number) => void; stopped?: () => boolean; latestSize: number; rootsAt?: number[] },
): Promise<StreamResult> {
  const findings: Finding[] = [];
  const signed: VerifiedCheckpoint[] = [];
  for (const [i, note] of notes.entries()) {
    const cp = readSignedCheckpoint(key, note);
    if (typeof cp === "string") findings.push({ seq: null, reason: `checkpoint #${i + 1}: ${cp}` });
    else if (cp.origin !== key.name) findings.push({ seq: null, reason: `checkpoint for size ${cp.size} has origin ${JSON.stringify(cp.origin)}, not ${JSON.stringify(key.name)}` });
    else signed.push({ ...cp, note });
  }
  signed.sort((a, b) => a.size - b.size);
  const rootAt = new Map<number, Buffer>();
  const wanted = new Set([...signed.map((c) => c.size), ...(opts.rootsAt ?? [])]);
  const stack: Array<{ size: number; hash: Buffer }> = [];
  const tiles = new TileComparer(store, opts.latestSize);

  let size = 0;
  let last = GENESIS_HASH;
  let structural: Finding | undefined;
  let chainBreak: Finding | undefined;
  let brokenLink = false;
  const leavesPast: string[] = [];
  if (wanted.has(0)) rootAt.set(0, Buffer.from(EMPTY_ROOT));

  const ahead = new Map<number, ReturnType<typeof readStoredBundle>>();
  const fetch = (n: number): ReturnType<typeof readStoredBundle> => {
    for (let k = n; k < n + READ_AHEAD; k += 1) if (!ahead.has(k)) ahead.set(k, readStoredBundle(store, k));
    const p = ahead.get(n)!;
    ahead.delete(n);
    return p;
  };
  outer: for (let n = 0; ; n += 1) {
    if (opts.stopped?.()) throw new Error("the audit log check was stopped: the log is closing");
    const b = await fetch(n);
    if (b === null) break;
    if ("invalid" in b) {
      structural = { seq: size, reason: `entry bundle ${b.key} is unreadable: ${b.invalid}` };
      break;
    }
    for (const bytes of b.entries) {
      const seq = size;
      const e = decodeEntry(bytes);
      if (typeof e === "string") {
        structural = { seq, reason: `entry ${seq} is malformed: ${e}` };
        break outer;
      }
      if (e.seq !== seq) {
        structural = { seq, reason: `the place of entry ${seq} in ${b.key} holds entry ${e.seq} (entries reordered, removed or inserted)` };
        break outer;
      }
      if (!chainBreak && e.prevHash !== last) {
        chainBreak = seq === 0 ? { seq: 0, reason: "entry 0 does not start the chain (its prevHash is not the genesis hash)" } : { seq: seq - 1, reason: `entry ${seq - 1} was changed: entry ${seq} recorded a different hash for it` };
        brokenLink = seq > 0;
      }
      const leaf = leafHash(bytes);
      push(stack, leaf);
      await tiles.add(leaf);
      size += 1;
      last = entryHash(bytes);
      if (size > opts.latestSize) leavesPast.push(leaf.toString("hex"));
      if (wanted.has(size)) rootAt.set(size, fold(stack));
    }
    opts.onProgress?.(size);
    if (b.entries.length < TILE_WIDTH) break;
  }
  if (structural) findings.push(structural);
  if (chainBreak) findings.push(chainBreak);

  const good = checkCheckpoints(signed, size, (n) => rootAt.get(n)!, { chainBreak, brokenLink }, findings);
  const covered = good.at(-1)?.size ?? 0;
  findings.sort((a, b) => (a.seq ?? -1) - (b.seq ?? -1));
  return { size, lastEntryHash: last, checkpoints: good, findings, tailLeaves: leavesPast, roots: rootAt, structural: structural !== undefined, tileFinding: findings.length === 0 ? await tiles.finish(covered) : null };
}

function push(stack: Array<{ size: number; hash: Buffer }>, leaf: Buffer): void {
  let node = { size: 1, hash: leaf };
  while (stack.length > 0 && stack.at(-1)!.size === node.size) {
    const left = stack.pop()!;
    node = { size: node.size * 2, hash: nodeHash(left.hash, node.hash) };
  }
  stack.push(node);
}

function fold(stack: ReadonlyArray<{ size: number; hash: Buffer }>): Buffer {
  let h = stack.at(-1)!.hash;
  for (let i = stack.length - 2; i >= 0; i -= 1) h = nodeHash(stack[i]!.hash, h);
  return h;
}

/**
 * Compares the stored hash tiles with the nodes the entries make, as the leaves stream past:
 * each full tile when it fills up (only within `limit`, the latest checkpoint's size: tiles past
 * it may be a batch still being written), the partial ones at the end. A missing tile is not a
 * finding (the log stores it again when it opens); a different one names its first entry.
 */
class TileComparer {
  private readonly edge: Buffer[][] = [];
  private count = 0;
  private finding: Finding | null = null;

  constructor(
    private readonly store: ObjectStore,
    private readonly limit: number,
  ) {}

  async add(leaf: Buffer): Promise<void> {
    this.count += 1;
    for (const t of pushLeaf(this.edge, this.count, leaf)) {
      if (this.count <= this.limit) await this.compare(t.level, t.n, t.hashes);
    }
  }

  private async compare(level: number, n: number, hashes: Buffer[]): Promise<void> {
    if (this.finding) return;
    const key = tileKey(level, n, hashes.length);
    let stored: Buffer;
    try {
      stored = await this.store.getBuffer(key);
    } catch (err) {
      if (err instanceof ObjectNotFoundError) return;
      throw err;
    }
    const j = firstDifference(stored, Buffer.concat(hashes));
    if (j !== null) {
      const seq = (n * TILE_WIDTH + j) * TILE_WIDTH ** level;
      this.finding = { seq, reason: `hash tile ${key} does not match entr${level === 0 ? `y ${seq}` : `ies from ${seq}`} (the tile or the entry was changed)` };
    }
  }

  /** The first differing tile, with the partial tiles of size `covered` compared too (when the stream ended there). */
  async finish(covered: number): Promise<Finding | null> {
    if (!this.finding && covered === this.count) {
      for (const [level, e] of this.edge.entries()) {
        if (e.length > 0) await this.compare(level, Math.floor(Math.floor(covered / TILE_WIDTH ** level) / TILE_WIDTH), e);
      }
    }
    return this.finding;
  }
}
