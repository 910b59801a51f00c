import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuditLog, CheckpointWitness, loadOrCreateLogKey } from "../../src/audit/index.js";
import { FsObjectStore, type DiskSync, type ObjectBody, type ObjectStore } from "../../src/store/index.js";
import { syncPath } from "../helpers/syncPath.js";
import { encodeEntry, entryHash } from "../../src/audit/entry.js";
import { tileKey } from "../../src/audit/tiles.js";
import { joinEntryBundle } from "./c2spReader.js";
import { event, logFixture, ORIGIN, rewriteEntry, storedEntries, tempDir, type LogFixture } from "./fixtures.js";

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

  it("keeps entries written before a crash that hit before their bundle and checkpoint, and signs one", async () => {
    f = await logFixture();
    await batch(0, 3);
    await batch(3, 4);
    await f.log.close();
    const checkpoints = await f.store.list("audit/checkpoints/");
    const bundle = "audit/tile/entries/000.p/7";
    const bytes = await f.store.getBuffer(bundle);
    // The crash: only the last batch's intent reached storage (a batch stores its intent, which
    // carries its entries, then its bundle, its hash tiles and its checkpoint).
    await f.store.delete(checkpoints.at(-1)!.key);
    await f.store.delete(tileKey(0, 0, f.log.size));
    await f.store.delete(bundle);

    const reopened = await f.reopen(true, { witness: false });
    // The start finds the intent past the checkpoint, writes its bundle and tiles, and signs a checkpoint.
    expect(reopened.size).toBe(7);
    expect((await f.store.getBuffer(bundle)).equals(bytes)).toBe(true);
    expect(await f.store.head(`audit/checkpoints/${pad(7)}.txt`)).not.toBeNull();
    const next = await reopened.append(event(99, "doc-a"));
    expect(next.seq).toBe(7);
    await reopened.close();
    expect((await f.reopen(true, { witness: false })).size).toBe(8);
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
    await batch(0, 1);
    await batch(1, 2);
    await f.log.close();
    // The crash: the entries after the first are stored, their markers, tiles and checkpoints are not.
    for (const seq of [1, 2]) await f.store.delete(`audit/by-document/doc-a/${pad(seq)}`);
    for (const size of [2, 3]) {
      await f.store.delete(tileKey(0, 0, size));
      await f.store.delete(`audit/checkpoints/${pad(size)}.txt`);
    }
    const reopened = await f.reopen(true, { witness: false });
    expect(reopened.size).toBe(3);
    expect((await reopened.entriesForDocument("doc-a")).entries.map((e) => e.seq)).toEqual([0, 1, 2]);
  });

  it("writes by-document markers a full bundle at a time off the append path, and starts again where a crash left them", async () => {
    f = await logFixture();
    await Promise.all(Array.from({ length: 600 }, (_, i) => f!.log.append(event(i, `doc-${i % 3}`))));
    // Two full bundles: their markers, then their indexed marks, written in the background.
    const marks = async (): Promise<string[]> => (await f!.store.list("audit/by-document-indexed/")).map((o) => o.key);
    await vi.waitFor(async () => expect(await marks()).toEqual(["audit/by-document-indexed/000", "audit/by-document-indexed/001"]), { timeout: 10_000, interval: 20 });
    expect((await f.store.list("audit/by-document/doc-1/")).map((o) => Number(o.key.slice(-12)))).toEqual(Array.from({ length: 171 }, (_, i) => i * 3 + 1));
    const all = Array.from({ length: 200 }, (_, i) => i * 3 + 1);
    expect((await f.log.entriesForDocument("doc-1")).entries.map((e) => e.seq)).toEqual(all);
    await f.log.close();
    // The crash: bundle 1's markers and its mark never reached storage.
    await f.store.delete("audit/by-document-indexed/001");
    for (const o of await f.store.list("audit/by-document/doc-1/")) if (Number(o.key.slice(-12)) >= 256) await f.store.delete(o.key);
    const reopened = await f.reopen();
    // Readers scan what is not indexed, so nothing is missing meanwhile; a page ends where it should.
    expect((await reopened.entriesForDocument("doc-1")).entries.map((e) => e.seq)).toEqual(all);
    expect(await reopened.entriesForDocument("doc-1", 100, 50)).toMatchObject({ next: all.find((s) => s >= 100)! + 150 });
    await vi.waitFor(async () => expect(await marks()).toHaveLength(2), { timeout: 10_000, interval: 20 });
    expect((await f.store.list("audit/by-document/doc-1/")).length).toBe(171);
    await reopened.close();
  });

  it("drops a bundle's partial copies once its full bundle is stored (dropPartialBundles): reads at older sizes, the start and the whole-log check do without them", async () => {
    f = await logFixture();
    const key = await loadOrCreateLogKey(path.join(f.dir, "audit-key.pem"), ORIGIN);
    await f.log.close();
    const log = await AuditLog.open({ store: f.store, key, dropPartialBundles: true });
    // Batches of about 40: partial bundles 000.p/40 .. 000.p/240, the full 000, then 001.p/.. up to 001.p/64.
    for (let b = 0; b < 8; b += 1) await Promise.all(Array.from({ length: 40 }, (_, i) => log.append(event(b * 40 + i))));
    const partials = async (n: string): Promise<string[]> => (await f!.store.list(`audit/tile/entries/${n}.p/`)).map((o) => o.key);
    await vi.waitFor(async () => expect(await f!.store.list("audit/by-document-indexed/")).toHaveLength(1), { timeout: 10_000, interval: 20 });
    expect(await partials("000")).toEqual([]);
    expect(await f.store.head("audit/tile/entries/000")).not.toBeNull();
    // The open bundle keeps its copies (the start checks the newest one).
    expect(await partials("001")).toContain("audit/tile/entries/001.p/64");
    // An older size reads from the full bundle's prefix: entries, proofs between checkpoints.
    expect((await log.entries(0, 40)).map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    await log.consistencyProof(40, 320);
    expect(await log.checkWholeLog()).toBeNull();
    await log.close();
    // A start from a checkpoint inside the full bundle (the newer ones lost), following the intents past it.
    for (const o of await f.store.list("audit/checkpoints/")) if (Number(path.basename(o.key, ".txt")) > 200) await f.store.delete(o.key);
    const reopened = await f.reopen(true, { witness: false });
    expect(reopened.size).toBe(320);
    expect(await reopened.checkWholeLog()).toBeNull();
  });

  it("starts with a warning instead of refusing when AUDIT_VERIFY_ON_START is false", async () => {
    f = await logFixture();
    await batch(0, 2);
    await f.log.close();
    await rewriteEntry(f.store, 2, 1, (b) => Buffer.from(b.toString().replace("clerk-", "other-")));
    await expect(f.reopen()).rejects.toThrow(/at entry 1/);
    // It starts, and says so in the log itself: the next entry names what the check found.
    const started = await f.reopen(false);
    expect(started.size).toBe(3);
    const [entry] = await started.entries(2, 3);
    expect(entry).toMatchObject({ actor: "system", action: "audit.start_unverified", outcome: "failure" });
    expect(entry?.detail).toMatch(/AUDIT_VERIFY_ON_START=false despite: entry 1/);
  });
});

describe("the whole-log check after start (AUDIT_VERIFY_IN_BACKGROUND, mohar audit verify --store)", () => {
  let f: LogFixture | undefined;
  afterEach(async () => {
    await f?.cleanup();
    f = undefined;
  });

  it("finds damage the start does not read, logs progress, and fails readiness", async () => {
    f = await logFixture();
    // A full bundle (0..255) and a partial one: the start checks the partial one, not the full.
    await Promise.all(Array.from({ length: 260 }, (_, i) => f!.log.append(event(i, "doc-a"))));
    await f.log.close();
    await rewriteEntry(f.store, 260, 1, (b) => Buffer.from(b.toString().replace("clerk-", "other-")));
    const lines: Array<{ obj: object; msg: string }> = [];
    const logger = { info: (obj: object, msg: string) => lines.push({ obj, msg }), warn: (obj: object, msg: string) => lines.push({ obj, msg }), error: (obj: object, msg: string) => lines.push({ obj, msg }) };
    const key = await loadOrCreateLogKey(path.join(f.dir, "audit-key.pem"), ORIGIN);
    // The start reads the checkpoint, the tiles' edge and the newest bundle: entry 1 is not among them.
    const log = await AuditLog.open({ store: f.store, key, logger });
    expect(log.readiness()).toEqual({ ready: true });
    const finding = await log.checkWholeLog(2);
    expect(finding).toMatchObject({ seq: 1 });
    expect(finding?.reason).toMatch(/entry 1 was changed/);
    // One progress line per read (a finding is read twice, in case another instance was writing).
    const progress = lines.filter((l) => l.msg === "audit log check: entries read").map((l) => l.obj);
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) {
      expect(p).toMatchObject({ of: 260 });
      expect((p as { done: number }).done).toBeGreaterThan(0);
    }
    expect(lines.some((l) => l.msg === "audit log check found damage in the stored log")).toBe(true);
    expect(log.readiness()).toMatchObject({ ready: false, code: "audit.integrity", reason: expect.stringMatching(/at entry 1: entry 1 was changed/) });
    await log.close();
  });

  it("reports an intact log as intact", async () => {
    f = await logFixture();
    for (let i = 0; i < 3; i += 1) await f.log.append(event(i, "doc-a"));
    expect(await f.log.checkWholeLog()).toBeNull();
    expect(f.log.readiness()).toEqual({ ready: true });
  });
});

describe("the newest entries removed together with their checkpoints", () => {
  let f: LogFixture | undefined;
  afterEach(async () => {
    await f?.cleanup();
    f = undefined;
  });

  /**
   * Four batches of two; then the last two batches' bundles, tiles and checkpoints are deleted,
   * with the intent that claimed entry 4 (which carries its entries: the start would write them
   * back from it) and optionally every later intent too.
   */
  async function cutLastBatches(alsoLaterIntents: boolean): Promise<LogFixture> {
    const fx = await logFixture();
    for (let b = 0; b < 4; b += 1) await Promise.all([0, 1].map((i) => fx.log.append(event(b * 2 + i, "doc-a"))));
    await fx.log.close();
    expect(fx.log.size).toBe(8);
    for (const width of [5, 6, 7, 8]) await fx.store.delete(`audit/tile/entries/000.p/${width}`).catch(() => undefined);
    for (const o of await fx.store.list("audit/checkpoints/")) if (Number(path.basename(o.key, ".txt")) > 4) await fx.store.delete(o.key);
    for (const width of [5, 6, 7, 8]) await fx.store.delete(tileKey(0, 0, width)).catch(() => undefined);
    for (const o of await fx.store.list("audit/intents/")) {
      const first = Number(path.basename(o.key).slice(0, 12));
      if (first === 4 || (alsoLaterIntents && first > 4)) await fx.store.delete(o.key);
    }
    return fx;
  }

  it("is caught by a signed batch intent that starts past the end of the log", async () => {
    f = await cutLastBatches(false);
    await expect(f.reopen(true, { witness: false })).rejects.toThrow(/at entry 4: entries 4\.\.\d+ are missing: a signed batch intent shows the log held \d+ entries/);
  });

  it("is caught by this instance's witness when the intents went too", async () => {
    f = await cutLastBatches(true);
    await expect(f.reopen(true, { witness: false })).resolves.toBeDefined();
    await expect(f.reopen()).rejects.toThrow(/at entry 4: entries 4\.\.7 are missing: this instance saw a signed checkpoint for size 8/);
  });

  it("refuses a witness that does not match the log or is not signed by the log key", async () => {
    f = await logFixture();
    await Promise.all([0, 1, 2].map((i) => f!.log.append(event(i, "doc-a"))));
    await f.log.close();
    const note = await fs.readFile(f.witnessFile, "utf8");
    expect(note).toMatch(/^test\.mohar\/audit\n3\n/);
    await fs.writeFile(f.witnessFile, note.replace(/\n3\n[^\n]+\n/, "\n2\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"));
    await expect(f.reopen()).rejects.toThrow(/not a checkpoint signed by the log key/);
  });
});

describe("a witness that cannot be written", () => {
  it("never fails an append, and is reported once", async () => {
    const f = await logFixture();
    try {
      await f.log.close();
      const warnings: string[] = [];
      const logger = { info: () => {}, warn: (_o: object, msg: string) => void warnings.push(msg) };
      // Its folder would have to be made inside a regular file: every write fails.
      const witness = new CheckpointWitness(path.join(f.dir, "audit-key.pem", "witness.txt"));
      const key = await loadOrCreateLogKey(path.join(f.dir, "audit-key.pem"), ORIGIN);
      const log = await AuditLog.open({ store: f.store, key, witness, logger });
      for (let i = 0; i < 3; i += 1) await log.append(event(i, "doc-a"));
      await log.close();
      expect(log.size).toBe(3);
      expect(warnings.filter((w) => w.includes("could not record the audit checkpoint witness"))).toHaveLength(1);
    } finally {
      await f.cleanup();
    }
  });
});

describe("an entry put into storage behind a running log", () => {
  it("is refused when the log meets it, not signed into a checkpoint", async () => {
    const f = await logFixture();
    try {
      await Promise.all([0, 1, 2].map((i) => f.log.append(event(i, "doc-a"))));
      const [last] = await f.log.entries(2, 3);
      // A well-formed next entry with a correct hash chain, but no log instance announced it.
      const forged = encodeEntry({ seq: 3, time: new Date().toISOString(), actor: "intruder", action: "document.sign", outcome: "success", prevHash: entryHash(encodeEntry(last!)) });
      // The next partial bundle, holding the three entries and the forged one.
      await f.store.putIfAbsent("audit/tile/entries/000.p/4", joinEntryBundle([...(await storedEntries(f.store, 3)), forged]));
      await expect(f.log.append(event(3, "doc-a"))).rejects.toThrow(/entry bundle audit\/tile\/entries\/000\.p\/4 holds a different entry 3 than this log wrote/);
      expect(f.log.size).toBe(3);
      await expect(f.reopen()).rejects.toThrow(/at entry 3/);
    } finally {
      await f.cleanup();
    }
  });
});

describe("store failures during an append", () => {
  it("after the batch's intent is stored, a failed bundle write does not fail the append: the entry is in the log, the next append stores its bundle", async () => {
    const f = await logFixture();
    try {
      const key = await loadOrCreateLogKey(path.join(f.dir, "audit-key.pem"), ORIGIN);
      let failNext = false;
      // Fails an entry write after the object is stored, as a timed-out S3 PUT can.
      const flaky: ObjectStore = Object.create(f.store) as ObjectStore;
      flaky.putIfAbsent = async (k: string, body: ObjectBody) => {
        await f.store.putIfAbsent(k, body);
        if (failNext && k.startsWith("audit/tile/entries/")) {
          failNext = false;
          throw new Error("connection reset");
        }
      };
      const log = await AuditLog.open({ store: flaky, key });
      await log.append(event(0));
      failNext = true;
      // The intent holds the entry: refusing it would let the caller take back a version the log records.
      expect((await log.append(event(1))).seq).toBe(1);
      expect(failNext).toBe(false);
      const next = await log.append(event(2));
      expect(next.seq).toBe(2);
      expect((await log.entries(0, 3)).map((e) => e.actor)).toEqual([0, 1, 2].map((i) => event(i).actor));
      await log.close();
      const reopened = await AuditLog.open({ store: f.store, key });
      expect(reopened.size).toBe(3);
      await reopened.close();
    } finally {
      await f.cleanup();
    }
  });
});

describe("a batch intent whose directory sync failed (local disk)", () => {
  it("is not taken as stored until a put of the same note synced it: the append waits for that", async () => {
    const dir = await tempDir();
    try {
      const root = path.join(dir, "store");
      const intents = path.join(root, "audit", "intents");
      let failIntentsDir = false;
      const intentDirSyncs: string[] = [];
      const sync: DiskSync = {
        async file(tmp) {
          await syncPath(tmp);
        },
        async dir(d) {
          if (d === intents && failIntentsDir) {
            failIntentsDir = false;
            intentDirSyncs.push("failed");
            throw Object.assign(new Error("EIO: fsync"), { code: "EIO" });
          }
          await syncPath(d);
          if (d === intents) intentDirSyncs.push("synced");
        },
      };
      const store = await FsObjectStore.open(root, { sync });
      const log = await AuditLog.open({ store, key: await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), ORIGIN) });
      await log.append(event(0));
      intentDirSyncs.length = 0;
      failIntentsDir = true;
      // The intent is linked but its directory entry is not known durable: readable is not stored.
      expect((await log.append(event(1))).seq).toBe(1);
      expect(intentDirSyncs).toEqual(["failed", "synced"]);
      await log.close();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe("an entry changed in the newest, partial entry bundle", () => {
  it("is caught at start (not copied into the full bundle the next appends write)", async () => {
    const f = await logFixture();
    try {
      for (let i = 0; i < 10; i += 1) await f.log.append(event(i));
      await f.log.close();
      // Entry 3 of the partial bundle 000.p/10: not the last entry, which the start always checked.
      await rewriteEntry(f.store, 10, 3, (b) => Buffer.from(b.toString("utf8").replace('"actor":"clerk-3"', '"actor":"clerk-9"')));
      await expect(f.reopen()).rejects.toThrow(/at entry 3/);
    } finally {
      await f.cleanup();
    }
  });
});

describe("a crash between a batch's hash tiles and its checkpoint", () => {
  it("starts at constant cost from the checkpoint below and signs the missing one, without reading the whole log", async () => {
    const f = await logFixture();
    try {
      for (let i = 0; i < 5; i += 1) await f.log.append(event(i));
      await f.log.close();
      await fs.rm(path.join(f.dir, "store", "audit", "checkpoints", "000000000005.txt"));
      const lines: string[] = [];
      const logger = { info: (_: object, msg: string) => lines.push(msg), warn: (_: object, msg: string) => lines.push(msg) };
      const key = await loadOrCreateLogKey(path.join(f.dir, "audit-key.pem"), ORIGIN);
      const log = await AuditLog.open({ store: f.store, key, logger });
      try {
        expect(lines.some((m) => m.includes("reading and checking the whole log"))).toBe(false);
        expect(lines).toContain("audit log: signing a checkpoint for entries written before a restart");
        expect(log.size).toBe(5);
        expect(log.checkpoint.size).toBe(5);
        expect(await f.store.head("audit/checkpoints/000000000005.txt")).not.toBeNull();
      } finally {
        await log.close();
      }
    } finally {
      await f.cleanup();
    }
  });
});
