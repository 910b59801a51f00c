import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog, loadOrCreateLogKey } from "../../src/audit/index.js";
import { MerkleTree } from "../../src/audit/merkle.js";
import { storedTileSize, TiledTree, tileIndexPath, tileKey } from "../../src/audit/tiles.js";
import { FsObjectStore } from "../../src/store/index.js";
import { encodeIndex, fetchEntries, openCheckpoint, TileReader } from "./c2spReader.js";
import { event, ORIGIN, seedEntriesOnDisk, tempDir } from "./fixtures.js";
import { hashLeaf, verifyConsistency, verifyInclusion } from "./rfc9162Verifier.js";

const leafOf = (i: number): Buffer => createHash("sha256").update(`leaf ${i}`).digest();

describe("C2SP tile paths", () => {
  it("encode the index in x-prefixed 3-digit groups, a partial tile by its width", () => {
    expect(tileIndexPath(0)).toBe("000");
    expect(tileIndexPath(999)).toBe("999");
    expect(tileIndexPath(1000)).toBe("x001/000");
    expect(tileIndexPath(1234067)).toBe("x001/x234/067");
    expect(tileKey(0, 1234067)).toBe("audit/tile/0/x001/x234/067");
    expect(tileKey(2, 5, 17)).toBe("audit/tile/2/005.p/17");
    for (const n of [0, 7, 999, 1000, 65_536, 1234067]) expect(tileIndexPath(n)).toBe(encodeIndex(n));
  });
});

describe("the tree kept as hash tiles", () => {
  // Past 65,536 leaves: three tile levels, full and partial tiles at each.
  const N = 65_536 + 700;
  let dir: string;
  let store: FsObjectStore;
  const mem = new MerkleTree();

  beforeAll(async () => {
    dir = await tempDir();
    store = await FsObjectStore.open(path.join(dir, "store"));
    const tiled = TiledTree.empty(store);
    for (let i = 0; i < N; i += 1) {
      mem.append(leafOf(i));
      tiled.append(leafOf(i));
      if (i % 20_000 === 19_999) await tiled.flush();
    }
    await tiled.flush();
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("are found by size, and read back give the same roots and proofs as the whole tree in memory", async () => {
    expect(await storedTileSize(store)).toBe(N);
    const loaded = await TiledTree.load(store, N);
    expect(loaded).not.toBeNull();
    const t = loaded!;
    for (const size of [1, 255, 256, 257, 4096, 65_535, 65_536, 65_537, N]) {
      expect((await t.root(size)).equals(mem.root(size)), `root ${size}`).toBe(true);
    }
    for (const [m, size] of [[0, N], [255, N], [256, 300], [65_535, N], [N - 1, N], [40_000, 65_600]] as const) {
      const proof = await t.inclusionProof(m, size);
      expect(proof.map((h) => h.toString("hex")), `inclusion ${m} in ${size}`).toEqual(mem.inclusionProof(m, size).map((h) => h.toString("hex")));
    }
    for (const [m, n] of [[1, N], [256, N], [300, 65_536], [65_536, N], [1000, 1001]] as const) {
      const proof = await t.consistencyProof(m, n);
      expect(verifyConsistency(m, n, mem.root(m), mem.root(n), proof), `consistency ${m} -> ${n}`).toBe(true);
    }
    // Appending on the loaded edge continues the same tree.
    t.append(leafOf(N));
    mem.append(leafOf(N));
    expect((await t.root()).equals(mem.root())).toBe(true);
  });

  it("are never rewritten: a partial tile gets a new key per width, a full tile its own", async () => {
    // Flushed at 20,000 leaves: tile 78 was then 32 wide; it filled up later, under its full key.
    expect((await store.list("audit/tile/0/078.p/")).map((o) => o.key)).toEqual([tileKey(0, 78, 32)]);
    expect(await store.head(tileKey(0, 78))).not.toBeNull();
    expect(await store.head(tileKey(0, 256))).not.toBeNull();
    expect(await store.head(tileKey(2, 0, 1))).not.toBeNull();
  });
});

describe("a mohar log read by an independent C2SP tlog-tiles reader", () => {
  let dir: string;
  let store: FsObjectStore;
  let log: AuditLog;
  let leaves: Buffer[];

  beforeAll(async () => {
    dir = await tempDir();
    const key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), ORIGIN);
    // 600 entries written before tiles existed: the first open makes their tiles.
    leaves = await seedEntriesOnDisk(path.join(dir, "store"), key, 600);
    store = await FsObjectStore.open(path.join(dir, "store"));
    const first = await AuditLog.open({ store, key });
    // Then 30 appended by the log itself, whose batches write their tiles.
    const added = await Promise.all(Array.from({ length: 30 }, (_, i) => first.append(event(600 + i, "doc-x"))));
    await first.close();
    expect(added.map((e) => e.seq).sort((a, b) => a - b)[0]).toBe(600);
    log = await AuditLog.open({ store, key });
  }, 60_000);
  afterAll(async () => {
    await log.close();
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("reads the checkpoint, fetches entry bundles and tiles, and verifies inclusion proofs of entries", async () => {
    const fetch = (p: string): Promise<Buffer> => store.getBuffer(`audit/${p}`);
    const cp = openCheckpoint(log.checkpoint.note, log.verifierKey);
    expect(cp).toMatchObject({ origin: ORIGIN, size: 630 });
    // The entries as the C2SP entry bundles frame them (the first 600 converted from one object
    // each, the rest appended in bundles) are byte for byte the entries the log was given.
    const bundled = await fetchEntries(fetch, cp.size);
    expect(bundled.slice(0, 600).every((b, i) => b.equals(leaves[i]!))).toBe(true);
    expect(bundled.slice(600).map((b) => (JSON.parse(b.toString()) as { seq: number }).seq)).toEqual(Array.from({ length: 30 }, (_, i) => 600 + i));
    expect(bundled.slice(600).map((b) => (JSON.parse(b.toString()) as { action: string }).action).every((a) => a === "document.download")).toBe(true);
    const reader = new TileReader(fetch, cp.size);
    expect((await reader.mth(0, cp.size)).equals(cp.root)).toBe(true);
    for (const seq of [0, 255, 256, 599, 600, 629]) {
      const leaf = hashLeaf(bundled[seq]!);
      expect((await reader.node(0, seq)).equals(leaf), `leaf ${seq} in tile`).toBe(true);
      expect(verifyInclusion(seq, cp.size, leaf, await reader.path(seq), cp.root), `entry ${seq}`).toBe(true);
      // The service's own proof agrees with the reader's.
      expect((await log.inclusionProof(seq, cp.size)).proof).toEqual((await reader.path(seq)).map((h) => h.toString("hex")));
    }
    expect(reader.fetched).toEqual(expect.arrayContaining(["tile/0/000", "tile/0/001", "tile/0/002.p/118", "tile/1/000.p/2"]));
    // A wrong key or a changed body is refused.
    expect(() => openCheckpoint(log.checkpoint.note.replace("\n630\n", "\n631\n"), log.verifierKey)).toThrow(/does not verify/);
  });
});
