import { parentPort } from "node:worker_threads";
import type { TaskReply, TaskRequest } from "./taskProtocol.js";

// Runs inside a worker thread: imports the task's module once, then calls its export per task.
const port = parentPort;
if (!port) throw new Error("taskWorker must run in a worker thread");
const modules = new Map<string, Promise<Record<string, unknown>>>();

port.on("message", async (task: TaskRequest) => {
  let reply: TaskReply;
  try {
    let mod = modules.get(task.module);
    if (!mod) {
      mod = import(task.module) as Promise<Record<string, unknown>>;
      modules.set(task.module, mod);
    }
    const fn = (await mod)[task.fn];
    if (typeof fn !== "function") throw new Error(`${task.module} has no function ${task.fn}`);
    const input = Buffer.from(task.input.buffer, task.input.byteOffset, task.input.byteLength);
    reply = { id: task.id, ok: true, result: await (fn as (b: Buffer, ...args: unknown[]) => unknown)(input, ...task.args) };
  } catch (err) {
    const e = err as { name?: unknown; message?: unknown; code?: unknown };
    reply = {
      id: task.id,
      ok: false,
      error: {
        name: String(e.name ?? "Error"),
        message: String(e.message ?? err),
        ...(typeof e.code === "string" ? { code: e.code } : {}),
      },
    };
  }
  port.postMessage(reply);
});
