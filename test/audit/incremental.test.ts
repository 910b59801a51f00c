import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog, loadOrCreateLogKey } from "../../src/audit/index.js";
import { verifySince, type IncrementalSource } from "../../src/audit/incremental.js";
import { httpSource, logSource, noteVerifier } from "../../src/audit/incrementalSources.js";
import { encodeEntry } from "../../src/audit/entry.js";
import { runVerifySince } from "../../src/auditSince.js";
import { FsObjectStore } from "../../src/store/index.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { event, logFixture, ORIGIN, rewriteEntry, tempDir, type LogFixture } from "./fixtures.js";

async function appendN(log: AuditLog, from: number, n: number, actor?: string): Promise<void> {
  await Promise.all(Array.from({ length: n }, (_, i) => log.append({ ...event(from + i), ...(actor ? { actor } : {}) })));
}

describe("mohar audit verify --since (incremental verification, #17)", () => {
  let fx: LogFixture;
  beforeAll(async () => {
    fx = await logFixture();
  });
  afterAll(async () => fx.cleanup());

  it("a daily run passes and returns the new checkpoint to save; the next run starts from it", async () => {
    await appendN(fx.log, 0, 37);
    const saved = fx.log.checkpoint.note;
    await appendN(fx.log, 37, 300);
    const key = await loadOrCreateLogKey(path.join(fx.dir, "audit-key.pem"), ORIGIN);
    const day1 = await verifySince(key, ORIGIN, saved, logSource(fx.log));
    expect(day1).toMatchObject({ ok: true, savedSize: 37, size: 337, checked: 300 });
    if (!day1.ok) return;
    expect(day1.checkpoint).toBe(fx.log.checkpoint.note);
    await appendN(fx.log, 337, 5);
    const day2 = await verifySince(key, ORIGIN, day1.checkpoint, logSource(fx.log));
    expect(day2).toMatchObject({ ok: true, savedSize: 337, size: 342, checked: 5 });
  });

  it("names a tampered new entry, and fails a forged checkpoint", async () => {
    const key = await loadOrCreateLogKey(path.join(fx.dir, "audit-key.pem"), ORIGIN);
    await appendN(fx.log, 1000, 10);
    const saved = fx.log.checkpoint.note;
    await appendN(fx.log, 2000, 20);
    const honest = logSource(fx.log);
    const target = fx.log.size - 12;
    // A source that serves one new entry changed (a rewritten object, or a server lying in transit).
    const tampered: IncrementalSource = {
      ...honest,
      entries: async (from, to) => (await honest.entries(from, to)).map((e) => (e.seq === target ? { ...e, actor: "someone-else" } : e)),
    };
    expect(await verifySince(key, ORIGIN, saved, tampered)).toMatchObject({ ok: false, seq: target });
    // The last entry changed: no successor to notice, the inclusion proofs name it.
    const last = fx.log.size - 1;
    const tamperedLast: IncrementalSource = { ...honest, entries: async (f, t) => (await honest.entries(f, t)).map((e) => (e.seq === last ? { ...e, actor: "x" } : e)) };
    expect(await verifySince(key, ORIGIN, saved, tamperedLast)).toMatchObject({ ok: false, seq: last });

    // The same, in the store itself: the entry rewritten in its bundle on disk. A log open before
    // names it when it reads it; opening the store afterwards (what --store does) refuses and names it.
    const before = await fx.reopen();
    const onDisk = (await fx.log.entries(target, target + 1))[0]!;
    const bundle = await rewriteEntry(fx.store, fx.log.size, target, () => encodeEntry({ ...onDisk, actor: "someone-else" }));
    const file = path.join(fx.dir, "store", ...bundle.split("/"));
    expect(await verifySince(key, ORIGIN, saved, logSource(before))).toMatchObject({ ok: false, seq: target });
    await before.close();
    // In the newest, partial bundle: the start checks it and refuses, naming it; opened anyway
    // (AUDIT_VERIFY_ON_START=false), the whole-log check (what --store runs) names it.
    await expect(fx.reopen()).rejects.toThrow(new RegExp(`at entry ${target}:`));
    const reopened = await fx.reopen(false);
    expect(await reopened.checkWholeLog()).toMatchObject({ seq: target });
    await reopened.close();
    await rewriteEntry(fx.store, fx.log.size, target, () => encodeEntry(onDisk));
    expect(file).toContain("tile/entries/001.p/");

    const forged = saved.replace(/\n(\d+)\n/, (_, n: string) => `\n${Number(n) + 1}\n`);
    expect(await verifySince(key, ORIGIN, forged, honest)).toMatchObject({ ok: false, seq: null, reason: expect.stringMatching(/saved checkpoint/) });
    const forgedNew: IncrementalSource = { ...honest, checkpoint: async () => forged };
    expect(await verifySince(key, ORIGIN, saved, forgedNew)).toMatchObject({ ok: false, seq: null, reason: expect.stringMatching(/new checkpoint/) });
  });

  it("fails the consistency check when the log was rewritten before the saved size, even if the new part is fine", async () => {
    const key = await loadOrCreateLogKey(path.join(fx.dir, "audit-key.pem"), ORIGIN);
    const saved = fx.log.checkpoint.note;
    const savedSize = fx.log.size;
    // The same key signs a second log whose entry 5 differs; its tiles and checkpoints are all its own.
    const dir = await tempDir();
    const store = await FsObjectStore.open(path.join(dir, "store"));
    const rewritten = await AuditLog.open({ store, key });
    try {
      await appendN(rewritten, 0, 5);
      await appendN(rewritten, 5, 1, "rewriter");
      await appendN(rewritten, 6, savedSize - 6 + 40);
      const r = await verifySince(key, ORIGIN, saved, logSource(rewritten));
      expect(r).toMatchObject({ ok: false, seq: null, reason: expect.stringMatching(/not consistent with the saved checkpoint/) });
    } finally {
      await rewritten.close();
    }
  });

  it("the HTTP source and the store source agree", { timeout: 30_000 }, async () => {
    let srv: TestServer | undefined;
    try {
      srv = await startTestServer();
      const log = srv.running.services.audit;
      const src = httpSource(srv.url, srv.keys.auditor);
      const saved = await src.checkpoint();
      await appendN(log, 0, 25);
      const verifier = noteVerifier(await src.verifierKey());
      expect(verifier).not.toBeNull();
      const viaHttp = await verifySince(verifier!, log.origin, saved, src);
      const viaStore = await verifySince(verifier!, log.origin, saved, logSource(log));
      expect(viaHttp.ok).toBe(true);
      expect(viaHttp).toEqual(viaStore);

      // The command an auditor runs daily: reads the saved file, writes the new checkpoint to --save.
      const dir = await tempDir();
      const file = path.join(dir, "last-checkpoint.txt");
      await writeFile(file, saved);
      const out = await runVerifySince({ since: file, url: srv.url, apiKey: srv.keys.auditor, save: file }, () => Promise.reject(new Error("--url needs no configuration")));
      expect(out).toMatchObject({ ok: true, size: log.size });
      expect(await readFile(file, "utf8")).toBe(log.checkpoint.note);
      await rm(dir, { recursive: true, force: true });
    } finally {
      await srv?.close();
    }
  });
});
