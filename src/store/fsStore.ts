import fs, { type FileHandle } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { ObjectBody, ObjectInfo, ObjectStore } from "./objectStore.js";
import { GroupCommit, workerDiskSync, type DiskSync } from "./groupCommit.js";
import { fsWorker, type FsWorker } from "./fsWorker.js";
import { assertValidKey, ObjectExistsError, ObjectNotFoundError, StoreFullError, StoreUnavailableError } from "./errors.js";

const TMP = ".tmp";
const DEFAULT_TEMP_GRACE_MS = 60 * 60 * 1000;
/** Bodies larger than this are written only after a look that their key is free. */
const HEAD_FIRST_BYTES = 64 * 1024;
/**
 * Bodies (and objects read whole) up to this size are written (read) by the store's file-system
 * worker in one message each (fsWorker.ts, #16); larger ones and streams through libuv's pool
 * call by call, as a copy to the worker would cost the main thread more than the calls.
 */
const WORKER_IO_BYTES = 256 * 1024;

export interface FsStoreOptions {
  /**
   * How long since its last write a temp file must be before `open` removes it as a crash's
   * leftover. Other processes (the server, the CLI) share the data directory, and a younger
   * temp file may be one of their writes in progress. Default 1 hour.
   */
  tempGraceMs?: number;
  /** Below this much free space, `ping` reports the store unavailable (readiness). Default 0. */
  minFreeBytes?: number;
  /** How data is made durable (fsync); a test passes one that records or holds the syncs. */
  sync?: DiskSync;
  /**
   * The worker that makes the file-system calls (default: the process's, fsWorker.ts); a test
   * passes one with faults injected. Without `sync`, its fsyncs are made by this worker too.
   */
  worker?: FsWorker;
}

/**
 * Local-disk store. An object is written to a temp file under `.tmp/`, fsynced, then
 * hard-linked to its key: link(2) fails with EEXIST when the key exists, so the create is
 * atomic and create-only, and a crash leaves at most a temp file, removed by a later open.
 * Concurrent writes share their fsyncs (group commit, groupCommit.ts): each is answered once
 * its data and its directory entry are durable.
 */
export class FsObjectStore implements ObjectStore {
  private readonly commits: GroupCommit;

  private constructor(
    private readonly root: string,
    private readonly minFreeBytes: number,
    sync: DiskSync,
    private readonly worker: FsWorker,
  ) {
    this.commits = new GroupCommit(sync, root, worker);
  }

  static async open(root: string, options: FsStoreOptions = {}): Promise<FsObjectStore> {
    const tmp = path.join(root, TMP);
    await fs.mkdir(tmp, { recursive: true });
    await removeStaleTempFiles(tmp, options.tempGraceMs ?? DEFAULT_TEMP_GRACE_MS);
    const worker = options.worker ?? fsWorker;
    const sync = options.sync ?? workerDiskSync(worker);
    return new FsObjectStore(path.resolve(root), options.minFreeBytes ?? 0, sync, worker);
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    if (key === TMP || key.startsWith(`${TMP}/`)) throw new ObjectNotFoundError(key);
    return path.join(this.root, ...key.split("/"));
  }

  async putIfAbsent(key: string, body: ObjectBody): Promise<void> {
    const target = this.pathOf(key);
    // A key seen to exist fails before a large body is written; for a small one the link's
    // EEXIST is as good and saves the look. (Not for one a failed put left: the same bytes take it over.)
    if ((!Buffer.isBuffer(body) || body.length > HEAD_FIRST_BYTES) && !this.commits.awaitsSync(target) && (await this.head(key))) throw new ObjectExistsError(key);
    const tmp = path.join(this.root, TMP, randomUUID());
    let handle: FileHandle | undefined;
    try {
      if (Buffer.isBuffer(body) && body.length <= WORKER_IO_BYTES) await this.worker.call({ op: "create", path: tmp, body });
      else handle = await writeFile(tmp, body);
    } catch (err) {
      await unlinkIfThere(tmp);
      throw storeError(key, err);
    }
    try {
      // The group commit removes the temp file (and closes its handle), whatever the outcome.
      if (!(await this.commits.commit({ tmp, target, handle }))) throw new ObjectExistsError(key);
    } catch (err) {
      throw storeError(key, err);
    }
  }

  async get(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const p = this.pathOf(key);
    // Open first so a missing key fails here, not later mid-stream.
    const fh = await fs.open(p, "r").catch((err: NodeJS.ErrnoException) => {
      throw err.code === "ENOENT" || err.code === "EISDIR" ? new ObjectNotFoundError(key) : err;
    });
    return fh.createReadStream({ start: range?.start, end: range?.end });
  }

  async getBuffer(key: string): Promise<Buffer> {
    try {
      const file = this.pathOf(key);
      return (await this.worker.call({ op: "read", path: file, max: WORKER_IO_BYTES })) ?? (await fs.readFile(file));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "EISDIR") throw new ObjectNotFoundError(key);
      throw err;
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const st = await fs.stat(this.pathOf(key));
      return st.isFile() ? { key, size: st.size, lastModified: st.mtime } : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    // Walk only the directory that can hold the prefix, then filter by the full prefix.
    const slash = prefix.lastIndexOf("/");
    const dirKey = slash >= 0 ? prefix.slice(0, slash) : "";
    const start = dirKey ? path.join(this.root, ...dirKey.split("/")) : this.root;
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
        throw err;
      }
      for (const e of entries) {
        const key = keyPrefix ? `${keyPrefix}/${e.name}` : e.name;
        if (!keyPrefix && e.name === TMP) continue;
        if (e.isDirectory()) {
          if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(path.join(dir, e.name), key);
        } else if (e.isFile() && key.startsWith(prefix)) {
          const st = await fs.stat(path.join(dir, e.name));
          out.push({ key, size: st.size, lastModified: st.mtime });
        }
      }
    };
    await walk(start, dirKey);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async ping(): Promise<void> {
    try {
      await fs.access(path.join(this.root, TMP), fs.constants.W_OK);
    } catch (err) {
      throw new StoreUnavailableError(`data directory ${this.root} is not writable`, err);
    }
    if (this.minFreeBytes > 0) {
      const st = await fs.statfs(this.root);
      const free = st.bavail * st.bsize;
      if (free < this.minFreeBytes) throw new StoreUnavailableError(`data directory ${this.root} has ${free} bytes free, less than STORE_MIN_FREE_BYTES (${this.minFreeBytes})`);
    }
  }

  async close(): Promise<void> {}
}

async function removeStaleTempFiles(tmp: string, graceMs: number): Promise<void> {
  const now = Date.now();
  for (const name of await fs.readdir(tmp)) {
    const file = path.join(tmp, name);
    // Gone already: its writer committed it, or another process cleaned up first.
    const st = await fs.lstat(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return null;
      throw err;
    });
    if (st && now - st.mtimeMs >= graceMs) await fs.rm(file, { recursive: true, force: true });
  }
}

/** Writes `body` to a new `tmp`: its handle, left open for the fsync (the same descriptor wrote and syncs it); closed on a failure. */
async function writeFile(tmp: string, body: ObjectBody): Promise<FileHandle> {
  const fh = await fs.open(tmp, "wx");
  try {
    if (Buffer.isBuffer(body)) {
      for (let at = 0; at < body.length; ) at += (await fh.write(body, at, body.length - at)).bytesWritten;
    } else {
      for await (const chunk of body) await fh.write(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Uint8Array));
    }
    return fh;
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** A full disk as the store's "full" error; anything else as it is. */
function storeError(key: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "ENOSPC" || code === "EDQUOT" ? new StoreFullError(key, err) : err;
}

async function unlinkIfThere(file: string): Promise<void> {
  await fs.unlink(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "ENOENT") throw err;
  });
}
