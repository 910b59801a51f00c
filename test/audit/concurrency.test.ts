import { afterEach, describe, expect, it } from "vitest";
import { event, logFixture, storedEntries, type LogFixture } from "./fixtures.js";

describe("concurrent appends", () => {
  let f: LogFixture | undefined;
  afterEach(async () => {
    await f?.cleanup();
    f = undefined;
  });

  it("1,000 concurrent appends get 1,000 distinct, gap-free sequence numbers in batches", async () => {
    f = await logFixture();
    const started = performance.now();
    const entries = await Promise.all(Array.from({ length: 1000 }, (_, i) => f!.log.append(event(i, `doc-${i % 10}`))));
    const ms = performance.now() - started;
    console.log(`1,000 concurrent appends: ${ms.toFixed(0)} ms (${((1000 / ms) * 1000).toFixed(0)} appends/s)`);

    expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(f.log.size).toBe(1000);
    // In C2SP entry bundles of 256: three full ones and the partial one of the last batch.
    expect((await storedEntries(f.store, 1000)).map((b) => (JSON.parse(b.toString()) as { seq: number }).seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(await f.store.list("audit/entries/")).toEqual([]);
    // One checkpoint per batch (plus the empty log's), far fewer than one per append.
    const checkpoints = (await f.store.list("audit/checkpoints/")).length;
    expect(checkpoints).toBeGreaterThan(1);
    expect(checkpoints).toBeLessThan(50);
    // The by-document index holds every entry once.
    expect((await f.log.entriesForDocument("doc-3")).entries.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i * 10 + 3));

    await f.log.close();
    const reopened = await f.reopen();
    expect(reopened.size).toBe(1000);
    expect(reopened.checkpoint.root.equals(f.log.checkpoint.root)).toBe(true);
  });

  it("two instances on one store never share a number and keep one chain", async () => {
    f = await logFixture();
    const other = await f.reopen();
    const both = await Promise.all(
      Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? f!.log : other).append(event(i))),
    );
    expect(both.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 400 }, (_, i) => i));
    await Promise.all([f.log.close(), other.close()]);
    const third = await f.reopen();
    expect(third.size).toBe(400);
  });

  it("an instance starting while another appends finds no false integrity failure (issue #19: 10 of 12 starts failed)", async () => {
    f = await logFixture();
    const writer = f.log;
    let writing = true;
    let written = 0;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      while (writing) {
        await Promise.all(Array.from({ length: 5 }, (_, i) => writer.append(event(w * 5 + i, `doc-${w}`))));
        written += 5;
      }
    });
    const failures: string[] = [];
    try {
      while (written < 20) await new Promise((r) => setTimeout(r, 5));
      for (let i = 0; i < 12; i++) {
        try {
          const starting = await f.reopen();
          await starting.close();
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
    } finally {
      writing = false;
      await Promise.all(writers);
    }
    expect(failures.join("\n")).toBe("");
    expect(written).toBeGreaterThan(20);
  });

  it("rejects a bad event without taking a number, and refuses appends after close", async () => {
    f = await logFixture();
    await expect(f.log.append({ ...event(0), action: "NOT VALID" })).rejects.toMatchObject({ kind: "bad_input" });
    expect((await f.log.append(event(1))).seq).toBe(0);
    await f.log.close();
    await expect(f.log.append(event(2))).rejects.toMatchObject({ code: "audit.closed" });
  });
});
