import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fileEventsMissingFromDatabase, recordUnauditedFileEvents } from "../../src/fileAuditReconcile.js";
import { FileService, type FileActor } from "../../src/files/index.js";
import { openTestDatabase, type TestDatabase } from "../helpers/testDatabase.js";
import { startTestServer } from "../helpers/server.js";
import { logFixture, type LogFixture } from "./fixtures.js";

const clerk: FileActor = { id: "clerk-1", admin: false };
const officerA: FileActor = { id: "key-a", officerId: "officer-a", admin: false };

// Movements committed by the files service, their audit entries appended as http/files.ts does,
// except where a crash came in between.
describe("file movements committed without their audit entry (a crash between the two writes)", () => {
  let f: LogFixture | undefined;
  let t: TestDatabase;
  let files: FileService;
  beforeAll(async () => {
    t = await openTestDatabase();
    files = new FileService({ db: async () => t.db, officerExists: async () => true, documentExists: async () => true });
  });
  afterAll(() => t.close());
  afterEach(async () => {
    await f?.cleanup();
    f = undefined;
  });

  it("are recorded once at start by the system, naming file, step, action and holder; audited ones are left alone", async () => {
    f = await logFixture();
    const log = f.log;
    const opened = await files.create(clerk, { fileNumber: "REC/1", subject: "reconcile", office: "Rec" });
    await log.append({ actor: clerk.id, action: "file.open", fileId: opened.file.id, fileEvent: opened.event, outcome: "success", detail: `file ${opened.file.id} (REC/1) opened` });
    const first = await files.forward(clerk, opened.file.id, { toOfficer: "officer-a" });
    await log.append({ actor: clerk.id, action: "file.forward", fileId: first.file.id, fileEvent: first.event, outcome: "success", detail: `file ${first.file.id} step 2: forwarded to officer officer-a` });
    const received = await files.receive(officerA, opened.file.id);
    // An entry from before entries named their event: it still accounts for the receipt.
    await log.append({ actor: officerA.id, action: "file.receive", outcome: "success", detail: `file ${received.file.id}: receive by key-a; now open, with officer officer-a` });
    // The service stopped after this forward committed, before its entry.
    const lost = await files.forward(officerA, opened.file.id, { toOfficer: "officer-b", remarks: "for approval" });

    // Younger than the grace period: left to the instance that may still be logging it.
    expect(await recordUnauditedFileEvents(t.db, log)).toEqual([]);
    const recorded = await recordUnauditedFileEvents(t.db, log, { graceMs: 0 });
    expect(recorded).toEqual([{ fileId: opened.file.id, event: lost.event, step: 3, action: "forwarded", holder: "officer officer-b" }]);
    const [entry] = await log.entries(log.size - 1, log.size);
    expect(entry).toMatchObject({ actor: "system", action: "file.event_unaudited", fileId: opened.file.id, fileEvent: lost.event, outcome: "success" });
    expect(entry?.detail).toMatch(/^file \S+ step 3: forwarded by key-a at .* \(step held by officer officer-b\) was committed without its audit entry \(file\.forward\)/);
    // The next start finds it accounted for; the log and the database agree both ways.
    expect(await recordUnauditedFileEvents(t.db, log, { graceMs: 0 })).toEqual([]);
    expect(await fileEventsMissingFromDatabase(t.db, log)).toEqual([]);
  });

  it("is recorded once when two instances start together, and an entry naming an event the database lacks is named", async () => {
    f = await logFixture();
    const { file, event } = await files.create(clerk, { fileNumber: "REC/2", subject: "reconcile", office: "Rec" });
    const other = await f.reopen();
    const [a, b] = await Promise.all([recordUnauditedFileEvents(t.db, f.log, { graceMs: 0 }), recordUnauditedFileEvents(t.db, other, { graceMs: 0 })]);
    expect([...a, ...b].filter((r) => r.fileId === file.id)).toEqual([{ fileId: file.id, event, step: 1, action: "created", holder: "user clerk-1" }]);
    await other.close();
    const log = await f.reopen();
    const all = await log.entries(0, log.size);
    expect(all.filter((e) => e.action === "file.event_unaudited" && e.fileId === file.id)).toHaveLength(1);
    // A database restored from an older backup: the log names an event it no longer holds.
    await t.db.deleteFrom("file_events").where("id", "=", event).execute();
    expect(await fileEventsMissingFromDatabase(t.db, log)).toEqual([{ fileId: file.id, event, seq: all.find((e) => e.fileEvent === event)?.seq }]);
    await log.close();
  });

  it("a movement whose audit entry failed while the service ran is recorded by a later pass, without a restart", async () => {
    const srv = await startTestServer({}, { unauditedGraceMs: 100, reconcileEveryMs: 200 });
    try {
      const { audit, files: running } = srv.running.services;
      // After the second pass (grace + 1 s after start): only the passes that follow can see it.
      await new Promise((r) => setTimeout(r, 1500));
      const opened = await running.create(clerk, { fileNumber: "REC/3", subject: "reconcile", office: "Rec" });
      // Committed, and its entry never written (an append that failed): later entries move the log on.
      await audit.append({ actor: "clerk-1", action: "document.download", documentId: "d", version: 1, outcome: "success" });
      const recordedFor = async (): Promise<number> => (await audit.entries(0, audit.size)).filter((e) => e.action === "file.event_unaudited" && e.fileEvent === opened.event).length;
      await vi.waitFor(async () => expect(await recordedFor()).toBe(1), { timeout: 10_000, interval: 100 });
      // Later passes find it accounted for.
      await new Promise((r) => setTimeout(r, 600));
      expect(await recordedFor()).toBe(1);
    } finally {
      await srv.close();
    }
  });
});
