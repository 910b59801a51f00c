import { setTimeout as sleep } from "node:timers/promises";
import { ObjectExistsError, ObjectNotFoundError, type ObjectStore } from "../store/index.js";
import { AuditIntegrityError } from "./errors.js";
import { TILE_PREFIX, TILE_WIDTH, tileIndexPath } from "./tiles.js";

/**
 * Entry bundles as C2SP tlog-tiles defines them: the entries with index 256N..256N+255 in one
 * object `tile/entries/<N>` under the log's prefix, each framed as a big-endian uint16 length
 * and the entry's bytes (the very bytes whose RFC 6962 leaf hash is in the tree); a bundle not
 * full yet is `tile/entries/<N>.p/<W>` with its first W entries. Bundles are create-only: a
 * partial bundle is never rewritten, a wider one (and finally the full one) is written beside it;
 * once the full one is stored the partial ones may go (`dropPartials`, not under object lock).
 */
export const BUNDLE_PREFIX = `${TILE_PREFIX}entries/`;
const MAX_ENTRY = 0xffff;

export function bundleKey(n: number, width: number = TILE_WIDTH): string {
  return `${BUNDLE_PREFIX}${tileIndexPath(n)}${width < TILE_WIDTH ? `.p/${width}` : ""}`;
}

/** Index and width of a bundle key made by bundleKey, or null. */
export function bundleAt(key: string): { n: number; width: number } | null {
  const m = key.slice(BUNDLE_PREFIX.length).match(/^((?:x\d{3}\/)*\d{3})(?:\.p\/(\d+))?$/);
  if (!key.startsWith(BUNDLE_PREFIX) || !m) return null;
  return { n: Number(m[1]!.replace(/x|\//g, "")), width: m[2] === undefined ? TILE_WIDTH : Number(m[2]) };
}

export function encodeBundle(entries: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.length > MAX_ENTRY) throw new Error(`an audit entry of ${e.length} bytes does not fit a bundle's uint16 length`);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(e.length);
    parts.push(len, e);
  }
  return Buffer.concat(parts);
}

/** The entries framed in a bundle, or a reason when the framing is broken. */
export function decodeBundle(body: Buffer): Buffer[] | string {
  const out: Buffer[] = [];
  for (let at = 0; at < body.length; ) {
    if (at + 2 > body.length) return `a length prefix is cut short at byte ${at}`;
    const len = body.readUInt16BE(at);
    if (at + 2 + len > body.length) return `entry ${out.length} runs past the end of the bundle`;
    out.push(body.subarray(at + 2, at + 2 + len));
    at += 2 + len;
  }
  return out;
}

async function getOrNull(store: ObjectStore, key: string): Promise<Buffer | null> {
  try {
    return await store.getBuffer(key);
  } catch (err) {
    if (err instanceof ObjectNotFoundError) return null;
    throw err;
  }
}

/** The widest partial bundle stored for index n (one short listing), or null. */
export async function widestPartial(store: ObjectStore, n: number): Promise<{ key: string; width: number } | null> {
  const prefix = `${bundleKey(n)}.p/`;
  const widths = (await store.list(prefix)).map((o) => Number(o.key.slice(prefix.length))).filter((w) => Number.isInteger(w) && w > 0 && w < TILE_WIDTH);
  if (widths.length === 0) return null;
  const width = Math.max(...widths);
  return { key: bundleKey(n, width), width };
}

/**
 * Deletes bundle n's partial copies; only once its full bundle is stored. Nothing needs them then:
 * every reader of an older size takes the full bundle's prefix (BundleReader), the whole-log
 * check and the export read the full one, and the start checks only the newest, open bundle.
 */
export async function dropPartials(store: ObjectStore, n: number): Promise<void> {
  // Narrowest first (a listing is lexicographic: "100" before "20"): a reader between two deletes
  // still finds the widest partial bundle, or else the full one (readStoredBundle).
  const widthOf = (key: string): number => bundleAt(key)?.width ?? 0;
  const keys = (await store.list(`${bundleKey(n)}.p/`)).map((o) => o.key).sort((a, b) => widthOf(a) - widthOf(b));
  for (const key of keys) await store.delete(key);
}

/**
 * What storage holds for bundle n: the full bundle, else the widest partial one. Entries as
 * framed, or `invalid` naming why not.
 */
export async function readStoredBundle(store: ObjectStore, n: number): Promise<{ key: string; entries: Buffer[] } | { key: string; invalid: string } | null> {
  const full = await getOrNull(store, bundleKey(n));
  let key = bundleKey(n);
  let body = full;
  if (body === null) {
    const p = await widestPartial(store, n);
    // No partial one listed, or gone since the listing: the full bundle may have been stored
    // meanwhile and its partial ones dropped; look for it once more before calling it missing.
    body = p ? await getOrNull(store, p.key) : null;
    if (p && body !== null) key = p.key;
    else body = await getOrNull(store, bundleKey(n));
    if (body === null) return null;
  }
  const entries = decodeBundle(body);
  return typeof entries === "string" ? { key, invalid: entries } : { key, entries };
}

/**
 * Writes bundle n holding `entries` (create-only). A bundle already stored under that key must
 * hold the same bytes (another instance wrote it, or a retry): otherwise the stored log is not
 * the one these entries make.
 */
export async function putBundle(store: ObjectStore, n: number, entries: readonly Buffer[]): Promise<void> {
  const key = bundleKey(n, entries.length);
  const body = encodeBundle(entries);
  try {
    await store.putIfAbsent(key, body);
  } catch (err) {
    if (!(err instanceof ObjectExistsError)) throw err;
    // Another instance may be writing the same bundle this moment, and some S3-compatible servers
    // (s3rver) show an object before its body is complete: read a few times before judging.
    let stored = await store.getBuffer(key);
    for (let attempt = 0; attempt < 4 && !stored.equals(body) && stored.length < body.length; attempt += 1) {
      await sleep(20 * 2 ** attempt);
      stored = await store.getBuffer(key);
    }
    if (!stored.equals(body)) {
      const got = decodeBundle(stored);
      const i = typeof got === "string" ? 0 : Math.max(0, entries.findIndex((e, j) => !got[j]?.equals(e)));
      const seq = n * TILE_WIDTH + i;
      throw new AuditIntegrityError({ seq, reason: `entry bundle ${key} holds a different entry ${seq} than this log wrote` });
    }
  }
}

const CACHE_BUNDLES = 64;

/**
 * Reads entries from the bundles a tree size makes: bundle n of a log of `size` entries is
 * the full one, or the partial one of width size - 256n (written with the batch that ended
 * there, before its checkpoint). Full bundles are cached (they never change).
 */
export class BundleReader {
  private readonly cache = new Map<number, Buffer[]>();

  constructor(private readonly store: ObjectStore) {}

  /** Bundle n as a log of `size` entries has it, or null when it is missing. */
  async bundle(n: number, size: number): Promise<Buffer[] | null> {
    const width = Math.min(TILE_WIDTH, size - n * TILE_WIDTH);
    if (width <= 0) return null;
    const cached = this.cache.get(n);
    if (cached) return width === TILE_WIDTH ? cached : cached.slice(0, width);
    let body = await getOrNull(this.store, bundleKey(n, width));
    // A partial bundle may be gone where the full one is there: take the prefix of the full one.
    if (body === null && width < TILE_WIDTH) body = await getOrNull(this.store, bundleKey(n));
    if (body === null) return null;
    const entries = decodeBundle(body);
    if (typeof entries === "string") throw new AuditIntegrityError({ seq: n * TILE_WIDTH, reason: `entry bundle ${bundleKey(n, width)} is malformed: ${entries}` });
    if (entries.length === TILE_WIDTH) {
      if (this.cache.size >= CACHE_BUNDLES) this.cache.delete(this.cache.keys().next().value as number);
      this.cache.set(n, entries);
    }
    if (entries.length < width) return null;
    return entries.slice(0, width);
  }

  /** Raw bytes of entries [from, to) of a log of `size` entries; null where a bundle is missing. */
  async raw(from: number, to: number, size: number): Promise<Array<Buffer | null>> {
    const out: Array<Buffer | null> = [];
    for (let seq = from; seq < to; ) {
      const n = Math.floor(seq / TILE_WIDTH);
      const end = Math.min(to, (n + 1) * TILE_WIDTH);
      const b = await this.bundle(n, size);
      for (; seq < end; seq += 1) out.push(b?.[seq - n * TILE_WIDTH] ?? null);
    }
    return out;
  }
}
