import { nodeHash } from "./merkle.js";

/**
 * RFC 9162 section 2.1.4.2: does `proof` show that the tree of size `m` with root
 * `firstRoot` is a prefix of the tree of size `n` with root `secondRoot`?
 */
export function verifyConsistency(m: number, n: number, firstRoot: Buffer, secondRoot: Buffer, proof: Buffer[]): boolean {
  if (m < 1 || m > n) return false;
  if (m === n) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (proof.length === 0) return false;
  // If m is a power of two, first_hash is itself the first node of the path.
  const path = (m & (m - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (fn & 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!(fn & 1)) {
        while (fn !== 0 && !(fn & 1)) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}
