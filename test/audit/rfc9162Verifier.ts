/**
 * An independent RFC 9162 verifier for the tests, written from the RFC text and sharing no
 * code with src/audit: MTH from section 2.1.1, inclusion verification from 2.1.3.2,
 * consistency verification from 2.1.4.2. Indices are bigints, as in the RFC's pseudo-code.
 */
import { createHash } from "node:crypto";

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};

export const hashLeaf = (data: Uint8Array): Buffer => sha256(Uint8Array.of(0), data);
const hashChildren = (l: Uint8Array, r: Uint8Array): Buffer => sha256(Uint8Array.of(1), l, r);

/** MTH(D[n]) straight from the recursive definition. */
export function mth(leaves: readonly Uint8Array[]): Buffer {
  const n = leaves.length;
  if (n === 0) return sha256();
  if (n === 1) return hashLeaf(leaves[0]!);
  let k = 1;
  while (k << 1 < n) k <<= 1;
  return hashChildren(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

const lsb = (x: bigint): boolean => (x & 1n) === 1n;

/** RFC 9162 section 2.1.3.2. */
export function verifyInclusion(leafIndex: number, treeSize: number, leafHash: Uint8Array, path: readonly Uint8Array[], rootHash: Uint8Array): boolean {
  if (leafIndex >= treeSize) return false;
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize - 1);
  let r: Buffer = Buffer.from(leafHash);
  for (const p of path) {
    if (sn === 0n) return false;
    if (lsb(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && r.equals(rootHash);
}

/** RFC 9162 section 2.1.4.2. */
export function verifyConsistency(first: number, second: number, firstHash: Uint8Array, secondHash: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (proof.length === 0) return false;
  let path = [...proof];
  if ((first & (first - 1)) === 0) path = [firstHash, ...path];
  let fn = BigInt(first - 1);
  let sn = BigInt(second - 1);
  while (lsb(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if (lsb(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && fr.equals(firstHash) && sr.equals(secondHash);
}
