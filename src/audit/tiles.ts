import { ObjectExistsError, ObjectNotFoundError, type ObjectStore } from "../store/index.js";
import { AuditIntegrityError } from "./errors.js";
import { EMPTY_ROOT, nodeHash, type MerkleTree } from "./merkle.js";
import { MoharError } from "../errors.js";
import { mapLimit } from "./mapLimit.js";

/**
 * The log's Merkle tree stored as C2SP tlog-tiles hash tiles: tile level L holds the hashes of
 * the tree's nodes at height 8L, 256 to a tile, under `tile/<L>/<N>[.p/<W>]` (N in x-prefixed
 * 3-digit groups, a partial tile of W < 256 hashes under its own key per width). Tiles are
 * create-only: a partial tile is never rewritten, a wider one (and finally the full one) is
 * written beside it. Only the right edge (one partial tile per level) is kept in memory; any
 * other node is read from its full tile, so opening the log costs a few reads at any size.
 */
export const TILE_WIDTH = 256;
const HASH = 32;
export const TILE_PREFIX = "audit/tile/";

/** C2SP tile index encoding: 3-digit groups, all but the last prefixed with "x" (1234067 -> x001/x234/067). */
export function tileIndexPath(n: number): string {
  const groups: string[] = [];
  let rest = n;
  do {
    groups.unshift(String(rest % 1000).padStart(3, "0"));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join("/");
}

/** Store key of hash tile (level, n), partial when width < 256. */
export function tileKey(level: number, n: number, width: number = TILE_WIDTH): string {
  return `${TILE_PREFIX}${level}/${tileIndexPath(n)}${width < TILE_WIDTH ? `.p/${width}` : ""}`;
}

/** Index of the first 32-byte hash where two tiles differ (or where one ends), or null when equal. */
export function firstDifference(a: Buffer, b: Buffer): number | null {
  if (a.equals(b)) return null;
  for (let j = 0; ; j += 1) {
    if (!a.subarray(j * 32, (j + 1) * 32).equals(b.subarray(j * 32, (j + 1) * 32))) return j;
  }
}

/** Level and index of a hash tile key made by tileKey, or null. */
export function tileAt(key: string): { level: number; n: number } | null {
  const m = key.slice(TILE_PREFIX.length).match(/^(\d+)\/((?:x\d{3}\/)*\d{3})(?:\.p\/\d+)?$/);
  return m ? { level: Number(m[1]), n: Number(m[2]!.replace(/x|\//g, "")) } : null;
}

/** Hash of the 2^h nodes `hashes[from..from+2^h)` as one subtree. */
function subtreeOf(hashes: readonly Buffer[], from: number, h: number): Buffer {
  let level = hashes.slice(from, from + (1 << h));
  while (level.length > 1) {
    const up: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(nodeHash(level[i]!, level[i + 1]!));
    level = up;
  }
  return level[0]!;
}

/**
 * Adds the `count`th leaf to a tree's right edge (one partial tile of hashes per level) and
 * returns the tiles it fills, lowest level first: each full tile's subtree hash moves up a level.
 */
export function pushLeaf(edge: Buffer[][], count: number, leaf: Buffer): Array<{ level: number; n: number; hashes: Buffer[] }> {
  const full: Array<{ level: number; n: number; hashes: Buffer[] }> = [];
  let h = leaf;
  for (let level = 0; ; level += 1) {
    const e = (edge[level] ??= []);
    e.push(h);
    if (e.length < TILE_WIDTH) return full;
    full.push({ level, n: Math.floor(count / TILE_WIDTH ** (level + 1)) - 1, hashes: e });
    h = subtreeOf(e, 0, 8);
    edge[level] = [];
  }
}

function split(tile: Buffer): Buffer[] {
  return Array.from({ length: tile.length / HASH }, (_, i) => tile.subarray(i * HASH, (i + 1) * HASH));
}

const CACHE_TILES = 128;
const FLUSH_CONCURRENCY = 8;

export class TiledTree {
  /** Nodes at height 8L in the level-L tile that is not full yet. */
  private readonly edge: Buffer[][];
  /** Full tiles made by appends and not yet stored, by key. */
  private readonly pending = new Map<string, Buffer>();
  /** The partial tile key last stored per level. */
  private readonly storedPartial: string[] = [];
  private readonly cache = new Map<string, Buffer[]>();
  /** Tiles computed from the entries that differ from stored ones (a log started despite findings). */
  private readonly overrides = new Map<string, Buffer>();

  private constructor(
    private readonly store: ObjectStore,
    private count: number,
    edge: Buffer[][],
  ) {
    this.edge = edge;
  }

  static empty(store: ObjectStore): TiledTree {
    return new TiledTree(store, 0, []);
  }

  /** The tree's right edge at `size`, read from the stored tiles; null when one is missing. */
  static async load(store: ObjectStore, size: number): Promise<TiledTree | null> {
    const edge: Buffer[][] = [];
    for (let level = 0, c = size; c > 0; level += 1, c = Math.floor(c / TILE_WIDTH)) {
      const width = c % TILE_WIDTH;
      edge.push([]);
      if (width === 0) continue;
      const key = tileKey(level, Math.floor(c / TILE_WIDTH), width);
      let tile: Buffer;
      try {
        tile = await store.getBuffer(key);
      } catch (err) {
        if (err instanceof ObjectNotFoundError) return null;
        throw err;
      }
      if (tile.length !== width * HASH) return null;
      edge[level] = split(tile).map((h) => Buffer.from(h));
    }
    const tree = new TiledTree(store, size, edge);
    edge.forEach((e, level) => {
      if (e.length > 0) tree.storedPartial[level] = tileKey(level, Math.floor(Math.floor(size / TILE_WIDTH ** level) / TILE_WIDTH), e.length);
    });
    return tree;
  }

  /** The tiles of an in-memory tree (a log read whole); `store`s them on the next flush. */
  static fromMerkle(store: ObjectStore, tree: MerkleTree): TiledTree {
    const t = TiledTree.empty(store);
    for (let i = 0; i < tree.size; i += 1) t.append(tree.leaf(i));
    return t;
  }

  get size(): number {
    return this.count;
  }

  append(leaf: Buffer): void {
    this.count += 1;
    for (const t of pushLeaf(this.edge, this.count, leaf)) this.pending.set(tileKey(t.level, t.n), Buffer.concat(t.hashes));
  }

  /**
   * Stores the full tiles completed since the last flush and the right edge's partial tiles,
   * create-only. A tile already stored must hold the same hashes: otherwise the stored tree is
   * not the one these entries make. With `tolerate`, such a tile is kept in memory instead.
   */
  async flush(tolerate = false): Promise<void> {
    const writes: Array<[string, Buffer]> = [...this.pending];
    const partials: Array<[number, string]> = [];
    this.edge.forEach((e, level) => {
      if (e.length === 0) return;
      const key = tileKey(level, Math.floor(Math.floor(this.count / TILE_WIDTH ** level) / TILE_WIDTH), e.length);
      if (this.storedPartial[level] !== key) {
        writes.push([key, Buffer.concat(e)]);
        partials.push([level, key]);
      }
    });
    // Side by side, a few at a time; a tile is dropped from `pending` only once it is stored.
    await mapLimit(writes, FLUSH_CONCURRENCY, async ([key, body]) => {
      try {
        await this.store.putIfAbsent(key, body);
      } catch (err) {
        if (!(err instanceof ObjectExistsError)) throw err;
        const stored = await this.store.getBuffer(key);
        const j = firstDifference(stored, body);
        if (j !== null) {
          const at = tileAt(key);
          const seq = at ? (at.n * TILE_WIDTH + j) * TILE_WIDTH ** at.level : null;
          if (!tolerate) throw new AuditIntegrityError({ seq, reason: `hash tile ${key} does not match ${seq === null ? "the entries" : `entry ${seq}`}: the tile or the entry was changed` });
          this.overrides.set(key, body);
        }
      }
      this.pending.delete(key);
    });
    for (const [level, key] of partials) this.storedPartial[level] = key;
  }

  /** Hashes of full tile (level, n): pending, cached or read from the store. */
  private async fullTile(level: number, n: number): Promise<Buffer[]> {
    const key = tileKey(level, n);
    const cached = this.cache.get(key);
    if (cached) return cached;
    let body = this.overrides.get(key) ?? this.pending.get(key);
    if (!body) {
      try {
        body = await this.store.getBuffer(key);
      } catch (err) {
        if (err instanceof ObjectNotFoundError) throw new AuditIntegrityError({ seq: null, reason: `hash tile ${key} is missing` });
        throw err;
      }
      if (body.length !== TILE_WIDTH * HASH) throw new AuditIntegrityError({ seq: null, reason: `hash tile ${key} is not ${TILE_WIDTH} hashes` });
    }
    const hashes = split(body);
    if (this.cache.size >= CACHE_TILES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, hashes);
    return hashes;
  }

  /** The node at `height` (0 = leaves) and index `i`, a complete subtree of the current tree. */
  private async node(height: number, i: number): Promise<Buffer> {
    const level = height >> 3;
    const h = height & 7;
    const base = i * 2 ** h;
    const n = Math.floor(base / TILE_WIDTH);
    const fullTiles = Math.floor(Math.floor(this.count / TILE_WIDTH ** level) / TILE_WIDTH);
    const hashes = n < fullTiles ? await this.fullTile(level, n) : this.edge[level]!;
    return subtreeOf(hashes, base - n * TILE_WIDTH, h);
  }

  async leaf(index: number): Promise<Buffer> {
    this.checkSize(index + 1, "leaf index");
    return Buffer.from(await this.node(0, index));
  }

  /** MTH(D[0:size]). */
  async root(size: number = this.count): Promise<Buffer> {
    this.checkSize(size, "tree size");
    return size === 0 ? Buffer.from(EMPTY_ROOT) : this.subtree(0, size);
  }

  /** PATH(index, D[0:size]), RFC 9162 section 2.1.3.1. */
  async inclusionProof(index: number, size: number): Promise<Buffer[]> {
    this.checkSize(size, "tree size");
    if (!(Number.isSafeInteger(index) && index >= 0 && index < size)) {
      throw new MoharError("audit.bad_proof_request", `leaf ${index} is not in a tree of size ${size}`);
    }
    return this.path(index, 0, size);
  }

  /** PROOF(m, D[0:n]), RFC 9162 section 2.1.4.1. */
  async consistencyProof(m: number, n: number): Promise<Buffer[]> {
    this.checkSize(n, "tree size");
    if (!(Number.isSafeInteger(m) && m >= 1 && m <= n)) {
      throw new MoharError("audit.bad_proof_request", `no consistency proof from size ${m} to size ${n}: need 1 <= from <= to`);
    }
    return this.subproof(m, 0, n, true);
  }

  private checkSize(size: number, what: string): void {
    if (!(Number.isSafeInteger(size) && size >= 0 && size <= this.count)) {
      throw new MoharError("audit.bad_proof_request", `${what} ${size} is outside the log (size ${this.count})`);
    }
  }

  /** MTH(D[start:end]); start is aligned to the largest power of two <= end - start. */
  private async subtree(start: number, end: number): Promise<Buffer> {
    const n = end - start;
    if ((n & (n - 1)) === 0 && n <= 2 ** 30) return this.node(Math.log2(n), start / n);
    const k = splitPoint(n);
    return nodeHash(await this.subtree(start, start + k), await this.subtree(start + k, end));
  }

  private async path(m: number, start: number, end: number): Promise<Buffer[]> {
    const n = end - start;
    if (n === 1) return [];
    const k = splitPoint(n);
    if (m < k) return [...(await this.path(m, start, start + k)), Buffer.from(await this.subtree(start + k, end))];
    return [...(await this.path(m - k, start + k, end)), Buffer.from(await this.subtree(start, start + k))];
  }

  private async subproof(m: number, start: number, end: number, whole: boolean): Promise<Buffer[]> {
    const n = end - start;
    if (m === n) return whole ? [] : [Buffer.from(await this.subtree(start, end))];
    const k = splitPoint(n);
    if (m <= k) return [...(await this.subproof(m, start, start + k, whole)), Buffer.from(await this.subtree(start + k, end))];
    return [...(await this.subproof(m - k, start + k, end, false)), Buffer.from(await this.subtree(start, start + k))];
  }
}

function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The tree size the stored tiles reach: full level-0 tiles found by doubling then bisecting
 * (O(log n) existence checks), then the widest partial tile after them (one short listing).
 */
export async function storedTileSize(store: ObjectStore): Promise<number> {
  const has = async (n: number): Promise<boolean> => (await store.head(tileKey(0, n))) !== null;
  let full = 0;
  if (await has(0)) {
    let hi = 1;
    while (await has(hi)) hi *= 2;
    let lo = Math.floor(hi / 2); // has(lo) is true, has(hi) false
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await has(mid)) lo = mid;
      else hi = mid;
    }
    full = lo + 1;
  }
  const prefix = `${tileKey(0, full)}.p/`;
  const widths = (await store.list(prefix)).map((o) => Number(o.key.slice(prefix.length))).filter((w) => Number.isInteger(w) && w > 0 && w < TILE_WIDTH);
  return full * TILE_WIDTH + Math.max(0, ...widths);
}
