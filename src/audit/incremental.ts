import { readSignedCheckpoint, type Checkpoint } from "./checkpoint.js";
import { verifyConsistency } from "./consistency.js";
import { decodeEntry, encodeEntry, entryHash, GENESIS_HASH, type AuditEntry } from "./entry.js";
import { AuditIntegrityError } from "./errors.js";
import { leafHash, nodeHash } from "./merkle.js";
import type { NoteVerifier } from "./signedNote.js";

/** Where `mohar audit verify --since` reads: the HTTP API or a copy of the store, both answer alike. */
export interface IncrementalSource {
  /** The latest signed checkpoint note. */
  checkpoint(): Promise<string>;
  /** RFC 9162 consistency proof between tree sizes m <= n. */
  consistencyProof(m: number, n: number): Promise<Buffer[]>;
  /** RFC 9162 inclusion proof of leaf `seq` in the tree of size `size`. */
  inclusionProof(seq: number, size: number): Promise<Buffer[]>;
  /** Entries with from <= seq < to (a page may stop early; never empty while from < to). */
  entries(from: number, to: number): Promise<AuditEntry[]>;
}

export type SinceResult =
  | { ok: true; savedSize: number; size: number; checked: number; checkpoint: string }
  | { ok: false; seq: number | null; reason: string };

function fail(seq: number | null, reason: string): SinceResult {
  return { ok: false, seq, reason };
}

function readCheckpoint(verifier: NoteVerifier, origin: string, note: string, what: string): Checkpoint | string {
  const cp = readSignedCheckpoint(verifier, note);
  if (typeof cp === "string") return `the ${what} checkpoint: ${cp}`;
  if (cp.origin !== origin) return `the ${what} checkpoint has origin ${JSON.stringify(cp.origin)}, not ${JSON.stringify(origin)}`;
  return cp;
}

/** Root of the RFC 9162 tree whose leaves are covered by `stack`: perfect subtrees, largest first. */
function foldRoot(stack: { size: number; hash: Buffer }[]): Buffer {
  let h = stack.at(-1)!.hash;
  for (let i = stack.length - 2; i >= 0; i -= 1) h = nodeHash(stack[i]!.hash, h);
  return h;
}

function push(stack: { size: number; hash: Buffer }[], leaf: Buffer): void {
  let node = { size: 1, hash: leaf };
  while (stack.length > 0 && stack.at(-1)!.size === node.size) {
    const left = stack.pop()!;
    node = { size: node.size * 2, hash: nodeHash(left.hash, node.hash) };
  }
  stack.push(node);
}

function verifyInclusion(index: number, size: number, leaf: Buffer, proof: Buffer[], root: Buffer): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      r = nodeHash(p, r);
      while (!(fn & 1) && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.equals(root);
}

/**
 * Checks only what the log added since a checkpoint the auditor trusts: both checkpoints'
 * signatures, the RFC 9162 consistency proof between their sizes, and the new entries (hash
 * chain from the last trusted entry, and their leaf hashes folded onto the trusted tree's right
 * edge must give the new root). A failure names the first bad entry, or the checkpoint.
 */
export async function verifySince(verifier: NoteVerifier, origin: string, savedNote: string, source: IncrementalSource): Promise<SinceResult> {
  try {
    return await check(verifier, origin, savedNote, source);
  } catch (err) {
    // The store source reads through the log, which refuses an entry that no longer matches its tiles.
    if (err instanceof AuditIntegrityError) return fail(err.finding.seq, err.finding.reason);
    throw err;
  }
}

async function check(verifier: NoteVerifier, origin: string, savedNote: string, source: IncrementalSource): Promise<SinceResult> {
  const saved = readCheckpoint(verifier, origin, savedNote, "saved");
  if (typeof saved === "string") return fail(null, saved);
  const latestNote = await source.checkpoint();
  const latest = readCheckpoint(verifier, origin, latestNote, "new");
  if (typeof latest === "string") return fail(null, latest);
  const m = saved.size;
  const n = latest.size;
  if (n < m) return fail(null, `the log was cut back: the new checkpoint is for size ${n}, the saved one for ${m}`);
  if (m > 0 && !verifyConsistency(m, n, saved.root, latest.root, await source.consistencyProof(m, n))) {
    return fail(null, `the new checkpoint (size ${n}) is not consistent with the saved checkpoint (size ${m}): the log was rewritten before entry ${m}`);
  }
  if (m === n) return { ok: true, savedSize: m, size: n, checked: 0, checkpoint: latestNote };

  // The trusted tree's right edge: the inclusion path of its last leaf is the perfect subtrees
  // covering 0..m-2, which with that leaf must give the saved root.
  const stack: { size: number; hash: Buffer }[] = [];
  let prevHash = GENESIS_HASH;
  if (m > 0) {
    const [last] = await source.entries(m - 1, m);
    if (!last || last.seq !== m - 1) return fail(m - 1, `entry ${m - 1} could not be read`);
    const bytes = encodeEntry(last);
    const path = await source.inclusionProof(m - 1, m);
    if (!verifyInclusion(m - 1, m, leafHash(bytes), path, saved.root)) return fail(m - 1, `entry ${m - 1} is not the last entry of the saved checkpoint`);
    let rest = m - 1;
    const sizes: number[] = [];
    for (let bit = 2 ** 52; bit >= 1; bit /= 2) {
      if (rest >= bit) {
        sizes.push(bit);
        rest -= bit;
      }
    }
    if (sizes.length !== path.length) return fail(m - 1, `the inclusion proof for entry ${m - 1} has the wrong length`);
    // The path runs bottom-up, the right edge left to right.
    sizes.forEach((size, i) => stack.push({ size, hash: path[path.length - 1 - i]! }));
    push(stack, leafHash(bytes));
    prevHash = entryHash(bytes);
  }

  const leaves: Buffer[] = [];
  for (let from = m; from < n; ) {
    const page = await source.entries(from, n);
    if (page.length === 0) return fail(from, `entry ${from} is missing`);
    for (const e of page) {
      const seq = from;
      if (e.seq !== seq) return fail(seq, `entry ${seq} is missing or out of order (got entry ${e.seq})`);
      const bytes = encodeEntry(e);
      const decoded = decodeEntry(bytes);
      if (typeof decoded === "string") return fail(seq, `entry ${seq} is malformed: ${decoded}`);
      if (e.prevHash !== prevHash) {
        return fail(seq - 1 >= m ? seq - 1 : seq, seq - 1 >= m ? `entry ${seq - 1} was changed: entry ${seq} recorded a different hash for it` : `entry ${seq} does not follow the saved checkpoint's last entry`);
      }
      prevHash = entryHash(bytes);
      const leaf = leafHash(bytes);
      leaves.push(leaf);
      push(stack, leaf);
      from += 1;
    }
  }
  if (!foldRoot(stack).equals(latest.root)) {
    // Name the first new entry that the new tree does not hold.
    for (let i = 0; i < leaves.length; i += 1) {
      if (!verifyInclusion(m + i, n, leaves[i]!, await source.inclusionProof(m + i, n), latest.root)) {
        return fail(m + i, `entry ${m + i} does not match the new signed checkpoint (size ${n})`);
      }
    }
    return fail(m, `entries ${m}..${n - 1} do not match the new signed checkpoint (size ${n})`);
  }
  return { ok: true, savedSize: m, size: n, checked: n - m, checkpoint: latestNote };
}
