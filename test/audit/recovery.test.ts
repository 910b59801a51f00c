import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AuditLog, loadOrCreateLogKey } from "../../src/audit/index.js";
import type { ObjectBody, ObjectStore } from "../../src/store/index.js";
import { event, logFixture, ORIGIN, type LogFixture } from "./fixtures.js";

const pad = (n: number): string => String(n).padStart(12, "0");

describe("crash recovery", () => {
  let f: LogFixture | undefined;
  afterEach(async () => {
    await f?.cleanup();
    f = undefined;
  });

  /** A batch of `n` written in one go (one intent, n entries, one checkpoint). */
  async function batch(from: number, n: number): Promise<void> {
    await Promise.all(Array.from({ length: n }, (_, i) => f!.log.append(event(from + i, "doc-a"))));
  }

  it("keeps entries written before a crash that hit before their checkpoint, and signs one", async () => {
    f = await logFixture();
    await batch(0, 3);
    await batch(3, 4);
    await f.log.close();
    const checkpoints = await f.store.list("audit/checkpoints/");
    // The crash: the last batch's checkpoint and one of its entries never reached storage.
    await f.store.delete(checkpoints.at(-1)!.key);
    await f.store.delete(`audit/entries/${pad(f.log.size - 1)}.json`);

    const reopened = await f.reopen();
    expect(reopened.size).toBe(f.log.size - 1);
    expect(await f.store.head(`audit/checkpoints/${pad(reopened.size)}.txt`)).not.toBeNull();
    const next = await reopened.append(event(99, "doc-a"));
    expect(next.seq).toBe(reopened.size - 1);
    await reopened.close();
    expect((await f.reopen()).size).toBe(next.seq + 1);
  });

  it("does not accept a tail vouched for only by an intent it did not sign", async () => {
    f = await logFixture();
    await batch(0, 2);
    await f.log.close();
    const intents = await f.store.list("audit/intents/");
    const note = (await f.store.getBuffer(intents.at(-1)!.key)).toString("utf8");
    // Same intent text, but the signature byte flipped: it must not vouch for anything.
    const forged = note.replace(/ (\S)(\S+)\n$/, (_m, c: string, rest: string) => ` ${c === "A" ? "B" : "A"}${rest}\n`);
    await f.store.delete(intents.at(-1)!.key);
    await f.store.putIfAbsent(intents.at(-1)!.key, Buffer.from(forged));
    await f.store.delete((await f.store.list("audit/checkpoints/")).at(-1)!.key);
    await expect(f.reopen()).rejects.toThrow(/is not covered by any signed checkpoint or batch intent/);
  });

  it("re-creates by-document index markers a crash left unwritten", async () => {
    f = await logFixture();
    await batch(0, 3);
    await f.log.close();
    await fs.rm(path.join(f.dir, "store", "audit", "by-document"), { recursive: true });
    const reopened = await f.reopen();
    expect((await reopened.entriesForDocument("doc-a")).entries.map((e) => e.seq)).toEqual([0, 1, 2]);
  });

  it("starts with a warning instead of refusing when AUDIT_VERIFY_ON_START is false", async () => {
    f = await logFixture();
    await batch(0, 2);
    await f.log.close();
    const file = path.join(f.dir, "store", "audit", "entries", `${pad(1)}.json`);
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace("clerk-", "other-"));
    await expect(f.reopen()).rejects.toThrow(/at entry 1/);
    expect((await f.reopen(false)).size).toBe(2);
  });
});

describe("store failures during an append", () => {
  it("reject that batch only; the next append continues the chain after re-reading the tail", async () => {
    const f = await logFixture();
    try {
      const key = await loadOrCreateLogKey(path.join(f.dir, "audit-key.pem"), ORIGIN);
      let failNext = false;
      // Fails an entry write after the object is stored, as a timed-out S3 PUT can.
      const flaky: ObjectStore = Object.create(f.store) as ObjectStore;
      flaky.putIfAbsent = async (k: string, body: ObjectBody) => {
        await f.store.putIfAbsent(k, body);
        if (failNext && k.startsWith("audit/entries/")) {
          failNext = false;
          throw new Error("connection reset");
        }
      };
      const log = await AuditLog.open({ store: flaky, key });
      await log.append(event(0));
      failNext = true;
      await expect(log.append(event(1))).rejects.toThrow("connection reset");
      const next = await log.append(event(2));
      expect(next.seq).toBe(2);
      await log.close();
      expect((await AuditLog.open({ store: f.store, key })).size).toBe(3);
    } finally {
      await f.cleanup();
    }
  });
});
