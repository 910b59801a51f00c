import fs from "node:fs/promises";
import { closeSync, fdatasyncSync, fsyncSync, openSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";
import { MoharError } from "../errors.js";

/** What this file uses of Emscripten's file system under PGlite (0.5: NODEFS mounted at the data directory). */
interface EmStream {
  path: string;
  nfd?: number;
  node?: { mount?: { mountpoint: string; opts?: { root?: string } } };
}
interface EmStreamOps {
  write?: (...args: unknown[]) => number;
  fsync?: (stream: EmStream) => number;
}
/** The part of PGlite's Emscripten module used here, as its file system's preRun receives it. */
interface EmModule {
  NODEFS?: { stream_ops?: EmStreamOps };
  FS: { ErrnoError: new (errno: number) => Error };
}

/** WASI's errno numbers, as Emscripten's file system reports them to PostgreSQL. */
const WASI_EINVAL = 28;
const WASI_EIO = 29;

/** A WAL segment file, by its path in PGlite's file system. */
const SEGMENT = /\/pg_wal\/[0-9A-F]{24}$/;

/** How files are synced by their real paths: off the main thread, a file's data only (fdatasync) or all (fsync); and a file's data now, on it. */
export interface SyncFiles {
  file(file: string, dataOnly: boolean): Promise<void>;
  dataNow(file: string): void;
}

/**
 * Makes PGlite's commits durable (#16). Under Node, PGlite's file system (Emscripten's NODEFS)
 * has no fsync, and this build's fdatasync is a no-op: PostgreSQL's syncs of the WAL at commit
 * and at a segment switch, and its fsyncs of data files and directories, returned without
 * reaching the disk, so a committed row survived a killed process (the page cache) but not a
 * power cut. Installed in NODEFS before PostgreSQL starts (`fileSystem`), so crash recovery and
 * its checkpoint are covered too:
 * - the WAL: every segment written to is noted (`dirty`); a statement that ended outside a
 *   transaction while some are dirty owes a flush: an fdatasync of exactly those segments, done
 *   off the main thread before the caller is answered, and shared (group commit): a sync started
 *   after a commit's write covers it, so concurrent commits share one, and the next database
 *   user need not wait for it; the pg_wal directory is synced too when a segment is new;
 * - everything else PostgreSQL syncs (data files and pg_control at a checkpoint, a new segment,
 *   directories) gets the real fsync PostgreSQL asked for, on the main thread as PostgreSQL runs
 *   there, after the dirty WAL segments are fdatasynced (the write-ahead rule: a checkpoint's
 *   pg_control never reaches the disk before its WAL record);
 * - a failed sync is kept: every later flush rejects with it (database.not_durable), since Linux
 *   marks the pages clean after a failed writeback and a later sync would succeed on lost data.
 */
export class PgliteDurability {
  /** Real paths of the WAL segments written to since the last sync took them. */
  private dirty = new Set<string>();
  /** Segments the last sync took: a dirty segment not among them is new, so pg_wal is synced too. */
  private lastSegments = new Set<string>();
  private running: Promise<void> | null = null;
  private again: Promise<void> | null = null;
  private failure: MoharError | null = null;
  private walDir: string | null = null;
  private syncCount = 0;

  constructor(private readonly sync: SyncFiles = nodeSyncFiles) {}

  /** WAL syncs done (each shared by the commits made before it started). */
  get syncs(): number {
    return this.syncCount;
  }

  /** PGlite's file system for a data directory (Node's, as PGlite's own), with the syncs above installed before PostgreSQL starts. */
  fileSystem(dataDir: string): NodeFS {
    this.walDir = path.join(path.resolve(dataDir), "pg_wal");
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- used inside the subclass's method
    const durability = this;
    class DurableNodeFS extends NodeFS {
      override async init(pg: PGlite, opts: Parameters<NodeFS["init"]>[1]): ReturnType<NodeFS["init"]> {
        const { emscriptenOpts } = await super.init(pg, opts);
        const install = (mod: unknown): void => durability.install(mod as EmModule);
        return { emscriptenOpts: { ...emscriptenOpts, preRun: [install, ...(emscriptenOpts.preRun ?? [])] } };
      }
    }
    return new DurableNodeFS(dataDir);
  }

  /** Whether WAL was written since the last flush started: a statement ending outside a transaction then owes one. */
  owesFlush(): boolean {
    return this.dirty.size > 0;
  }

  /** Resolves once every WAL written before the call is on disk; rejects for good once a sync failed. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.running) return this.start();
    this.again ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.again = null;
        // A failed sync is never followed by one that could succeed (Linux marks the failed pages
        // clean): what queued behind it is not durable either.
        if (this.failure) throw this.failure;
        return this.start();
      });
    return this.again;
  }

  /** Resolves once the flush running or queued now (if any) is done: what anyone committed before is on disk. */
  settled(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return this.again ?? this.running ?? Promise.resolve();
  }

  /** After PostgreSQL has stopped: its last WAL (the shutdown checkpoint's) and pg_wal on disk. */
  async closed(): Promise<void> {
    await this.flush();
    if (this.walDir) await this.sync.file(this.walDir, false).catch((err: unknown) => Promise.reject(this.failed(err)));
  }

  private install(mod: EmModule): void {
    const ops = mod.NODEFS?.stream_ops;
    if (!ops?.write) throw new Error("PGlite's file system is not the one expected (no NODEFS stream_ops): its commits cannot be made durable");
    const write = ops.write;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the patched function is called with Emscripten's `this`
    const self = this;
    ops.write = function (this: unknown, ...args: unknown[]) {
      const stream = args[0] as EmStream;
      if (SEGMENT.test(stream.path)) {
        const real = realPath(stream);
        if (real) self.dirty.add(real);
      }
      return write.apply(this, args);
    };
    const { ErrnoError } = mod.FS;
    ops.fsync = (stream) => {
      if (stream.nfd === undefined) return 0;
      try {
        const segment = SEGMENT.test(stream.path);
        if (!segment) this.syncDirtyNow();
        fsyncSync(stream.nfd);
        if (segment) this.dirty.delete(realPath(stream) ?? "");
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== "EINVAL") this.failed(err);
        // Told to PostgreSQL as a failed fsync (it decides: a data file's is a PANIC), not thrown through its WASM.
        throw new ErrnoError(code === "EINVAL" ? WASI_EINVAL : WASI_EIO);
      }
      return 0;
    };
  }

  /** The dirty WAL segments fdatasynced now, on the main thread: before a file that depends on them is synced. */
  private syncDirtyNow(): void {
    if (this.failure) throw this.failure;
    // With those a sync running off the main thread took and may not have synced yet.
    const files = this.running ? new Set([...this.dirty, ...this.lastSegments]) : this.dirty;
    for (const file of files) this.sync.dataNow(file);
    this.dirty.clear();
  }

  private start(): Promise<void> {
    const files = this.dirty;
    this.dirty = new Set();
    const fresh = [...files].some((f) => !this.lastSegments.has(f));
    // None (synced meanwhile by a checkpoint's fsync): the last segments stay the reference for "new".
    if (files.size > 0) this.lastSegments = files;
    const sync = async (): Promise<void> => {
      await Promise.all([...files].map((f) => this.sync.file(f, true)));
      if (fresh) await this.sync.file(path.dirname([...files][0]!), false);
      // A sync failed meanwhile on the main thread (a checkpoint's): this one proves nothing.
      if (this.failure) throw this.failure;
      this.syncCount++;
    };
    const run = sync()
      .catch((err: unknown) => Promise.reject(this.failed(err)))
      .finally(() => {
        if (this.running === run) this.running = null;
      });
    this.running = run;
    return run;
  }

  /** Keeps the first failure: the database cannot make writes durable any more. */
  private failed(cause: unknown): MoharError {
    this.failure ??= new MoharError("database.not_durable", "the embedded database could not sync its log to disk; its writes can no longer be made durable: restart the service", { cause });
    return this.failure;
  }
}

const realPaths = new WeakMap<EmStream, string | null>();

/** A stream's file by its real path (the NODEFS mount's root joined with its path under the mount point). */
function realPath(stream: EmStream): string | null {
  let real = realPaths.get(stream);
  if (real === undefined) {
    const mount = stream.node?.mount;
    const root = mount?.opts?.root;
    real = root === undefined ? null : path.join(root, path.relative(mount!.mountpoint, stream.path));
    realPaths.set(stream, real);
  }
  return real;
}

/** Files synced through Node's file system (the default). */
export const nodeSyncFiles: SyncFiles = { file: syncPath, dataNow: syncPathNow };

/** A file's data synced now; a file gone (a segment recycled after a checkpoint, which synced it first) is fine. */
function syncPathNow(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  try {
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A file synced off the main thread: a file gone meanwhile (a segment recycled after a checkpoint, which synced it first) is fine. */
async function syncPath(file: string, dataOnly: boolean): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  try {
    await (dataOnly ? handle.datasync() : handle.sync());
  } finally {
    await handle.close();
  }
}
