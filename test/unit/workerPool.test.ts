import { afterAll, describe, expect, it } from "vitest";
import { MoharError } from "../../src/errors.js";
import { WorkerPool } from "../../src/worker/index.js";

const tasks = new URL("../helpers/workerTasks.js", import.meta.url);

describe("WorkerPool", () => {
  const pool = new WorkerPool({ size: 2, timeoutMs: 1500, maxHeapMb: 64 });
  afterAll(async () => {
    await pool.close();
  });

  it("runs a task in a worker and returns its result", async () => {
    expect(await pool.run<number>(tasks, "byteSum", Buffer.from([1, 2, 3, 250]))).toBe(256);
    expect(await pool.run<number>(tasks, "byteSum", Buffer.from([1, 2]), { args: [{ times: 10 }] })).toBe(30);
  });

  it("abandons a task that runs too long, keeps the event loop free, and recovers", async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 50);
    const started = Date.now();
    const err = await pool.run(tasks, "spin", new Uint8Array(0), { what: "parsing the PDF" }).catch((e: unknown) => e);
    clearInterval(ticker);
    expect(err).toBeInstanceOf(MoharError);
    expect((err as MoharError).code).toBe("limits.parse_timeout");
    expect((err as MoharError).message).toMatch(/parsing the PDF took longer than 1.5 s/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ticks).toBeGreaterThan(10);
    expect(await pool.run<number>(tasks, "byteSum", Buffer.from([7]))).toBe(7);
  });

  it("abandons a task that exceeds its memory cap", async () => {
    const err = await pool.run(tasks, "hoard", new Uint8Array(0)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MoharError);
    expect((err as MoharError).code).toMatch(/^limits\.parse_(memory|timeout)$/);
    expect(await pool.run<number>(tasks, "byteSum", Buffer.from([9]))).toBe(9);
  });

  it("passes MoharErrors thrown in the worker back as MoharErrors", async () => {
    const err = await pool.run(tasks, "refuse", new Uint8Array(0)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MoharError);
    expect(err).toMatchObject({ kind: "unprocessable", code: "pdf.encrypted" });
  });

  it("queues tasks beyond its size", async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.run<number>(tasks, "byteSum", Buffer.from([i]))));
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
