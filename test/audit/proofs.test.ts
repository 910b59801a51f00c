import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashLeaf, mth, verifyConsistency, verifyInclusion } from "./rfc9162Verifier.js";
import { event, logFixture, storedEntries, type LogFixture } from "./fixtures.js";

const hex = (h: string): Buffer => Buffer.from(h, "hex");
const N = 64;

describe("inclusion and consistency proofs against an independent RFC 9162 verifier", () => {
  let f: LogFixture;
  let leaves: Buffer[];

  beforeAll(async () => {
    f = await logFixture();
    for (let i = 0; i < N; i += 1) await f.log.append(event(i, `doc-${i % 3}`));
    leaves = await storedEntries(f.store, N);
  });
  afterAll(async () => {
    await f.log.close();
    await f.cleanup();
  });

  it("roots equal MTH computed from the stored entries for every size 1..64", async () => {
    expect(leaves).toHaveLength(N);
    for (let n = 1; n <= N; n += 1) {
      expect((await f.log.inclusionProof(0, n)).root).toBe(mth(leaves.slice(0, n)).toString("hex"));
    }
    expect(f.log.checkpoint.root.equals(mth(leaves))).toBe(true);
  });

  it("every leaf's inclusion proof verifies in every tree size", async () => {
    let checked = 0;
    for (let n = 1; n <= N; n += 1) {
      const root = mth(leaves.slice(0, n));
      for (let m = 0; m < n; m += 1) {
        const p = await f.log.inclusionProof(m, n);
        expect(p.leafHash).toBe(hashLeaf(leaves[m]!).toString("hex"));
        expect(verifyInclusion(m, n, hashLeaf(leaves[m]!), p.proof.map(hex), root), `leaf ${m} in size ${n}`).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBe((N * (N + 1)) / 2);
  });

  it("every consistency proof between sizes 1 <= m < n <= 64 verifies", async () => {
    for (let n = 2; n <= N; n += 1) {
      for (let m = 1; m < n; m += 1) {
        const p = await f.log.consistencyProof(m, n);
        expect(verifyConsistency(m, n, mth(leaves.slice(0, m)), mth(leaves.slice(0, n)), p.proof.map(hex)), `${m} -> ${n}`).toBe(true);
      }
    }
  });

  it("a proof with one flipped bit, or for the wrong leaf or size, does not verify", async () => {
    const n = 45;
    const root = mth(leaves.slice(0, n));
    const p = (await f.log.inclusionProof(17, n)).proof.map(hex);
    p[2]![0]! ^= 1;
    expect(verifyInclusion(17, n, hashLeaf(leaves[17]!), p, root)).toBe(false);
    expect(verifyInclusion(18, n, hashLeaf(leaves[18]!), (await f.log.inclusionProof(17, n)).proof.map(hex), root)).toBe(false);
    const c = (await f.log.consistencyProof(13, n)).proof.map(hex);
    expect(verifyConsistency(13, n + 1, mth(leaves.slice(0, 13)), mth(leaves.slice(0, n + 1)), c)).toBe(false);
  });

  it("refuses proofs outside the signed log with a bad_input error", async () => {
    await expect(f.log.inclusionProof(N, N)).rejects.toThrow(/not in a tree of size/);
    await expect(f.log.inclusionProof(0, N + 1)).rejects.toThrow(/beyond the latest signed checkpoint/);
    await expect(f.log.consistencyProof(0, N)).rejects.toThrow(/need 1 <= from <= to/);
    await expect(f.log.consistencyProof(5, 4)).rejects.toThrow(/need 1 <= from <= to/);
  });
});
