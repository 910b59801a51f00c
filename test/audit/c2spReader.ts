/**
 * A small tlog-tiles reader for the tests, written from the C2SP specs (tlog-tiles,
 * tlog-checkpoint, signed-note) and sharing no code with src/audit: it fetches files by their
 * spec paths below the log's prefix, checks the checkpoint's Ed25519 signature against a
 * verifier key, and derives any tree node from the hash tiles (tile L holds the nodes at
 * height 8L, 256 to a tile; a partial tile of W hashes is `<N>.p/<W>`).
 */
import { createHash, createPublicKey, verify } from "node:crypto";

export type Fetch = (path: string) => Promise<Buffer>;

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};

/** tlog-tiles: N as 3-digit decimal groups, every group but the last prefixed with "x". */
export function encodeIndex(n: number): string {
  const digits = String(n).padStart(Math.ceil(String(n).length / 3) * 3, "0");
  const groups = digits.match(/\d{3}/g)!;
  return groups.map((g, i) => (i === groups.length - 1 ? g : `x${g}`)).join("/");
}

export function tilePath(level: number, n: number, width: number): string {
  return `tile/${level}/${encodeIndex(n)}${width === 256 ? "" : `.p/${width}`}`;
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
}

/** signed-note + tlog-checkpoint: body lines origin, size, base64 root; a signature line by the key. */
export function openCheckpoint(note: string, vkey: string): Checkpoint {
  // <name>+<hex key id>+<base64 key>; the base64 may itself contain '+'.
  const [name, keyIdHex, ...rest] = vkey.split("+") as [string, string, ...string[]];
  const keyB64 = rest.join("+");
  const keyBytes = Buffer.from(keyB64, "base64");
  if (keyBytes[0] !== 0x01 || keyBytes.length !== 33) throw new Error("not an Ed25519 verifier key");
  const publicKey = createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), keyBytes.subarray(1)]), format: "der", type: "spki" });
  const blank = note.indexOf("\n\n");
  const body = note.slice(0, blank + 1);
  const sigs = note.slice(blank + 2).split("\n").filter((l) => l !== "");
  const ok = sigs.some((line) => {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m || m[1] !== name) return false;
    const blob = Buffer.from(m[2]!, "base64");
    return blob.subarray(0, 4).toString("hex") === keyIdHex && verify(null, Buffer.from(body), publicKey, blob.subarray(4));
  });
  if (!ok) throw new Error("checkpoint signature does not verify");
  const [origin, size, root] = body.split("\n");
  return { origin: origin!, size: Number(size), root: Buffer.from(root!, "base64") };
}

/** Any node of the tree of `size` leaves that is a complete subtree, from the hash tiles. */
export class TileReader {
  readonly fetched: string[] = [];
  private readonly tiles = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly fetch: Fetch,
    private readonly size: number,
  ) {}

  private tile(level: number, n: number): Promise<Buffer> {
    const nodesAtLevel = Math.floor(this.size / 256 ** level);
    const width = Math.min(256, nodesAtLevel - n * 256);
    const p = tilePath(level, n, width);
    if (!this.tiles.has(p)) {
      this.fetched.push(p);
      this.tiles.set(p, this.fetch(p));
    }
    return this.tiles.get(p)!;
  }

  /** The hash of leaves [index * 2^height, (index + 1) * 2^height). */
  async node(height: number, index: number): Promise<Buffer> {
    const level = Math.floor(height / 8);
    const sub = height % 8;
    const first = index * 2 ** sub;
    const tile = await this.tile(level, Math.floor(first / 256));
    let hashes: Buffer[] = [];
    for (let i = 0; i < 2 ** sub; i += 1) {
      const at = ((first % 256) + i) * 32;
      hashes.push(tile.subarray(at, at + 32));
    }
    while (hashes.length > 1) {
      const up: Buffer[] = [];
      for (let i = 0; i < hashes.length; i += 2) up.push(sha256(Uint8Array.of(1), hashes[i]!, hashes[i + 1]!));
      hashes = up;
    }
    return hashes[0]!;
  }

  /** MTH(D[start:end]) by RFC 9162 2.1.1's split, complete subtrees read from the tiles. */
  async mth(start: number, end: number): Promise<Buffer> {
    const n = end - start;
    if (Number.isInteger(Math.log2(n)) && start % n === 0) return this.node(Math.log2(n), start / n);
    let k = 1;
    while (k * 2 < n) k *= 2;
    return sha256(Uint8Array.of(1), await this.mth(start, start + k), await this.mth(start + k, end));
  }

  /** PATH(m, D[start:end]) from RFC 9162 2.1.3.1. */
  async path(m: number, start = 0, end = this.size): Promise<Buffer[]> {
    const n = end - start;
    if (n === 1) return [];
    let k = 1;
    while (k * 2 < n) k *= 2;
    return m < k ? [...(await this.path(m, start, start + k)), await this.mth(start + k, end)] : [...(await this.path(m - k, start + k, end)), await this.mth(start, start + k)];
  }
}

/** tlog-tiles entry bundle N of a tree of `size` entries: full, or `.p/<W>` for the last one not full yet. */
export function entryBundlePath(n: number, size: number): string {
  const width = Math.min(256, size - n * 256);
  return `tile/entries/${encodeIndex(n)}${width === 256 ? "" : `.p/${width}`}`;
}

/** The entries of a bundle: each a big-endian uint16 length, then that many bytes. */
export function splitEntryBundle(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < body.length; ) {
    if (at + 2 > body.length) throw new Error("bundle cut short in a length");
    const len = body.readUInt16BE(at);
    if (at + 2 + len > body.length) throw new Error("bundle cut short in an entry");
    out.push(body.subarray(at + 2, at + 2 + len));
    at += 2 + len;
  }
  return out;
}

/** Every entry of a tree of `size` entries, from its bundles. */
export async function fetchEntries(fetch: Fetch, size: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let n = 0; n * 256 < size; n += 1) out.push(...splitEntryBundle(await fetch(entryBundlePath(n, size))));
  if (out.length !== size) throw new Error(`the bundles hold ${out.length} entries, not ${size}`);
  return out;
}

/** Frames entries as an entry bundle (for tests that tamper with one). */
export function joinEntryBundle(entries: Buffer[]): Buffer {
  return Buffer.concat(entries.flatMap((e) => [Buffer.from([e.length >> 8, e.length & 0xff]), e]));
}
