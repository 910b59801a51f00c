import { Worker } from "node:worker_threads";
import { StoreWorkerLostError } from "./errors.js";

/**
 * The local-disk store's file-system calls, made by one worker thread instead of the main thread
 * (#16). Every asynchronous call through libuv's pool woke a pool thread that, on a busy machine,
 * took the core from the main thread (the service's bottleneck): about 26 calls per HTTP signature.
 * Made synchronously on the main thread, the calls that create, link and remove names cost it more
 * still (ext4's journal: +0.9 ms of main-thread CPU per signature, measured). Here the calls of one
 * turn of the event loop go to the worker as one message (about 1.5 messages per signature, for
 * 8.5 calls): the worker makes the quick ones synchronously and answers them at once, and starts
 * the fsyncs concurrently (the worker's own libuv pool, so the journal commits them together),
 * answering each when it is done; answers ready in the same turn of the worker's loop go back as
 * one message. The main thread only sends and receives. Limit: the worker does one synchronous
 * call at a time, so a call that blocks (an open of a hung mount) delays every later one.
 */
export type FsOp =
  /**
   * Creates `path` (O_EXCL) and writes `body`; its descriptor stays open in the worker for the
   * `fsync` with `created` (open -> write -> fsync on the same descriptor, so a writeback error
   * cannot be lost between them). A failed write closes and removes it.
   */
  | { op: "create"; path: string; body: Uint8Array }
  /**
   * fsync. `created`: of a file this worker created, through the descriptor that wrote it, closed
   * after the fsync whatever its outcome (a worker that no longer holds it, having been restarted
   * since, fails with EWORKERLOST). Otherwise of a directory (opened, synced, closed).
   */
  | { op: "fsync"; path: string; created?: boolean }
  /**
   * link(2) of `from` to `to`, making `to`'s missing directories (one level at a time) when the
   * link finds none and `from` exists, then unlink of `from` (a failure of which is no error: the
   * link is made): the directories made (also on an error, as `made`). Closes `from`'s descriptor
   * if it is still open (a DiskSync other than the worker's synced it).
   */
  | { op: "link"; from: string; to: string }
  /** unlink(2), a missing file being no error (an open descriptor of it closed first). */
  | { op: "unlink"; path: string }
  /** The whole file when it holds at most `max` bytes, else null. */
  | { op: "read"; path: string; max: number };

/** What each op answers on the main thread. */
export interface FsOpResults {
  create: null;
  fsync: null;
  link: string[];
  unlink: null;
  read: Buffer | null;
}

type Result = { ok: unknown } | { err: ErrorFields };
interface ErrorFields {
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
  made?: string[];
}
/** One op's answer: its batch, its place in the batch, its result. */
interface Answer {
  id: number;
  i: number;
  r: Result;
}

/**
 * The worker's code. It runs from its source text (`toString()`), so it must be self-contained
 * and must not use anything a compiler would turn into a helper call outside it (no `__awaiter`,
 * `__rest`, `__decorate`, class private fields below ES2022, imports): at tsconfig's target
 * (ES2022) tsc emits it as written, which test/unit/fsWorkerCompiled.test.ts checks by running
 * tsc's output; under tsx (the tests) esbuild's keepNames wraps its functions in `__name(...)`,
 * defined in SOURCE below. `wrapFs` (tests only) replaces the fs module it uses.
 */
function workerMain(fs: typeof import("node:fs"), path: typeof import("node:path"), port: import("node:worker_threads").MessagePort): void {
  /** Descriptors of created files, until their fsync (or link, or unlink). */
  const open = new Map<string, number>();
  let outbox: Answer[] = [];
  let transfer: ArrayBuffer[] = [];
  const send = (): void => {
    const answers = outbox;
    const moved = transfer;
    outbox = [];
    transfer = [];
    port.postMessage(answers, moved);
  };
  const answer = (id: number, i: number, r: Result): void => {
    if (outbox.length === 0) setImmediate(send);
    outbox.push({ id, i, r });
    if ("ok" in r && r.ok instanceof Uint8Array) transfer.push(r.ok.buffer as ArrayBuffer);
  };
  const fields = (e: unknown): ErrorFields => {
    const err = e as NodeJS.ErrnoException & { made?: string[] };
    return { message: String(err?.message ?? e), code: err?.code, errno: err?.errno, syscall: err?.syscall, path: err?.path, made: err?.made };
  };
  const closeOpen = (file: string): void => {
    const fd = open.get(file);
    if (fd === undefined) return;
    open.delete(file);
    try {
      fs.closeSync(fd);
    } catch {
      // Closed either way (close(2) releases the descriptor even when it reports an error).
    }
  };
  const unlinkIfThere = (file: string): void => {
    try {
      fs.unlinkSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  };
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
  /** Starts an fsync of `o`, answering `done` when it finishes. */
  const startFsync = (o: { path: string; created?: boolean }, done: (r: Result) => void): void => {
    let fd = open.get(o.path);
    if (fd !== undefined) open.delete(o.path);
    else if (o.created) {
      const lost = { message: `EWORKERLOST: the descriptor that wrote ${o.path} was lost with an earlier worker`, code: "EWORKERLOST", path: o.path };
      return done({ err: lost });
    } else fd = fs.openSync(o.path, "r");
    const opened = fd;
    const close = (): void => {
      try {
        fs.closeSync(opened);
      } catch {
        // Released either way; the fsync's outcome is the answer.
      }
    };
    try {
      fs.fsync(opened, (err) => {
        close();
        done(err ? { err: fields(err) } : { ok: null });
      });
    } catch (err) {
      close();
      throw err;
    }
  };
  /** Runs a synchronous op: its result. */
  const run = (o: Exclude<FsOp, { op: "fsync" }>): unknown => {
    switch (o.op) {
      case "create": {
        const fd = fs.openSync(o.path, "wx");
        try {
          for (let at = 0; at < o.body.length; ) at += fs.writeSync(fd, o.body, at, o.body.length - at);
        } catch (err) {
          fs.closeSync(fd);
          unlinkIfThere(o.path);
          throw err;
        }
        open.set(o.path, fd);
        return null;
      }
      case "link": {
        closeOpen(o.from);
        const made: string[] = [];
        try {
          try {
            fs.linkSync(o.from, o.to);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
            fs.statSync(o.from); // a missing `from` fails here, before any directory is made
            makeDir(path.dirname(o.to), made);
            fs.linkSync(o.from, o.to);
          }
        } catch (err) {
          throw Object.assign(err as Error, { made });
        }
        try {
          fs.unlinkSync(o.from);
        } catch {
          // Linked: the object is stored; a temp file left is removed by a later open.
        }
        return made;
      }
      case "unlink":
        closeOpen(o.path);
        return unlinkIfThere(o.path);
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
  port.on("message", ({ id, ops }: { id: number; ops: FsOp[] }) => {
    ops.forEach((o, i) => {
      // Each op answered once, whatever throws.
      try {
        if (o.op === "fsync") startFsync(o, (r) => answer(id, i, r));
        else answer(id, i, { ok: run(o) });
      } catch (e) {
        answer(id, i, { err: fields(e) });
      }
    });
  });
}

/** The worker's source: `wrapFs`, a function's source text, replaces its fs module (tests). */
function sourceOf(wrapFs?: string): string {
  // tsx (esbuild's keepNames) wraps functions in `__name(...)`: defined here for the source text.
  return `const __name = (f) => f;
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
(${workerMain.toString()})(${wrapFs ? `(${wrapFs})(fs)` : "fs"}, require("node:path"), parentPort);`;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** One worker, started on first use and again after a loss; it does not keep the process alive. */
export class FsWorker {
  private worker: Worker | null = null;
  /** Per batch sent, the waiters of its ops not answered yet, by their place in the batch. */
  private readonly inFlight = new Map<number, Map<number, Waiter>>();
  private owed = 0;
  private nextId = 1;
  private batch: { ops: FsOp[]; waiters: Waiter[]; transfer: ArrayBuffer[] } | null = null;

  /** `wrapFs`: see sourceOf (tests inject faults with it). */
  constructor(private readonly wrapFs?: string) {}

  /**
   * Runs `op` in the worker, in one message with every other op asked for in the same turn of the
   * event loop. A `create`'s body is copied once here (exactly its bytes, not the memory it may
   * be a view of) and the copy moved to the worker. A lost worker rejects with StoreWorkerLostError
   * (the op may or may not have been made).
   */
  call<O extends FsOp>(op: O): Promise<FsOpResults[O["op"]]> {
    return new Promise((resolve, reject) => {
      if (!this.batch) {
        this.batch = { ops: [], waiters: [], transfer: [] };
        // After the I/O callbacks of this turn of the event loop: the writes of every request they
        // served go in one message.
        setImmediate(() => this.flush());
      }
      let sent: FsOp = op;
      if (op.op === "create") {
        const body = new Uint8Array(op.body);
        this.batch.transfer.push(body.buffer);
        sent = { ...op, body };
      }
      this.batch.ops.push(sent);
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
      if (this.owed === 0) worker.ref();
      this.owed += batch.waiters.length;
      this.inFlight.set(id, new Map(batch.waiters.map((w, i) => [i, w])));
    } catch (err) {
      for (const w of batch.waiters) w.reject(err);
    }
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    // execArgv: [] so the worker does not load the parent's loaders (tsx) for nothing.
    const worker = new Worker(sourceOf(this.wrapFs), { eval: true, execArgv: [] });
    worker.unref();
    worker.on("message", (answers: Answer[]) => {
      for (const { id, i, r } of answers) {
        const waiters = this.inFlight.get(id);
        const w = waiters?.get(i);
        if (!waiters || !w) continue;
        waiters.delete(i);
        if (waiters.size === 0) this.inFlight.delete(id);
        this.owed--;
        if ("ok" in r) w.resolve(r.ok instanceof Uint8Array ? Buffer.from(r.ok.buffer, r.ok.byteOffset, r.ok.byteLength) : r.ok);
        else if (r.err.code === "EWORKERLOST") w.reject(new StoreWorkerLostError(r.err.message));
        else w.reject(Object.assign(new Error(r.err.message), r.err));
      }
      if (this.owed === 0) worker.unref();
    });
    // A worker that died fails what it owed (made or not: unknown); the next call starts another.
    const fail = (why: unknown): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      const lost = [...this.inFlight.values()].flatMap((m) => [...m.values()]);
      this.inFlight.clear();
      this.owed = 0;
      const detail = why instanceof Error ? why.message : `exit code ${String(why)}`;
      // Told once per loss (the store has no logger of its own: a process warning, on stderr by default).
      process.emitWarning(`the store's file-system worker was lost (${detail}); ${lost.length} file-system calls failed with it`, { code: "EWORKERLOST" });
      const err = new StoreWorkerLostError(`the store's file-system worker was lost (${detail}); whether the call was made is unknown`, why instanceof Error ? why : undefined);
      for (const w of lost) w.reject(err);
      void worker.terminate();
    };
    worker.on("error", fail);
    worker.on("exit", fail);
    this.worker = worker;
    return worker;
  }
}

/** The process's worker, shared by every local-disk store. */
export const fsWorker = new FsWorker();
