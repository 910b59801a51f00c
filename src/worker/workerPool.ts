import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { isErrorCode, MoharError } from "../errors.js";
import type { TaskError, TaskReply, TaskRequest } from "./taskProtocol.js";

export interface WorkerPoolOptions {
  /** Threads kept for CPU-bound tasks; tasks beyond this wait in a queue. */
  size: number;
  /** A task running longer is abandoned: its thread is terminated and replaced. */
  timeoutMs: number;
  /** Heap cap per thread, so one pathological input cannot exhaust the process. */
  maxHeapMb: number;
  /** Told of every finished task: what it was, how long it waited and ran, and how it ended (for metrics). */
  observe?: (task: TaskObservation) => void;
}

export interface TaskObservation {
  what: string;
  queuedSeconds: number;
  totalSeconds: number;
  outcome: "ok" | "error" | "timeout" | "memory";
}

interface Pending {
  request: TaskRequest;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  /** When a thread took it (performance.now()). */
  startedAt?: number;
}

interface Slot {
  worker: Worker;
  task?: Pending;
  timer?: NodeJS.Timeout;
}

/**
 * Built, the worker entry is taskWorker.js. Run from TypeScript source (tests, `tsx`), it is a
 * .ts file: the thread registers the tsx loader first (a worker's execArgv cannot do that).
 */
function newWorker(resourceLimits: { maxOldGenerationSizeMb: number }): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./taskWorker.js", import.meta.url), { resourceLimits });
  const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/esm/api/index.mjs"));
  const entry = new URL("./taskWorker.ts", import.meta.url);
  const bootstrap = `import(${JSON.stringify(tsxApi.href)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

/**
 * Runs CPU-bound work (PDF parsing) off the event loop with a time and memory bound. A single
 * JavaScript thread cannot interrupt a synchronous parse; a worker thread can be terminated.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: WorkerPoolOptions) {}

  /**
   * Calls `module`'s export `fn(input, ...args)` in a worker. Arguments and result must be
   * structured-cloneable; `what` names the work in a timeout error ("parsing the PDF").
   */
  run<T>(module: URL, fn: string, input: Uint8Array, opts: { args?: unknown[]; what?: string } = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error("the worker pool is closed"));
    const what = opts.what ?? "the task";
    const queuedAt = performance.now();
    const pending: Pending = {
      request: { id: this.nextId++, module: module.href, fn, input, args: opts.args ?? [] },
      resolve: () => undefined,
      reject: () => undefined,
    };
    const done = (outcome: TaskObservation["outcome"]): void => {
      const now = performance.now();
      const started = pending.startedAt ?? now;
      this.opts.observe?.({ what, queuedSeconds: (started - queuedAt) / 1000, totalSeconds: (now - queuedAt) / 1000, outcome });
    };
    return new Promise<T>((resolve, reject) => {
      pending.resolve = (v) => {
        done("ok");
        resolve(v as T);
      };
      pending.reject = (e) => {
        const err = this.describe(e, what);
        const code = (err as { code?: unknown }).code;
        done(code === "limits.parse_timeout" ? "timeout" : code === "limits.parse_memory" ? "memory" : "error");
        reject(err);
      };
      this.queue.push(pending);
      this.dispatch();
    });
  }

  /** Tasks waiting for a free thread. */
  get queued(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error("the worker pool is closed"));
    await Promise.all(this.slots.splice(0).map((s) => this.retire(s, new Error("the worker pool is closed"))));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot && this.slots.length < this.opts.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift() as Pending;
      task.startedAt = performance.now();
      slot.task = task;
      slot.timer = setTimeout(() => {
        void this.retire(slot as Slot, new TaskTimeout());
        this.dispatch();
      }, this.opts.timeoutMs);
      slot.worker.postMessage(task.request);
    }
  }

  private spawn(): Slot {
    const worker = newWorker({ maxOldGenerationSizeMb: this.opts.maxHeapMb });
    worker.unref();
    const slot: Slot = { worker };
    worker.on("message", (reply: TaskReply) => {
      const task = slot.task;
      if (!task || task.request.id !== reply.id) return;
      clearTimeout(slot.timer);
      slot.task = undefined;
      if (reply.ok) task.resolve(reply.result);
      else task.reject(reply.error);
      this.dispatch();
    });
    worker.on("error", (err) => {
      void this.retire(slot, err);
      this.dispatch();
    });
    worker.on("exit", () => {
      if (this.slots.includes(slot)) void this.retire(slot, new Error("worker thread exited"));
    });
    this.slots.push(slot);
    return slot;
  }

  /** Removes a worker from the pool, failing its task with `reason`. */
  private async retire(slot: Slot, reason: unknown): Promise<void> {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = undefined;
    task?.reject(reason);
    await slot.worker.terminate();
  }

  private describe(err: unknown, what: string): unknown {
    if (err instanceof TaskTimeout) {
      return new MoharError("limits.parse_timeout", `${what} took longer than ${this.opts.timeoutMs / 1000} s and was abandoned`);
    }
    if ((err as { code?: unknown }).code === "ERR_WORKER_OUT_OF_MEMORY") {
      return new MoharError("limits.parse_memory", `${what} needed more than ${this.opts.maxHeapMb} MB of memory and was abandoned`);
    }
    if (err instanceof Error) return err;
    // An error thrown inside the worker arrives as plain data; rebuild MoharErrors so they map to 4xx.
    const e = err as TaskError;
    if (e.code && isErrorCode(e.code)) return new MoharError(e.code, e.message);
    return Object.assign(new Error(e.message), { name: e.name });
  }
}

class TaskTimeout extends Error {}
