import { readSignedCheckpoint, type Checkpoint } from "./checkpoint.js";
import { verifyConsistency } from "./consistency.js";
import { decodeEntry, entryHash, GENESIS_HASH, type AuditEntry } from "./entry.js";
import { leafHash, MerkleTree } from "./merkle.js";
import type { NoteVerifier } from "./signedNote.js";

/** One stored entry: its sequence number as storage names it, and its bytes (or why there are none). */
export type StoredEntry = { seq: number; bytes: Buffer } | { seq: number; invalid: string };

export interface LogMaterial {
  origin: string;
  verifier: NoteVerifier;
  /** Sorted by seq. */
  entries: StoredEntry[];
  /** Signed checkpoint notes, any order. */
  checkpoints: string[];
  /**
   * Leaf hashes (hex) that signed batch intents vouch for, by seq: entries past the latest
   * checkpoint are findings unless vouched for here.
   */
  vouched: Map<number, Set<string>>;
}

/** A problem; `seq` names the first bad entry, or is null for a problem with a checkpoint itself. */
export interface Finding {
  seq: number | null;
  reason: string;
}

export interface VerifiedCheckpoint extends Checkpoint {
  note: string;
}

export interface LogVerification {
  /** Entries that are well-formed and in sequence (the tree covers exactly these). */
  size: number;
  tree: MerkleTree;
  entries: AuditEntry[];
  /** SHA-256 of the last good entry's bytes (the next entry's prevHash). */
  lastEntryHash: string;
  /** Checkpoints with a valid signature whose roots match the entries, ascending by size. */
  checkpoints: VerifiedCheckpoint[];
  /** Sorted: problems with checkpoints themselves, then entry findings by seq. */
  findings: Finding[];
}

/**
 * Recomputes the hash chain and the RFC 9162 tree from the entries and checks them against
 * the signed checkpoints. Shared by the service's check at start and `mohar audit verify`.
 * Each check names the earliest entry it can pin down: a changed entry is named by the
 * successor whose prevHash no longer matches it, or by the first checkpoint that covers it.
 */
export function verifyLog(m: LogMaterial): LogVerification {
  const findings: Finding[] = [];
  const tree = new MerkleTree();
  const entries: AuditEntry[] = [];
  const hashes: string[] = [];

  for (const item of m.entries) {
    const n = entries.length;
    if (item.seq !== n) {
      findings.push({ seq: n, reason: item.seq > n ? `entry ${n} is missing (entry ${item.seq} exists)` : `entry ${item.seq} appears twice` });
      break;
    }
    if ("invalid" in item) {
      findings.push({ seq: n, reason: `entry ${n} is unreadable: ${item.invalid}` });
      break;
    }
    const e = decodeEntry(item.bytes);
    if (typeof e === "string") {
      findings.push({ seq: n, reason: `entry ${n} is malformed: ${e}` });
      break;
    }
    if (e.seq !== n) {
      findings.push({ seq: n, reason: `the object for entry ${n} holds entry ${e.seq} (entries reordered or renamed)` });
      break;
    }
    tree.append(leafHash(item.bytes));
    entries.push(e);
    hashes.push(entryHash(item.bytes));
  }
  const n = entries.length;

  let chainBreak: Finding | undefined;
  // Entry i and its successor disagree: one of them was changed, and which one only a checkpoint tells.
  let brokenLink = false;
  for (let i = 0; i < n && !chainBreak; i += 1) {
    const expected = i === 0 ? GENESIS_HASH : hashes[i - 1];
    if (entries[i]!.prevHash !== expected) {
      chainBreak = { seq: i, reason: i === 0 ? "entry 0 does not start the chain (its prevHash is not the genesis hash)" : `entry ${i} was changed: its prevHash does not match entry ${i - 1}` };
    } else if (i + 1 < n && entries[i + 1]!.prevHash !== hashes[i]) {
      chainBreak = { seq: i, reason: `entry ${i} was changed: entry ${i + 1} recorded a different hash for it` };
      brokenLink = true;
    }
  }
  if (chainBreak) findings.push(chainBreak);

  const signed: VerifiedCheckpoint[] = [];
  for (const [i, note] of m.checkpoints.entries()) {
    const cp = readSignedCheckpoint(m.verifier, note);
    if (typeof cp === "string") findings.push({ seq: null, reason: `checkpoint #${i + 1}: ${cp}` });
    else if (cp.origin !== m.origin) findings.push({ seq: null, reason: `checkpoint for size ${cp.size} has origin ${JSON.stringify(cp.origin)}, not ${JSON.stringify(m.origin)}` });
    else signed.push({ ...cp, note });
  }
  signed.sort((a, b) => a.size - b.size);

  const good = checkCheckpoints(signed, n, (size) => tree.root(size), { chainBreak, brokenLink }, findings, (prev, cp) =>
    verifyConsistency(prev.size, cp.size, prev.root, cp.root, tree.consistencyProof(prev.size, cp.size)),
  );
  const covered = good.at(-1)?.size ?? 0;
  if (good.length === signed.length) {
    for (let i = covered; i < n; i += 1) {
      if (!m.vouched.get(i)?.has(tree.leaf(i).toString("hex"))) {
        findings.push({ seq: i, reason: `entry ${i} is not covered by any signed checkpoint or batch intent (appended by hand?)` });
        break;
      }
    }
  }

  // A checkpoint that fails its signature (or a wrong key) undermines everything else: report it first.
  findings.sort((a, b) => (a.seq ?? -1) - (b.seq ?? -1));
  return { size: n, tree, entries, lastEntryHash: n === 0 ? GENESIS_HASH : hashes[n - 1]!, checkpoints: good, findings };
}

/**
 * The signed checkpoints (sorted by size) against the roots the `size` valid entries make, for
 * the whole-log checks (an export or the legacy layout here, the entry bundles in bundleCheck.ts):
 * returns the ones that hold, in order, stopping at the first that does not, with a finding for
 * it (unless a chain break inside its range names the entry already). Two for one size must
 * agree. A chain break found as "entry i changed: its successor recorded a different hash" that
 * a good checkpoint covers is moved to the successor: the checkpoint vouches for entry i as it is.
 */
export function checkCheckpoints(
  signed: readonly VerifiedCheckpoint[],
  size: number,
  rootOf: (size: number) => Buffer,
  chain: { chainBreak: Finding | null | undefined; brokenLink: boolean },
  findings: Finding[],
  consistent?: (prev: VerifiedCheckpoint, cp: VerifiedCheckpoint) => boolean,
): VerifiedCheckpoint[] {
  const { chainBreak } = chain;
  const good: VerifiedCheckpoint[] = [];
  for (const cp of signed) {
    const prev = good.at(-1);
    if (prev && prev.size === cp.size) {
      if (!prev.root.equals(cp.root)) findings.push({ seq: null, reason: `two signed checkpoints for size ${cp.size} have different roots (a fork)` });
      continue;
    }
    const from = prev?.size ?? 0;
    if (cp.size > size) {
      findings.push({ seq: size, reason: `entry ${size} is missing: a checkpoint for size ${cp.size} is signed but only ${size} entries are valid` });
      break;
    }
    if (!cp.root.equals(rootOf(cp.size))) {
      // A chain break inside the range already names the entry more precisely.
      const explained = chainBreak && chainBreak.seq !== null && chainBreak.seq >= from && chainBreak.seq < cp.size;
      if (!explained) {
        const which = cp.size - from === 1 ? `entry ${from} does` : `entries ${from}..${cp.size - 1} do`;
        findings.push({ seq: from, reason: `${which} not match the signed checkpoint for size ${cp.size}` });
      }
      break;
    }
    if (consistent && prev && prev.size > 0 && !consistent(prev, cp)) {
      findings.push({ seq: from, reason: `checkpoint ${cp.size} is not consistent with checkpoint ${prev.size}` });
      break;
    }
    good.push(cp);
  }
  const covered = good.at(-1)?.size ?? 0;
  if (chainBreak && chain.brokenLink && chainBreak.seq !== null && chainBreak.seq < covered) {
    const next = chainBreak.seq + 1;
    chainBreak.seq = next;
    chainBreak.reason = `entry ${next} was changed or put there by hand: its prevHash does not match entry ${next - 1}, which a signed checkpoint covers`;
  }
  return good;
}
