import { Worker } from "node:worker_threads";

/**
 * The local-disk store's file-system calls, made by one worker thread instead of the main thread
 * (#16). Every asynchronous call through libuv's pool woke a pool thread that, on a busy machine,
 * took the core from the main thread (the service's bottleneck): about 26 calls per HTTP signature.
 * Made synchronously on the main thread, the calls that create, link and remove names cost it more
 * still (ext4's journal: +0.9 ms of main-thread CPU per signature, measured). Here the calls of one
 * turn of the event loop go to the worker as one message and come back as one (about 1.5 messages
 * per signature, for 8.5 calls):
 * the worker makes the quick ones synchronously and the fsyncs concurrently (libuv's pool, so the
 * journal commits them together), and the main thread only sends and receives.
 */
export type FsOp =
  /** Creates `path` (O_EXCL), writes `body`, closes it (a failed write removes it). */
  | { op: "create"; path: string; body: Uint8Array }
  /**
   * fsync of a file or directory (opened, synced, closed): fsync(2) writes the inode's data
   * whichever descriptor wrote it, so no descriptor crosses between threads (a worker's open
   * descriptors are its own: it closes them when it exits).
   */
  | { op: "fsync"; path: string }
  /**
   * link(2) of `from` to `to`, making `to`'s missing directories (one level at a time) when the
   * link finds none, then unlink of `from` (a failure of which is no error: the link is made): the
   * directories made (also on an error, as `made`).
   */
  | { op: "link"; from: string; to: string }
  /** unlink(2), a missing file being no error. */
  | { op: "unlink"; path: string }
  /** The whole file when it holds at most `max` bytes, else null. */
  | { op: "read"; path: string; max: number };

type Result = { ok: unknown } | { err: ErrorFields };
interface ErrorFields {
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
  made?: string[];
}

/** The worker's code: self-contained (it runs from its source text, as tsx, tsc and the bundle all emit it). */
function workerMain(fs: typeof import("node:fs"), path: typeof import("node:path"), port: import("node:worker_threads").MessagePort): void {
  const fields = (e: unknown, made?: string[]): ErrorFields => {
    const err = e as NodeJS.ErrnoException;
    return { message: String(err?.message ?? e), code: err?.code, errno: err?.errno, syscall: err?.syscall, path: err?.path, made };
  };
  const fsync = (fd: number): Promise<void> => new Promise((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
  const makeDir = (dir: string, made: string[]): void => {
    try {
      fs.mkdirSync(dir);
      made.push(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return;
      if (code !== "ENOENT" || path.dirname(dir) === dir) throw err;
      makeDir(path.dirname(dir), made);
      makeDir(dir, made);
    }
  };
  const run = async (o: FsOp): Promise<unknown> => {
    switch (o.op) {
      case "create": {
        const fd = fs.openSync(o.path, "wx");
        try {
          for (let at = 0; at < o.body.length; ) at += fs.writeSync(fd, o.body, at, o.body.length - at);
        } catch (err) {
          fs.closeSync(fd);
          fs.rmSync(o.path, { force: true });
          throw err;
        }
        fs.closeSync(fd);
        return null;
      }
      case "fsync": {
        const fd = fs.openSync(o.path, "r");
        try {
          await fsync(fd);
        } finally {
          fs.closeSync(fd);
        }
        return null;
      }
      case "link": {
        const made: string[] = [];
        try {
          try {
            fs.linkSync(o.from, o.to);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
            makeDir(path.dirname(o.to), made);
            fs.linkSync(o.from, o.to);
          }
        } catch (err) {
          throw Object.assign(err as Error, { made });
        }
        try {
          fs.rmSync(o.from, { force: true });
        } catch {
          // Linked: the object is stored; a temp file left is removed by a later open.
        }
        return made;
      }
      case "unlink":
        return fs.rmSync(o.path, { force: true });
      case "read": {
        const fd = fs.openSync(o.path, "r");
        try {
          const size = fs.fstatSync(fd).size;
          if (size > o.max) return null;
          const buf = new Uint8Array(size);
          let at = 0;
          for (let n = 1; at < size && n > 0; at += n) n = fs.readSync(fd, buf, at, size - at, at);
          return at === size ? buf : buf.subarray(0, at);
        } finally {
          fs.closeSync(fd);
        }
      }
    }
  };
  port.on("message", async ({ id, ops }: { id: number; ops: FsOp[] }) => {
    const results: Result[] = await Promise.all(
      ops.map((o) => run(o).then(
        (ok): Result => ({ ok }),
        (e: unknown): Result => ({ err: fields(e, (e as { made?: string[] })?.made) }),
      )),
    );
    const transfer = results.flatMap((r) => ("ok" in r && r.ok instanceof Uint8Array ? [r.ok.buffer as ArrayBuffer] : []));
    port.postMessage({ id, results }, transfer);
  });
}

// tsx (esbuild's keepNames) wraps functions in `__name(...)`: defined here for the source text.
const SOURCE = `const __name = (f) => f;
const { parentPort } = require("node:worker_threads");
(${workerMain.toString()})(require("node:fs"), require("node:path"), parentPort);`;

interface Waiter {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** One worker for the process, started on first use; it does not keep the process alive. */
class FsWorker {
  private worker: Worker | null = null;
  private readonly inFlight = new Map<number, Waiter[]>();
  private nextId = 1;
  private batch: { ops: FsOp[]; waiters: Waiter[]; transfer: ArrayBuffer[] } | null = null;

  /**
   * Runs `op` in the worker, in one message with every other op asked for in the same turn of the
   * event loop. A `create`'s body is copied once here (exactly its bytes, not the memory it may
   * be a view of) and the copy moved to the worker.
   */
  call<T>(op: FsOp): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (!this.batch) {
        this.batch = { ops: [], waiters: [], transfer: [] };
        // After the I/O callbacks of this turn of the event loop: the writes of every request they
        // served go in one message.
        setImmediate(() => this.flush());
      }
      if (op.op === "create") {
        const body = new Uint8Array(op.body);
        this.batch.transfer.push(body.buffer);
        op = { ...op, body };
      }
      this.batch.ops.push(op);
      this.batch.waiters.push({ resolve: resolve as (v: unknown) => void, reject });
    });
  }

  private flush(): void {
    const batch = this.batch!;
    this.batch = null;
    const id = this.nextId++;
    try {
      const worker = this.started();
      worker.postMessage({ id, ops: batch.ops }, batch.transfer);
      // Kept alive while it owes answers (a CLI command awaiting a write must not exit first).
      if (this.inFlight.size === 0) worker.ref();
      this.inFlight.set(id, batch.waiters);
    } catch (err) {
      for (const w of batch.waiters) w.reject(err);
    }
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(SOURCE, { eval: true });
    worker.unref();
    worker.on("message", ({ id, results }: { id: number; results: Result[] }) => {
      const waiters = this.inFlight.get(id);
      this.inFlight.delete(id);
      if (this.inFlight.size === 0) worker.unref();
      waiters?.forEach((w, i) => {
        const r = results[i]!;
        if ("ok" in r) w.resolve(r.ok instanceof Uint8Array ? Buffer.from(r.ok.buffer, r.ok.byteOffset, r.ok.byteLength) : r.ok);
        else w.reject(Object.assign(new Error(r.err.message), r.err));
      });
    });
    // A worker that died fails what it was doing; the next call starts another.
    const fail = (err: unknown): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      const lost = [...this.inFlight.values()].flat();
      this.inFlight.clear();
      for (const w of lost) w.reject(err instanceof Error ? err : new Error(`the store's file-system worker exited (${String(err)})`));
    };
    worker.on("error", fail);
    worker.on("exit", fail);
    this.worker = worker;
    return worker;
  }
}

export const fsWorker = new FsWorker();
