import type { Readable } from "node:stream";

export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
}

export type ObjectBody = Buffer | Readable;

/**
 * The storage both drivers (local disk, S3) implement. Keys are '/'-separated, never start
 * with '/', and never contain '..'.
 *
 * Writes are create-only and atomic: `putIfAbsent` either makes the whole object visible
 * or nothing, and never replaces an existing key.
 */
export interface ObjectStore {
  /** Writes `body` under `key`. Throws ObjectExistsError when the key exists already. */
  putIfAbsent(key: string, body: ObjectBody, size?: number): Promise<void>;
  /** Streams the object, or the inclusive byte range [start, end]. Throws ObjectNotFoundError. */
  get(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Reads a whole (small) object into memory. Throws ObjectNotFoundError. */
  getBuffer(key: string): Promise<Buffer>;
  /** Size and time of the object, or null when absent. */
  head(key: string): Promise<ObjectInfo | null>;
  /** Every object whose key starts with `prefix`, in lexicographic key order. */
  list(prefix: string): Promise<ObjectInfo[]>;
  /**
   * Removes an object. Only the vault (orphan cleanup, a version taken back with its failed audit
   * entry), a signing session reopened for that reason, expired idempotency keys, and the audit
   * log's partial entry bundles once their full bundle is stored may call this.
   */
  delete(key: string): Promise<void>;
  /** Throws (kind "unavailable") when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
