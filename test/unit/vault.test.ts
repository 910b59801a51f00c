import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/index.js";
import { FsObjectStore, type ObjectStore } from "../../src/store/index.js";
import { Vault } from "../../src/vault/index.js";
import { makePdf } from "../helpers/pdfs.js";
import { openTestDatabase, type TestDatabase } from "../helpers/testDatabase.js";

const sha = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

/** Makes the database's next insert of a version row fail (a sequence: not undone with the transaction). */
async function failNextVersionRow(db: Kysely<Database>): Promise<void> {
  await sql`create sequence if not exists fail_version_rows`.execute(db);
  await sql`select setval('fail_version_rows', 1, false)`.execute(db);
  await sql`create or replace function fail_version_row() returns trigger language plpgsql as $$
    begin
      if nextval('fail_version_rows') = 1 then raise exception 'injected: the database went away'; end if;
      return new;
    end $$`.execute(db);
  await sql`drop trigger if exists fail_version_row on versions`.execute(db);
  await sql`create trigger fail_version_row before insert on versions for each row execute function fail_version_row()`.execute(db);
}

describe("Vault", () => {
  let dir: string;
  let store: ObjectStore;
  let vault: Vault;
  let pdf: Buffer;
  let t: TestDatabase;
  let db: Kysely<Database>;
  beforeAll(async () => {
    t = await openTestDatabase();
    db = t.db;
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-vault-"));
    store = await FsObjectStore.open(dir);
    await db.deleteFrom("documents").execute();
    vault = await Vault.open(store, db);
    pdf = await makePdf({ pages: 2, text: "draft" });
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const create = (fileNumber = "F.No. 1/2/2026-Admin") =>
    vault.createDocument({ title: "Leave policy", fileNumber, kind: "letter", createdBy: "clerk-1", pdf });

  it("creates a document with version 1 and reads it back", async () => {
    const { document, version } = await create();
    expect(version).toMatchObject({ n: 1, sha256: sha(pdf), size: pdf.length, pageCount: 2, uploader: "clerk-1", derivedFrom: null, action: "upload" });
    const view = await vault.getDocument(document.id);
    expect(view).toMatchObject({ id: document.id, title: "Leave policy", fileNumber: "F.No. 1/2/2026-Admin", kind: "letter", createdBy: "clerk-1" });
    expect(view.versions).toEqual([version]);
    expect((await vault.readVersion(document.id, 1)).equals(pdf)).toBe(true);
    const ranged = await vault.openVersion(document.id, 1, { start: 0, end: 7 });
    expect(Buffer.concat(await ranged.toArray()).toString("latin1")).toBe("%PDF-1.7");
    // The PDF in the store, everything else in the database.
    expect((await store.list("")).map((o) => o.key)).toEqual([`documents/${document.id}/v/1.pdf`]);
    expect(await db.selectFrom("versions").select(["document_id", "n", "sha256"]).execute()).toEqual([{ document_id: document.id, n: 1, sha256: sha(pdf) }]);
  });

  it("keeps the page count of the version that mohar's own update extends, and refuses a PDF that does not extend it", async () => {
    const { document } = await create();
    const update = Buffer.concat([pdf, Buffer.from("\n% an incremental update\n", "latin1")]);
    const add = (body: Buffer, derivedFrom?: number) =>
      vault.addVersion(document.id, { pdf: body, uploader: "officer-1", action: "signature", derivedFrom, appendsToDerivedFrom: true });
    expect(await add(update, 1)).toMatchObject({ n: 2, derivedFrom: 1, pageCount: 2, sha256: sha(update), size: update.length });
    const altered = Buffer.from(update);
    altered[20] = (altered[20] ?? 0) ^ 1;
    for (const [body, from] of [[await makePdf({ text: "other" }), 1], [pdf, 1], [altered, 1], [update, undefined], [update, 7]] as const) {
      await expect(add(body, from)).rejects.toMatchObject({ kind: "bad_input", code: "vault.not_an_update" });
    }
    expect((await vault.getDocument(document.id)).versions).toHaveLength(2);
    expect(await vault.latestVersion(document.id)).toBe(2);
    await expect(vault.latestVersion("6f1c7a52-9d1e-4c59-9a1e-1d2b3c4d5e6f")).rejects.toMatchObject({ code: "document.not_found" });
  });

  it("adds versions derived from the latest one, or from the one named", async () => {
    const { document } = await create();
    const v2 = await vault.addVersion(document.id, { pdf: await makePdf({ text: "revised" }), uploader: "clerk-2", action: "upload" });
    expect(v2).toMatchObject({ n: 2, derivedFrom: 1, uploader: "clerk-2", pageCount: 1 });
    const v3 = await vault.addVersion(document.id, {
      pdf,
      uploader: "officer-1",
      action: "signature",
      derivedFrom: 1,
      signature: { officerId: "o-1", reason: "approved" },
    });
    expect(v3).toMatchObject({ n: 3, derivedFrom: 1, action: "signature", signature: { officerId: "o-1", reason: "approved" } });
    expect(await vault.versionRecord(document.id, 3)).toEqual(v3);
    await expect(vault.addVersion(document.id, { pdf, uploader: "x", action: "upload", derivedFrom: 9 })).rejects.toMatchObject({
      kind: "bad_input",
      code: "vault.bad_derived_from",
    });
  });

  it("stores nothing when the PDF or the fields are bad", async () => {
    await expect(vault.createDocument({ title: "t", fileNumber: "f", kind: "letter", createdBy: "c", pdf: Buffer.from("not a pdf") })).rejects.toMatchObject({
      code: "pdf.not_pdf",
    });
    await expect(vault.createDocument({ title: "t", fileNumber: "f", kind: "memo", createdBy: "c", pdf })).rejects.toMatchObject({
      kind: "bad_input",
      code: "vault.bad_kind",
    });
    await expect(vault.createDocument({ title: " ", fileNumber: "f", kind: "letter", createdBy: "c", pdf })).rejects.toMatchObject({
      code: "vault.title_required",
    });
    expect(await store.list("")).toEqual([]);
    expect(await db.selectFrom("documents").selectAll().execute()).toEqual([]);
    const small = await Vault.open(store, db, { maxPages: 1 });
    await expect(small.createDocument({ title: "t", fileNumber: "f", kind: "letter", createdBy: "c", pdf })).rejects.toMatchObject({
      code: "pdf.too_many_pages",
    });
  });

  it("answers not_found for unknown documents and versions", async () => {
    const { document } = await create();
    const calls: (() => Promise<unknown>)[] = [
      () => vault.getDocument("6f1c7a52-9d1e-4c59-9a1e-1d2b3c4d5e6f"),
      () => vault.getDocument("../etc"),
      () => vault.versionRecord(document.id, 2),
      () => vault.versionRecord(document.id, 0),
      () => vault.readVersion(document.id, 5),
      () => vault.openVersion(document.id, 2),
      () => vault.addVersion("6f1c7a52-9d1e-4c59-9a1e-1d2b3c4d5e6f", { pdf, uploader: "u", action: "upload" }),
    ];
    for (const call of calls) {
      await expect(call()).rejects.toMatchObject({ kind: "not_found" });
    }
  });

  it("lists documents by file number through the index", async () => {
    const a = await create("F-1");
    const b = await create("F-1");
    const c = await create("F-10");
    const dot = await create("..");
    const slash = await create("A/B 7");
    expect((await vault.listByFileNumber("F-1")).map((d) => d.id)).toEqual([a.document.id, b.document.id]);
    expect((await vault.listByFileNumber("F-10")).map((d) => d.id)).toEqual([c.document.id]);
    expect((await vault.listByFileNumber("..")).map((d) => d.id)).toEqual([dot.document.id]);
    expect((await vault.listByFileNumber("A/B 7")).map((d) => d.id)).toEqual([slash.document.id]);
    expect(await vault.listByFileNumber("F-2")).toEqual([]);
    expect((await vault.listByFileNumber("F-1"))[0]?.versions.map((v) => v.n)).toEqual([1]);
  });

  it("files documents under the longest allowed Devanagari file number, and lists none for a PDF a crash left without its row", async () => {
    // 200 Devanagari characters: 600 bytes of UTF-8.
    const long = "फ.सं. १/२/२०२६-प्रशा".repeat(10).slice(0, 200);
    const a = await create(long);
    expect((await vault.listByFileNumber(long)).map((d) => d.id)).toEqual([a.document.id]);
    // An upload that crashed after its PDF but before its rows.
    await store.putIfAbsent("documents/6f1c7a52-9d1e-4c59-9a1e-1d2b3c4d5e6f/v/1.pdf", pdf);
    expect((await vault.listByFileNumber(long)).map((d) => d.id)).toEqual([a.document.id]);
    await expect(vault.getDocument("6f1c7a52-9d1e-4c59-9a1e-1d2b3c4d5e6f")).rejects.toMatchObject({ code: "document.not_found" });
  });

  it("numbers 20 concurrent versions without gaps or duplicates", async () => {
    const { document } = await create();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => vault.addVersion(document.id, { pdf, uploader: `u${i}`, action: "upload" })),
    );
    expect(results.map((r) => r.n).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect((await vault.getDocument(document.id)).versions.map((v) => v.n)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  });

  it("numbers versions from two vault instances on one store without gaps or duplicates", async () => {
    const { document } = await create();
    const other = await Vault.open(store, db);
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? vault : other).addVersion(document.id, { pdf, uploader: `u${i}`, action: "upload" })),
    );
    expect(results.map((r) => r.n).sort((x, y) => x - y)).toEqual(Array.from({ length: 16 }, (_, i) => i + 2));
    expect((await vault.getDocument(document.id)).versions.map((v) => v.n)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
  });

  it("publishes only one of two updates of the same version, from two instances, and refuses the other as superseded", async () => {
    const { document } = await create();
    const other = await Vault.open(store, db);
    const updates = ["first", "second"].map((tag) => Buffer.concat([pdf, Buffer.from(`\n% update by ${tag}\n`, "latin1")]));
    const results = await Promise.allSettled(
      updates.map((body, i) =>
        (i ? other : vault).addVersion(document.id, { pdf: body, uploader: `officer-${i}`, action: "signature", derivedFrom: 1, appendsToDerivedFrom: true }),
      ),
    );
    const published = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(published).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ kind: "conflict", code: "version.superseded" });
    expect((await vault.getDocument(document.id)).versions.map((v) => [v.n, v.derivedFrom])).toEqual([
      [1, null],
      [2, 1],
    ]);
  });

  it("takes over a PDF a crash left without its row when it holds the same bytes, and frees one that does not once old enough", async () => {
    const { document } = await create();
    // What a crash between the PDF write and the row leaves behind: invisible, its number free.
    await store.putIfAbsent(`documents/${document.id}/v/2.pdf`, pdf);
    expect((await vault.getDocument(document.id)).versions.map((v) => v.n)).toEqual([1]);
    await expect(vault.readVersion(document.id, 2)).rejects.toMatchObject({ kind: "not_found" });
    // The retry of the same version needs no wait.
    const started = Date.now();
    expect((await vault.addVersion(document.id, { pdf, uploader: "u", action: "upload" })).n).toBe(2);
    expect(Date.now() - started).toBeLessThan(2000);
    // Other bytes: freed when older than the grace period (0 here).
    await store.putIfAbsent(`documents/${document.id}/v/3.pdf`, Buffer.from("left by a crash"));
    const reopened = await Vault.open(store, db, { orphanGraceMs: 0 });
    expect((await reopened.addVersion(document.id, { pdf, uploader: "u", action: "upload" })).n).toBe(3);
    expect((await reopened.readVersion(document.id, 3)).equals(pdf)).toBe(true);
  });

  it("removes its own PDF when the row fails, so the next version need not wait out the grace period", async () => {
    const { document } = await create();
    await failNextVersionRow(db);
    const other = await makePdf({ text: "other" });
    await expect(vault.addVersion(document.id, { pdf: other, uploader: "u", action: "upload" })).rejects.toThrow(/injected/);
    expect(await store.head(`documents/${document.id}/v/2.pdf`)).toBeNull();
    const started = Date.now();
    expect((await vault.addVersion(document.id, { pdf, uploader: "u", action: "upload" })).n).toBe(2);
    expect(Date.now() - started).toBeLessThan(2000);
    await sql`drop trigger fail_version_row on versions`.execute(db);
  });

  it("takes back the latest version (and with version 1 its document), PDF and row", async () => {
    const { document, version } = await create();
    const v2 = await vault.addVersion(document.id, { pdf: await makePdf({ text: "v2" }), uploader: "u", action: "upload" });
    expect(await vault.withdrawLatest(document.id, 1, version.sha256)).toBe(false);
    expect(await vault.withdrawLatest(document.id, 2, v2.sha256)).toBe(true);
    expect(await store.head(`documents/${document.id}/v/2.pdf`)).toBeNull();
    expect(await vault.latestVersion(document.id)).toBe(1);
    expect(await vault.withdrawLatest(document.id, 1, version.sha256)).toBe(true);
    await expect(vault.getDocument(document.id)).rejects.toMatchObject({ code: "document.not_found" });
  });

  it("keeps a fresh orphan until the grace period, then frees the number it blocks", async () => {
    const graceful = await Vault.open(store, db, { orphanGraceMs: 1500 });
    const { document } = await graceful.createDocument({ title: "t", fileNumber: "f", kind: "notesheet", createdBy: "c", pdf });
    await store.putIfAbsent(`documents/${document.id}/v/2.pdf`, Buffer.from("orphan"));
    expect(await graceful.cleanup()).toBe(0);
    const started = Date.now();
    const v2 = await graceful.addVersion(document.id, { pdf, uploader: "u", action: "upload" });
    expect(v2.n).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect((await graceful.readVersion(document.id, 2)).equals(pdf)).toBe(true);
  });

  it("after a restart, frees a number a crash left blocked once it is confirmed, without waiting out the grace period (issue #19: up to 30 s)", async () => {
    const { document } = await vault.createDocument({ title: "t", fileNumber: "f", kind: "notesheet", createdBy: "c", pdf });
    // The crash: version 2's PDF written, its record never.
    await store.putIfAbsent(`documents/${document.id}/v/2.pdf`, Buffer.from("left by a crash"));
    const restarted = await Vault.open(store, db, { orphanConfirmMs: 300 });
    const started = Date.now();
    const v2 = await restarted.addVersion(document.id, { pdf, uploader: "u", action: "upload" });
    const waited = Date.now() - started;
    expect(v2.n).toBe(2);
    expect(waited).toBeLessThan(5_000);
    expect((await restarted.readVersion(document.id, 2)).equals(pdf)).toBe(true);
    // A PDF that appears after the vault opened (another instance publishing) still gets the whole grace period.
    await store.putIfAbsent(`documents/${document.id}/v/3.pdf`, Buffer.from("another instance, mid-publish"));
    const other = restarted.addVersion(document.id, { pdf, uploader: "u", action: "upload" });
    await new Promise((r) => setTimeout(r, 1000));
    await db.insertInto("versions").values({ document_id: document.id, n: 3, sha256: "0".repeat(64), size: 1, page_count: 1, created_at: new Date(), uploader: "x", derived_from: 2, action: "upload", signature: null }).execute();
    expect((await other).n).toBe(4);
  });
});
