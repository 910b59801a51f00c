import fs from "node:fs/promises";
import { fsyncSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";

/** What this file uses of Emscripten's file system under PGlite (0.5: NODEFS mounted at the data directory). */
interface EmStream {
  path: string;
  nfd?: number;
  node?: { mount?: { mountpoint: string; opts?: { root?: string } } };
  stream_ops?: { write?: (...args: unknown[]) => number; fsync?: (stream: EmStream) => number };
}
interface EmFs {
  streams: Array<EmStream | null | undefined>;
  ErrnoError: new (errno: number) => Error;
}

/** WASI's errno numbers, as Emscripten's file system reports them to PostgreSQL. */
const WASI_EINVAL = 28;
const WASI_EIO = 29;

/** A WAL segment file, by its path in PGlite's file system. */
const SEGMENT = /\/pg_wal\/[0-9A-F]{24}$/;

/**
 * Makes PGlite's commits durable (#16). Under Node, PGlite's file system (Emscripten's NODEFS)
 * has no fsync: PostgreSQL's fdatasync of the WAL at commit, and its fsyncs of data files and
 * directories, returned without reaching the disk, so a committed row survived a killed process
 * (the page cache) but not a power cut. Here:
 * - the WAL: writes to segments are counted; a statement that wrote some and ended outside a
 *   transaction (a COMMIT, a statement on its own) owes an fdatasync of the segments, done
 *   off the main thread before the caller is answered, and shared (group commit): a sync started
 *   after a commit's write covers it, so concurrent commits share one, and the next database
 *   user need not wait for it; the pg_wal directory is synced too when a segment is new;
 * - everything else PostgreSQL syncs (data files at a checkpoint, a new segment, directories)
 *   gets the real fsync PostgreSQL asked for, on the main thread as PostgreSQL runs there.
 */
export class PgliteDurability {
  /** Writes to WAL segments so far. */
  private writes = 0;
  private running: Promise<void> | null = null;
  private again: Promise<void> | null = null;
  /** Segments open at the last sync: one closed since (a switch) is synced once more. */
  private lastSegments = new Set<string>();
  private readonly fs: EmFs;
  /** WAL syncs done (each shared by the commits made before it started). */
  syncs = 0;

  constructor(pglite: PGlite) {
    this.fs = (pglite as unknown as { mod: { FS: EmFs } }).mod.FS;
    const ops = this.fs.streams.find((s) => s?.node?.mount?.opts?.root !== undefined && s.stream_ops)?.stream_ops;
    if (!ops?.write) throw new Error("PGlite's file system is not the one expected (no NODEFS stream open): its commits cannot be made durable");
    const write = ops.write;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the patched function is called with Emscripten's `this`
    const self = this;
    ops.write = function (this: unknown, ...args: unknown[]) {
      if (SEGMENT.test((args[0] as EmStream).path)) self.writes++;
      return write.apply(this, args);
    };
    const { ErrnoError } = this.fs;
    ops.fsync = (stream) => {
      if (stream.nfd === undefined) return 0;
      try {
        fsyncSync(stream.nfd);
      } catch (err) {
        // Told to PostgreSQL as a failed fsync (it decides: a data file's is a PANIC), not thrown through its WASM.
        throw new ErrnoError((err as NodeJS.ErrnoException).code === "EINVAL" ? WASI_EINVAL : WASI_EIO);
      }
      return 0;
    };
  }

  /** How many writes to the WAL were made so far: a statement that made some and ended outside a transaction owes a flush. */
  walWrites(): number {
    return this.writes;
  }

  /** Resolves once every WAL written before the call is on disk. */
  flush(): Promise<void> {
    if (!this.running) return this.start();
    this.again ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.again = null;
        return this.start();
      });
    return this.again;
  }

  private start(): Promise<void> {
    const open = new Map<string, string>();
    for (const s of this.fs.streams) {
      const root = s?.node?.mount?.opts?.root;
      if (s && root !== undefined && SEGMENT.test(s.path)) open.set(s.path, path.join(root, path.relative(s.node!.mount!.mountpoint, s.path)));
    }
    const files = new Set([...open.values(), ...this.lastSegments]);
    const fresh = [...open.values()].some((f) => !this.lastSegments.has(f));
    this.lastSegments = new Set(open.values());
    const sync = async (): Promise<void> => {
      await Promise.all([...files].map((f) => syncFile(f, "r+")));
      if (fresh && files.size > 0) await syncFile(path.dirname([...files][0]!), "r");
      this.syncs++;
    };
    const run = sync().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }
}

async function syncFile(file: string, flags: "r" | "r+"): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, flags);
  } catch (err) {
    // A segment closed since and removed (recycled after a checkpoint, which synced it first).
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  try {
    await (flags === "r" ? handle.sync() : handle.datasync());
  } finally {
    await handle.close();
  }
}
