import { createHash } from "node:crypto";
import { MoharError } from "../errors.js";

const HASH = 32;
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** RFC 9162 section 2.1.1: leaf hash SHA-256(0x00 || data). */
export function leafHash(data: Buffer): Buffer {
  return createHash("sha256").update(LEAF_PREFIX).update(data).digest();
}

/** RFC 9162 section 2.1.1: interior node SHA-256(0x01 || left || right). */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash("sha256").update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH({}) = SHA-256() */
export const EMPTY_ROOT = createHash("sha256").digest();

/** Largest power of two strictly smaller than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Hashes of one tree level in a single growable buffer (no per-hash object overhead). */
class HashLevel {
  private buf = Buffer.alloc(HASH * 64);
  count = 0;

  push(h: Buffer): void {
    if ((this.count + 1) * HASH > this.buf.length) {
      const bigger = Buffer.alloc(this.buf.length * 2);
      this.buf.copy(bigger);
      this.buf = bigger;
    }
    h.copy(this.buf, this.count * HASH);
    this.count += 1;
  }

  at(i: number): Buffer {
    return this.buf.subarray(i * HASH, (i + 1) * HASH);
  }
}

/**
 * An append-only RFC 9162 Merkle tree kept as the hashes of its complete subtrees:
 * level k holds the hash of every aligned run of 2^k leaves. Every subtree that MTH, PATH
 * and SUBPROOF (RFC 9162 section 2.1) visit is aligned, so any root or proof for any tree
 * size up to `size` costs O(log^2 n) hash lookups and at most O(log n) fresh hashes.
 */
export class MerkleTree {
  private readonly levels: HashLevel[] = [new HashLevel()];

  get size(): number {
    return this.levels[0]!.count;
  }

  append(leaf: Buffer): void {
    let level = 0;
    let h = leaf;
    for (;;) {
      const l = this.levels[level]!;
      l.push(h);
      if (l.count % 2 === 1) return;
      h = nodeHash(l.at(l.count - 2), l.at(l.count - 1));
      level += 1;
      if (this.levels.length === level) this.levels.push(new HashLevel());
    }
  }

  leaf(index: number): Buffer {
    this.checkSize(index + 1, "leaf index");
    return Buffer.from(this.levels[0]!.at(index));
  }

  /** The hash of the complete subtree of 2^height leaves starting at leaf index * 2^height. */
  node(height: number, index: number): Buffer {
    const level = this.levels[height];
    if (!level || !(Number.isSafeInteger(index) && index >= 0 && index < level.count)) {
      throw new MoharError("audit.bad_proof_request", `no complete node ${index} at height ${height} in a tree of size ${this.size}`);
    }
    return Buffer.from(level.at(index));
  }

  /** MTH(D[0:size]). */
  root(size: number = this.size): Buffer {
    this.checkSize(size, "tree size");
    return size === 0 ? Buffer.from(EMPTY_ROOT) : this.subtree(0, size);
  }

  /** PATH(index, D[0:size]), RFC 9162 section 2.1.3.1. */
  inclusionProof(index: number, size: number): Buffer[] {
    this.checkSize(size, "tree size");
    if (!(Number.isSafeInteger(index) && index >= 0 && index < size)) {
      throw new MoharError("audit.bad_proof_request", `leaf ${index} is not in a tree of size ${size}`);
    }
    return this.path(index, 0, size);
  }

  /** PROOF(m, D[0:n]), RFC 9162 section 2.1.4.1. Empty for m = n; m = 0 has no proof. */
  consistencyProof(m: number, n: number): Buffer[] {
    this.checkSize(n, "tree size");
    if (!(Number.isSafeInteger(m) && m >= 1 && m <= n)) {
      throw new MoharError("audit.bad_proof_request", `no consistency proof from size ${m} to size ${n}: need 1 <= from <= to`);
    }
    return this.subproof(m, 0, n, true);
  }

  private checkSize(size: number, what: string): void {
    if (!(Number.isSafeInteger(size) && size >= 0 && size <= this.size)) {
      throw new MoharError("audit.bad_proof_request", `${what} ${size} is outside the log (size ${this.size})`);
    }
  }

  /** MTH(D[start:end]); start is aligned to the largest power of two <= end - start. */
  private subtree(start: number, end: number): Buffer {
    const n = end - start;
    if ((n & (n - 1)) === 0) {
      const level = Math.log2(n);
      return this.levels[level]!.at(start / n);
    }
    const k = splitPoint(n);
    return nodeHash(this.subtree(start, start + k), this.subtree(start + k, end));
  }

  private path(m: number, start: number, end: number): Buffer[] {
    const n = end - start;
    if (n === 1) return [];
    const k = splitPoint(n);
    if (m < k) return [...this.path(m, start, start + k), Buffer.from(this.subtree(start + k, end))];
    return [...this.path(m - k, start + k, end), Buffer.from(this.subtree(start, start + k))];
  }

  private subproof(m: number, start: number, end: number, whole: boolean): Buffer[] {
    const n = end - start;
    if (m === n) return whole ? [] : [Buffer.from(this.subtree(start, end))];
    const k = splitPoint(n);
    if (m <= k) return [...this.subproof(m, start, start + k, whole), Buffer.from(this.subtree(start + k, end))];
    return [...this.subproof(m - k, start + k, end, false), Buffer.from(this.subtree(start, start + k))];
  }
}
