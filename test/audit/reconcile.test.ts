import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { recordUnauditedVersions, versionsMissingFromDatabase } from "../../src/auditReconcile.js";
import type { ObjectStore } from "../../src/store/index.js";
import { Vault } from "../../src/vault/index.js";
import { makePdf } from "../helpers/pdfs.js";
import { openTestDatabase, type TestDatabase } from "../helpers/testDatabase.js";
import { logFixture, type LogFixture } from "./fixtures.js";

// Each check runs on a vault opened afresh, as at a restart: it finds the versions in the database.
describe("versions stored without their audit entry (a crash between the two writes)", () => {
  let f: LogFixture | undefined;
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.db.deleteFrom("documents").execute();
  });
  afterEach(async () => {
    await f?.cleanup();
    f = undefined;
  });
  const open = (store: ObjectStore): Promise<Vault> => Vault.open(store, t.db);

  it("are recorded once at start by the system, naming the version and its sha256; audited ones are left alone", async () => {
    f = await logFixture();
    const vault = await open(f.store);
    const pdf = await makePdf({ text: "draft" });
    // An upload as the router records it: the version, then its entry.
    const { document, version } = await vault.createDocument({ title: "t", fileNumber: "F/1", kind: "letter", createdBy: "clerk-1", pdf });
    await f.log.append({ actor: "clerk-1", action: "document.upload", documentId: document.id, version: 1, sha256: version.sha256, outcome: "success" });
    // A new version whose entry never came: the service stopped in between.
    const lost = await vault.addVersion(document.id, { pdf, uploader: "clerk-2", action: "upload" });

    const recorded = await recordUnauditedVersions(await open(f.store), f.log, { graceMs: 0 });
    expect(recorded).toEqual([{ id: document.id, n: 2 }]);
    const [entry] = await f.log.entries(f.log.size - 1, f.log.size);
    expect(entry).toMatchObject({ actor: "system", action: "vault.version_unaudited", documentId: document.id, version: 2, sha256: lost.sha256, outcome: "success" });
    expect(entry?.detail).toMatch(/version 2 \(upload by clerk-2 at .*\) was stored without its audit entry/);
    // The next start finds it accounted for.
    expect(await recordUnauditedVersions(await open(f.store), f.log, { graceMs: 0 })).toEqual([]);
  });

  it("is recorded once when two instances start together", async () => {
    f = await logFixture();
    const vault = await open(f.store);
    await vault.createDocument({ title: "t", fileNumber: "F/4", kind: "letter", createdBy: "clerk-1", pdf: await makePdf({ text: "draft" }) });
    const other = await f.reopen();
    const [a, b] = await Promise.all([recordUnauditedVersions(await open(f.store), f.log, { graceMs: 0 }), recordUnauditedVersions(await open(f.store), other, { graceMs: 0 })]);
    expect([...a, ...b]).toHaveLength(1);
    await other.close();
    const all = await (await f.reopen()).entries(0, 10);
    expect(all.filter((e) => e.action === "vault.version_unaudited")).toHaveLength(1);
  });

  it("leaves versions younger than the grace period to the instance that may still be logging them", async () => {
    f = await logFixture();
    const vault = await open(f.store);
    await vault.createDocument({ title: "t", fileNumber: "F/2", kind: "letter", createdBy: "clerk-1", pdf: await makePdf({ text: "draft" }) });
    expect(await recordUnauditedVersions(await open(f.store), f.log)).toEqual([]);
    expect(await recordUnauditedVersions(await open(f.store), f.log, { graceMs: 0 })).toHaveLength(1);
  });

  it("has nothing to record for a PDF a crash left without its row (nothing was acknowledged)", async () => {
    f = await logFixture();
    await f.store.putIfAbsent("documents/6f1c7a52-9d1e-4c59-9a1e-1d2b3c4d5e6f/v/1.pdf", await makePdf({ text: "draft" }));
    expect(await recordUnauditedVersions(await open(f.store), f.log, { graceMs: 0 })).toEqual([]);
  });

  it("puts a damaged version record on the record at start instead of refusing to start", async () => {
    f = await logFixture();
    const vault = await open(f.store);
    const { document } = await vault.createDocument({ title: "t", fileNumber: "F/5", kind: "letter", createdBy: "clerk-1", pdf: await makePdf({ text: "draft" }) });
    await t.db.updateTable("versions").set({ sha256: "damaged" }).where("document_id", "=", document.id).execute();
    expect(await recordUnauditedVersions(await open(f.store), f.log, { graceMs: 0 })).toEqual([]);
    const [entry] = await f.log.entries(f.log.size - 1, f.log.size);
    expect(entry).toMatchObject({ actor: "system", action: "vault.version_damaged", documentId: document.id, version: 1, outcome: "failure" });
    expect(entry?.detail).toContain("is damaged in storage");
  });

  it("names the versions the log's recent entries made that the database lacks, and refuses a database with none beside a log that made some", async () => {
    f = await logFixture();
    const vault = await open(f.store);
    const pdf = await makePdf({ text: "draft" });
    const { document, version } = await vault.createDocument({ title: "t", fileNumber: "F/7", kind: "letter", createdBy: "clerk-1", pdf });
    await f.log.append({ actor: "clerk-1", action: "document.upload", documentId: document.id, version: 1, sha256: version.sha256, outcome: "success" });
    expect(await versionsMissingFromDatabase(vault, f.log)).toEqual([]);
    const v2 = await vault.addVersion(document.id, { pdf, uploader: "clerk-1", action: "upload" });
    await f.log.append({ actor: "clerk-1", action: "document.version", documentId: document.id, version: 2, sha256: v2.sha256, outcome: "success" });
    // Taken back after its entry did land (a lost reply), or a database restored from an older backup.
    await t.db.deleteFrom("versions").where("n", "=", 2).execute();
    expect(await versionsMissingFromDatabase(vault, f.log)).toEqual([{ documentId: document.id, version: 2, seq: 1 }]);
    // A store from before the database, not imported: the service must not start on it.
    await t.db.deleteFrom("documents").execute();
    await expect(versionsMissingFromDatabase(vault, f.log)).rejects.toThrow(/mohar db import/);
  });

  it("reads a document's entries once however many of its versions it checks (start-up was quadratic in them)", async () => {
    f = await logFixture();
    const vault = await open(f.store);
    const pdf = await makePdf({ text: "draft" });
    const { document, version } = await vault.createDocument({ title: "t", fileNumber: "F/6", kind: "letter", createdBy: "clerk-1", pdf });
    await f.log.append({ actor: "clerk-1", action: "document.upload", documentId: document.id, version: 1, sha256: version.sha256, outcome: "success" });
    for (let n = 2; n <= 40; n++) {
      const v = await vault.addVersion(document.id, { pdf, uploader: "clerk-1", action: "upload" });
      // Every other version has its entry; the rest were left by crashes.
      if (n % 2 === 0) await f.log.append({ actor: "clerk-1", action: "document.version", documentId: document.id, version: n, sha256: v.sha256, outcome: "success" });
    }
    const reads = vi.spyOn(f.log, "entriesForDocument");
    const recorded = await recordUnauditedVersions(await open(f.store), f.log, { graceMs: 0 });
    expect(recorded.map((r) => r.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 19 }, (_, i) => 2 * i + 3));
    expect(reads.mock.calls.length).toBeLessThanOrEqual(2);
  });
});
