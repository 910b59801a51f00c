import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectExistsError, ObjectNotFoundError, type ObjectStore } from "../../src/store/index.js";
import { generatedStream } from "./streams.js";

export interface StoreFixture {
  store: ObjectStore;
  /** Closes the store and removes everything the fixture made. */
  dispose(): Promise<void>;
}

const MiB = 1024 * 1024;

async function sha256Of(stream: Readable): Promise<{ hex: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const c of stream) {
    hash.update(c as Buffer);
    bytes += (c as Buffer).length;
  }
  return { hex: hash.digest("hex"), bytes };
}

/** The collector, reachable without starting the worker with --expose-gc. */
function exposeGc(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

/**
 * Samples live heap + Buffer memory while `work` runs and returns the peak growth in bytes.
 * Each sample collects garbage first, so it measures what the code holds, not what the
 * collector has yet to free.
 */
async function peakMemoryGrowth(work: () => Promise<void>): Promise<number> {
  const gc = exposeGc();
  const used = (): number => {
    // Twice: Buffer memory freed by one collection is only accounted after the next.
    gc();
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = used();
  let peak = base;
  // Full collections are slow with a server's heap in the process (s3rver): the next sample
  // waits four times as long as the last one took, so sampling costs at most a fifth of the
  // time. A store that held the object in memory would hold it across many samples.
  let timer: NodeJS.Timeout | undefined;
  let running = true;
  const sample = (): void => {
    const t0 = performance.now();
    peak = Math.max(peak, used());
    if (running) timer = setTimeout(sample, Math.max(50, 4 * (performance.now() - t0)));
  };
  timer = setTimeout(sample, 50);
  try {
    await work();
  } finally {
    running = false;
    clearTimeout(timer);
  }
  return Math.max(peak, used()) - base;
}

/** The behaviour every ObjectStore driver must have; run once per driver. */
export function describeObjectStore(name: string, open: () => Promise<StoreFixture>): void {
  describe(`ObjectStore conformance: ${name}`, () => {
    let fx: StoreFixture;
    let store: ObjectStore;
    beforeAll(async () => {
      fx = await open();
      store = fx.store;
    });
    afterAll(async () => {
      await fx.dispose();
    });

    it("writes create-only: a second put of the key is rejected and the first content kept", async () => {
      await store.putIfAbsent("c/once.txt", Buffer.from("first"));
      await expect(store.putIfAbsent("c/once.txt", Buffer.from("second"))).rejects.toBeInstanceOf(ObjectExistsError);
      await expect(store.putIfAbsent("c/once.txt", Readable.from([Buffer.from("third")]))).rejects.toBeInstanceOf(ObjectExistsError);
      expect((await store.getBuffer("c/once.txt")).toString()).toBe("first");
    });

    it("gets whole objects, byte ranges and sizes", async () => {
      await store.putIfAbsent("g/abc.txt", Buffer.from("0123456789"));
      expect((await store.getBuffer("g/abc.txt")).toString()).toBe("0123456789");
      const whole = await store.get("g/abc.txt");
      expect(Buffer.concat(await whole.toArray()).toString()).toBe("0123456789");
      const part = await store.get("g/abc.txt", { start: 2, end: 5 });
      expect(Buffer.concat(await part.toArray()).toString()).toBe("2345");
      const last = await store.get("g/abc.txt", { start: 9, end: 9 });
      expect(Buffer.concat(await last.toArray()).toString()).toBe("9");
      const info = await store.head("g/abc.txt");
      expect(info?.size).toBe(10);
      expect(info?.lastModified).toBeInstanceOf(Date);
    });

    it("stores a streamed body and an empty one", async () => {
      await store.putIfAbsent("s/streamed.bin", Readable.from([Buffer.from("ab"), Buffer.from("cd")]));
      expect((await store.getBuffer("s/streamed.bin")).toString()).toBe("abcd");
      await store.putIfAbsent("s/empty.bin", Buffer.alloc(0));
      expect((await store.head("s/empty.bin"))?.size).toBe(0);
      expect((await store.getBuffer("s/empty.bin")).length).toBe(0);
    });

    it("reports missing keys clearly", async () => {
      expect(await store.head("m/none")).toBeNull();
      await expect(store.get("m/none")).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.getBuffer("m/none")).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.get("m/none", { start: 0, end: 1 })).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    it("lists by prefix in key order, recursively", async () => {
      for (const k of ["l/b/2", "l/a", "l/b/1", "l/c/x/y", "lz/other", "l2/other"]) await store.putIfAbsent(k, Buffer.from(k));
      expect((await store.list("l/")).map((o) => o.key)).toEqual(["l/a", "l/b/1", "l/b/2", "l/c/x/y"]);
      expect((await store.list("l/b/")).map((o) => o.key)).toEqual(["l/b/1", "l/b/2"]);
      expect((await store.list("l/b/1")).map((o) => [o.key, o.size])).toEqual([["l/b/1", 5]]);
      expect(await store.list("nothing-here/")).toEqual([]);
    });

    it("deletes objects", async () => {
      await store.putIfAbsent("d/gone", Buffer.from("x"));
      await store.delete("d/gone");
      expect(await store.head("d/gone")).toBeNull();
      expect(await store.list("d/")).toEqual([]);
      await store.putIfAbsent("d/gone", Buffer.from("again"));
      expect((await store.getBuffer("d/gone")).toString()).toBe("again");
    });

    it("rejects invalid keys", async () => {
      for (const k of ["", "/abs", "a/../b", "a//b"]) {
        await expect(store.putIfAbsent(k, Buffer.from("x"))).rejects.toMatchObject({ kind: "bad_input" });
      }
    });

    it("lets exactly one of many concurrent puts of one key win", async () => {
      const contenders = Array.from({ length: 12 }, (_, i) => `writer-${i}`);
      const results = await Promise.allSettled(contenders.map((c) => store.putIfAbsent("race/key", Buffer.from(c))));
      const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [contenders[i]] : []));
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ObjectExistsError);
      expect((await store.getBuffer("race/key")).toString()).toBe(won[0]);
    });

    it("streams a 50 MiB object in and out without holding it in memory", async () => {
      const size = 50 * MiB;
      let written = "";
      let read = { hex: "", bytes: 0 };
      const growth = await peakMemoryGrowth(async () => {
        const gen = generatedStream(size);
        await store.putIfAbsent("big/50mib.bin", gen.stream);
        written = await gen.sha256;
        read = await sha256Of(await store.get("big/50mib.bin"));
      });
      console.log(`${name}: peak live memory growth streaming 50 MiB: ${(growth / MiB).toFixed(1)} MiB`);
      expect((await store.head("big/50mib.bin"))?.size).toBe(size);
      expect(read).toEqual({ hex: written, bytes: size });
      expect(growth).toBeLessThan(20 * MiB);
    });

    it("answers ping", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
