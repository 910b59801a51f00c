import fsp, { type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { FsWorker } from "./fsWorker.js";
import { StoreWorkerLostError } from "./errors.js";

/**
 * How the local-disk store makes data durable; replaceable so a test can see the order in which
 * files and directories are synced and answers given (and hold a sync to see that no answer
 * comes before it).
 */
export interface DiskSync {
  /**
   * fsync of a temp file's data before it is linked to its key: through `handle` when the main
   * thread wrote it (still open), else through the worker's descriptor that wrote it (fsWorker.ts).
   */
  file(tmpPath: string, handle?: FileHandle): Promise<void>;
  /** fsync of a directory after links into it (or a new subdirectory) were made. */
  dir(dirPath: string): Promise<void>;
}

/**
 * The fsyncs made by the store's file-system worker (fsWorker.ts): a group's in one message (#16);
 * a temp file the main thread wrote (a large body) synced through its own still open handle.
 */
export function workerDiskSync(worker: FsWorker): DiskSync {
  return {
    file: async (tmpPath, handle) => void (handle ? await handle.sync() : await worker.call({ op: "fsync", path: tmpPath, created: true })),
    dir: async (dirPath) => void (await worker.call({ op: "fsync", path: dirPath })),
  };
}

/**
 * One object waiting to be committed: its temp file (written, not yet synced) and its path;
 * `handle`: the temp file's, when the main thread wrote it, open until its fsync.
 */
export interface PendingObject {
  tmp: string;
  target: string;
  handle?: FileHandle;
}

interface Unit {
  /** Its temp file (and handle) is the group's from `commit` on: the handle closed once synced, the file removed once linked or failed. */
  object: PendingObject;
  /** true: linked and durable; false: its key exists (another object). */
  resolve(linked: boolean): void;
  reject(err: unknown): void;
}

/** `tmpGone`: the link removed the temp file already. */
type Linked = { linked: boolean; tmpGone?: boolean } | { error: unknown };

/**
 * Group commit for create-only writes. Objects that arrive while a group is being made durable
 * wait together for the next group; one arriving when none is in flight starts a group at once
 * (no added latency alone). A group: every temp file is fsynced (concurrently: the file system's
 * journal commits them together), then linked to its key, then every directory that received a
 * link is fsynced once for the whole group, with the parent of every new directory above it
 * whose entry is not yet known durable. Only then is any writer answered, so nothing is
 * acknowledged before its data and its directory entries are on disk.
 *
 * A directory sync that fails leaves what it covered not known durable, and the next writer does
 * it again: a new directory stays in `newDirs` until a sync of its parent succeeded (whoever made
 * it), and an object linked but not answered stays in `linkedUnsynced`, where a put of the same
 * bytes takes it over (syncing again) instead of finding its key taken. A link whose worker was
 * lost before answering (made or not: unknown) is treated the same way, every directory from its
 * target's up to the store's root counted as new, so the next writer there syncs the whole chain.
 */
export class GroupCommit {
  private waiting: Unit[] = [];
  private running: Promise<void> | null = null;
  /** Directories this process made whose entry in their parent is not yet known durable. */
  private readonly newDirs = new Set<string>();
  /** Targets linked by a put that failed in its directory sync: on disk, not known durable. */
  private readonly linkedUnsynced = new Set<string>();

  /** `root`: the store's directory (a lost link marks the directories below it new); `worker`: makes the links. */
  constructor(
    private readonly sync: DiskSync,
    private readonly root: string,
    private readonly worker: FsWorker,
  ) {}

  /** Whether `target` exists from a put that failed after its link (the same bytes may take it over). */
  awaitsSync(target: string): boolean {
    return this.linkedUnsynced.has(target);
  }

  /** Commits `object` (removing its temp file): true once linked and durable, false when its key holds another object. */
  commit(object: PendingObject): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ object, resolve, reject });
      if (!this.running) this.running = this.run();
    });
  }

  private async run(): Promise<void> {
    try {
      while (this.waiting.length > 0) await this.commitGroup(this.waiting.splice(0));
    } finally {
      // Reset in the same synchronous step as the empty-queue check, so no unit is stranded.
      this.running = null;
    }
  }

  private async commitGroup(units: Unit[]): Promise<void> {
    // 1. Data: every temp file of the group synced (a handle the main thread wrote through closed after).
    const synced = await Promise.all(units.map(({ object: o }) => this.sync.file(o.tmp, o.handle).then((): Linked | null => null, (error: unknown) => ({ error })).finally(() => o.handle?.close().catch(() => undefined))));
    // 2. Names: each object linked to its key (its directories made).
    const linked = await Promise.all(units.map((u, i) => synced[i] ?? this.link(u.object)));
    // Temp files the links did not remove (failed, or their key taken), removed before any answer.
    await Promise.all(units.map((u, i) => ("tmpGone" in linked[i]! ? undefined : this.removeTemp(u.object.tmp))));
    // 3. Directory entries: each directory to sync (named once all of the group's were made) synced once.
    const touched = linked.map((l, i) => ("linked" in l && l.linked ? this.dirsToSync(units[i]!.object.target) : []));
    const dirs = new Set(touched.flat());
    const dirErrors = new Map<string, unknown>();
    await Promise.all([...dirs].map((d) => this.sync.dir(d).catch((err: unknown) => void dirErrors.set(d, err))));
    for (const d of this.newDirs) if (dirs.has(path.dirname(d)) && !dirErrors.has(path.dirname(d))) this.newDirs.delete(d);
    units.forEach((u, i) => {
      const l = linked[i]!;
      if ("error" in l) return u.reject(l.error);
      const failed = touched[i]!.find((d) => dirErrors.has(d));
      if (failed !== undefined) {
        this.linkedUnsynced.add(u.object.target);
        return u.reject(dirErrors.get(failed));
      }
      if (l.linked) this.linkedUnsynced.delete(u.object.target);
      u.resolve(l.linked);
    });
  }

  /** link(2) by the worker: first, the directory being usually there; only a link that found none made it (one level at a time). */
  private async link(o: PendingObject): Promise<Linked> {
    try {
      this.madeDirs(await this.worker.call({ op: "link", from: o.tmp, to: o.target }));
      return { linked: true, tmpGone: true };
    } catch (err) {
      if (err instanceof StoreWorkerLostError) {
        // Made or not, unknown: as if linked and its directory sync failed (a put of the same bytes
        // takes it over), every directory from the target's up to the root as if just made.
        this.linkedUnsynced.add(o.target);
        for (let d = path.dirname(o.target); d.startsWith(this.root + path.sep); d = path.dirname(d)) this.newDirs.add(d);
        return { error: err };
      }
      // Each directory made is remembered even when a deeper one (or the link) failed.
      this.madeDirs((err as { made?: string[] }).made ?? []);
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") return { error: err };
      try {
        return { linked: this.linkedUnsynced.has(o.target) && (await sameContent(o.tmp, o.target)) };
      } catch (error) {
        return { error };
      }
    }
  }

  private async removeTemp(tmp: string): Promise<void> {
    await this.worker.call({ op: "unlink", path: tmp }).catch(() => undefined);
  }

  private madeDirs(dirs: string[]): void {
    for (const d of dirs) this.newDirs.add(d);
  }

  /** The target's directory, and the parent of each directory above it not yet known durable in its parent. */
  private dirsToSync(target: string): string[] {
    const dir = path.dirname(target);
    const out = [dir];
    for (let d = dir; path.dirname(d) !== d; d = path.dirname(d)) if (this.newDirs.has(d)) out.push(path.dirname(d));
    return out;
  }
}

/** Whether two files hold the same bytes. */
async function sameContent(a: string, b: string): Promise<boolean> {
  const [fa, fb] = await Promise.all([fsp.open(a, "r"), fsp.open(b, "r")]);
  try {
    const [sa, sb] = await Promise.all([fa.stat(), fb.stat()]);
    if (sa.size !== sb.size) return false;
    const ba = Buffer.alloc(64 * 1024);
    const bb = Buffer.alloc(64 * 1024);
    for (let at = 0; at < sa.size; ) {
      const [ra, rb] = await Promise.all([fa.read(ba, 0, ba.length, at), fb.read(bb, 0, bb.length, at)]);
      if (ra.bytesRead === 0 || ra.bytesRead !== rb.bytesRead || !ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead))) return false;
      at += ra.bytesRead;
    }
    return true;
  } finally {
    await Promise.all([fa.close(), fb.close()]);
  }
}
