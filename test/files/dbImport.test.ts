import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKeyStore } from "../../src/auth/index.js";
import { importStoreMetadata } from "../../src/dbImport.js";
import { OfficerRegistry, type Officer } from "../../src/officers/index.js";
import { SigningSessionStore, type SessionRecord } from "../../src/signing/index.js";
import { FsObjectStore } from "../../src/store/index.js";
import { Vault } from "../../src/vault/index.js";
import { certsDev } from "../helpers/devSigning.js";
import { LegacyStoreWriter } from "../helpers/legacyStore.js";
import { makePdf } from "../helpers/pdfs.js";
import { openTestDatabase, type TestDatabase } from "../helpers/testDatabase.js";

/**
 * `mohar db import` (#12): a store written by the release before the database (its JSON layout,
 * written as that release wrote it) is read into the database; every version is found, whole;
 * a second run adds nothing and changes nothing.
 */
describe("importing a store's JSON metadata into the database", () => {
  let dir: string;
  let t: TestDatabase;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-import-"));
    t = await openTestDatabase();
  });
  afterAll(async () => {
    await t.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("finds every version, officer, key and session, and is idempotent", async () => {
    const store = await FsObjectStore.open(dir);
    const old = new LegacyStoreWriter(store);
    const pdfs = await Promise.all(["A v1", "A v2", "B v1", "C v1"].map((text) => makePdf({ text })));
    const signed = Buffer.concat([pdfs[1]!, Buffer.from("\n% signed\n", "latin1")]);
    const a = await old.createDocument({ title: "Tour programme", fileNumber: "F.No. 7/1/2026-Admin", kind: "letter", createdBy: "apikey:clerk", pdf: pdfs[0]!, pageCount: 1 });
    await old.addVersion(a.document.id, pdfs[1]!, 1, { uploader: "apikey:clerk", action: "upload", derivedFrom: 1 });
    await old.addVersion(a.document.id, signed, 1, { uploader: "apikey:officer", action: "signature", derivedFrom: 2, signature: { officerId: "anita-sharma", fieldName: "Signature1" } });
    await old.orphanPdf(a.document.id, 4, pdfs[3]!);
    const b = await old.createDocument({ title: "नोटशीट", fileNumber: "फ.सं. १/२/२०२६-प्रशा", kind: "notesheet", createdBy: "apikey:clerk", pdf: pdfs[2]!, pageCount: 1 });
    const c = await old.createDocument({ title: "Same file", fileNumber: "F.No. 7/1/2026-Admin", kind: "other", createdBy: "apikey:clerk", pdf: pdfs[3]!, pageCount: 1 });
    // An upload that crashed before its description: a record, but no document.
    await store.putIfAbsent("documents/6f1c7a52-9d1e-4c59-9a1e-1d2b3c4d5e6f/v/1.pdf", pdfs[3]!);
    await store.putIfAbsent("documents/6f1c7a52-9d1e-4c59-9a1e-1d2b3c4d5e6f/v/1.json", Buffer.from(JSON.stringify({ ...c.version })));
    const clerk = await old.createApiKey({ role: "clerk", name: "desk 4" });
    const gone = await old.createApiKey({ role: "auditor", name: "left" });
    await old.revokeApiKey(gone.record.keyId);
    const certificatePem = await fs.readFile(path.join(certsDev, "officers", "anita-sharma.pem"), "utf8");
    const officer: Officer = { id: "anita-sharma", name: "Anita Sharma", designation: "Under Secretary", department: "Admin", certificatePem, key: { type: "p12", path: path.join(certsDev, "officers", "anita-sharma.p12") }, createdAt: new Date().toISOString() };
    await old.putOfficer(officer, []);
    const session: SessionRecord = {
      id: "AAAAAAAAAAAAAAAAAAAAAA",
      officer: { officerId: "anita-sharma", name: "Anita Sharma" },
      documentId: a.document.id,
      version: 2,
      fieldName: "Signature1",
      signingTime: "2026-11-23T12:00:00.000Z",
      expiresAt: "2026-11-23T12:15:00.000Z",
      byteRange: [0, 10, 20, 30],
      signedAttributes: Buffer.from([0x31, 0x00]).toString("base64"),
      certificate: Buffer.from([0x30, 0x00]).toString("base64"),
      chain: [],
    };
    await old.saveSession(session, Buffer.from("%PDF-1.7 prepared"), { at: new Date("2026-11-23T12:01:00Z"), result: { documentId: a.document.id, version: 3 } });

    const first = await importStoreMetadata(store, t.db);
    expect(first).toEqual({
      documents: { found: 3, versionsFound: 5, versionsAdded: 5 },
      skippedVersions: 1,
      officers: { found: 1, added: 1 },
      apiKeys: { found: 2, added: 2 },
      signingSessions: { found: 1, added: 1 },
      damaged: [],
    });
    const snapshot = async () =>
      Promise.all(["documents", "versions", "officers", "officer_certificates", "api_keys", "signing_sessions"].map((table) => t.db.selectFrom(table as "versions").selectAll().execute()));
    const after = await snapshot();

    const second = await importStoreMetadata(store, t.db);
    expect(second).toEqual({ ...first, documents: { ...first.documents, versionsAdded: 0 }, officers: { found: 1, added: 0 }, apiKeys: { found: 2, added: 0 }, signingSessions: { found: 1, added: 0 } });
    expect(await snapshot()).toEqual(after);

    // Every version, whole (its PDF checked against the imported record), numbered as before.
    const vault = await Vault.open(store, t.db);
    const docA = await vault.getDocument(a.document.id);
    expect(docA).toMatchObject({ title: "Tour programme", fileNumber: "F.No. 7/1/2026-Admin", createdAt: a.document.createdAt });
    expect(docA.versions.map((v) => [v.n, v.action, v.derivedFrom])).toEqual([
      [1, "upload", null],
      [2, "upload", 1],
      [3, "signature", 2],
    ]);
    expect(docA.versions[2]?.signature).toEqual({ officerId: "anita-sharma", fieldName: "Signature1" });
    expect((await vault.readVersion(a.document.id, 3)).equals(signed)).toBe(true);
    expect((await vault.readVersion(b.document.id, 1)).equals(pdfs[2]!)).toBe(true);
    expect((await vault.listByFileNumber("F.No. 7/1/2026-Admin")).map((d) => d.id)).toEqual([a.document.id, c.document.id]);
    expect((await vault.listByFileNumber("फ.सं. १/२/२०२६-प्रशा")).map((d) => d.id)).toEqual([b.document.id]);
    // The next version takes number 4 (the orphan PDF there, other bytes, is freed once old enough).
    const next = await Vault.open(store, t.db, { orphanGraceMs: 0 });
    expect((await next.addVersion(a.document.id, { pdf: pdfs[0]!, uploader: "apikey:clerk", action: "upload" })).n).toBe(4);

    const keys = new ApiKeyStore(t.db);
    expect(await keys.authenticate(clerk.key)).toMatchObject({ id: `apikey:${clerk.record.keyId}`, roles: ["clerk"] });
    await expect(keys.authenticate(gone.key)).rejects.toMatchObject({ code: "auth.invalid_key" });
    const registry = new OfficerRegistry(t.db, { keyPassword: () => "mohar-dev", keyDir: path.join(certsDev, "officers"), pkcs11: null });
    expect(await registry.get("anita-sharma")).toEqual(officer);
    const sessions = new SigningSessionStore(store, t.db);
    expect((await sessions.load(session.id)).preparedPdf.toString()).toBe("%PDF-1.7 prepared");
    expect(await sessions.isCompleted(session.id)).toBe(true);
    expect(await sessions.result(session.id)).toEqual({ documentId: a.document.id, version: 3 });
    await store.close();
  });
});
