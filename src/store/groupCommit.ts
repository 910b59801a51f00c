import fs, { type FileHandle } from "node:fs/promises";
import path from "node:path";

/**
 * How the local-disk store makes data durable; replaceable so a test can see the order in which
 * files and directories are synced and answers given (and hold a sync to see that no answer
 * comes before it).
 */
export interface DiskSync {
  /** fsync of a temp file's data before it is linked to its key. */
  file(fh: FileHandle, tmpPath: string): Promise<void>;
  /** fsync of a directory after links into it (or a new subdirectory) were made. */
  dir(dirPath: string): Promise<void>;
}

export const realDiskSync: DiskSync = {
  file: (fh) => fh.sync(),
  dir: async (dirPath) => {
    const fh = await fs.open(dirPath, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
};

/** One object waiting to be committed: its temp file (written, open, not yet synced) and its path. */
export interface PendingObject {
  fh: FileHandle;
  tmp: string;
  target: string;
}

/** What a unit's links came to: how many of its objects were linked, and why the next one was not. */
export interface UnitResult {
  linked: number;
  /** The first object not linked because its key exists (EEXIST), or null. */
  existed: number | null;
}

interface Unit {
  objects: PendingObject[];
  resolve(r: UnitResult): void;
  reject(err: unknown): void;
}

/**
 * Group commit for create-only writes. Units (one object, or several to be linked in order)
 * that arrive while a group is being made durable wait together for the next group; a unit
 * arriving when none is in flight starts a group at once (no added latency alone). A group:
 * every temp file is fsynced (concurrently: the file system's journal commits them together),
 * then linked to its key (a unit's objects in order, stopping at the first key that exists),
 * then every directory that received a link or a new subdirectory is fsynced once for the
 * whole group. Only then is any unit answered, so nothing is acknowledged before its data and
 * its directory entry are on disk.
 */
export class GroupCommit {
  private waiting: Unit[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly sync: DiskSync) {}

  /** Commits `objects` (linking them in order, stopping at the first existing key); closes their handles. */
  commit(objects: PendingObject[]): Promise<UnitResult> {
    return new Promise<UnitResult>((resolve, reject) => {
      this.waiting.push({ objects, resolve, reject });
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
    // 1. Data: every temp file of the group synced, then closed.
    const synced = await Promise.all(
      units.map(async (u) => {
        const results = await Promise.allSettled(u.objects.map((o) => this.sync.file(o.fh, o.tmp)));
        await Promise.allSettled(u.objects.map((o) => o.fh.close()));
        const failed = results.find((r) => r.status === "rejected");
        return failed ? { error: (failed as PromiseRejectedResult).reason as unknown } : null;
      }),
    );
    // 2. Names: links in each unit's order; the directories they touch (new ones' parents included).
    const linked = await Promise.all(units.map((u, i) => (synced[i] ? { error: synced[i].error, touched: [] } : linkInOrder(u.objects))));
    // 3. Directory entries: each touched directory synced once for the group.
    const dirs = new Set(linked.flatMap((l) => l.touched));
    const dirErrors = new Map<string, unknown>();
    await Promise.all([...dirs].map((d) => this.sync.dir(d).catch((err: unknown) => void dirErrors.set(d, err))));
    units.forEach((u, i) => {
      const l = linked[i];
      const dirError = l.touched.map((d) => dirErrors.get(d)).find((e) => e !== undefined);
      if (dirError !== undefined) u.reject(dirError);
      else if ("error" in l) u.reject(l.error);
      else u.resolve(l.result);
    });
  }
}

type Linked = { result: UnitResult; touched: string[] } | { error: unknown; touched: string[] };

/** Links a unit's objects in order, stopping at the first key that exists; names the directories to sync. */
async function linkInOrder(objects: PendingObject[]): Promise<Linked> {
  const touched: string[] = [];
  let n = 0;
  try {
    for (const o of objects) {
      const dir = path.dirname(o.target);
      const created = await fs.mkdir(dir, { recursive: true });
      // Each new directory's entry lives in its parent: synced too.
      if (created) {
        for (let d = dir; ; d = path.dirname(d)) {
          touched.push(path.dirname(d));
          if (d === created || d === path.dirname(d)) break;
        }
      }
      try {
        await fs.link(o.tmp, o.target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EEXIST") return { result: { linked: n, existed: n }, touched };
        throw err;
      }
      touched.push(dir);
      n += 1;
    }
    return { result: { linked: n, existed: null }, touched };
  } catch (err) {
    return { error: err, touched };
  }
}
