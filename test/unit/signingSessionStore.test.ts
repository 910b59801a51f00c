import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MoharError } from "../../src/errors.js";
import { newSessionId, SigningSessionStore, type SigningSession } from "../../src/signing/signingSession.js";
import { FsObjectStore } from "../../src/store/index.js";
import { openTestDatabase, type TestDatabase } from "../helpers/testDatabase.js";

describe("SigningSessionStore", () => {
  let dir: string;
  let sessions: SigningSessionStore;
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-sessions-"));
    sessions = new SigningSessionStore(await FsObjectStore.open(dir), t.db);
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const session = (id: string): SigningSession => ({
    id,
    officer: { officerId: "us-finance", name: "Meera Iyer", designation: "Under Secretary" },
    documentId: "doc1",
    version: 2,
    fieldName: "Signature2",
    signingTime: new Date("2026-11-23T12:00:00Z"),
    expiresAt: new Date("2026-11-23T12:10:00Z"),
    byteRange: [0, 10, 20, 30],
    signedAttributes: Buffer.from([0x31, 0x00]),
    certificate: Buffer.from([0x30, 0x01, 0x02]),
    chain: [Buffer.from([0x30, 0x00])],
    tsaUrl: "http://127.0.0.1:1/tsa",
    preparedPdf: Buffer.from("%PDF-1.7 prepared"),
  });

  it("round-trips a session (prepared PDF in the store, the rest in the database) and never overwrites it", async () => {
    const id = newSessionId();
    await sessions.save(session(id));
    expect(await sessions.load(id)).toEqual(session(id));
    await expect(sessions.save(session(id))).rejects.toMatchObject({ kind: "conflict" });
    expect(await fs.readdir(path.join(dir, "signing-sessions", id))).toEqual(["prepared.pdf"]);
    expect(await t.db.selectFrom("signing_sessions").select("id").where("id", "=", id).execute()).toEqual([{ id }]);
  });

  it("records a completion's result, and opens the session again when its version is taken back", async () => {
    const id = newSessionId();
    await sessions.save(session(id));
    await sessions.markCompleted(id, new Date());
    await sessions.recordResult(id, { documentId: "doc1", version: 3 });
    expect(await sessions.result(id)).toEqual({ documentId: "doc1", version: 3 });
    await sessions.reopen(id);
    expect(await sessions.result(id)).toBeNull();
    expect(await sessions.isCompleted(id)).toBe(false);
    await sessions.markCompleted(id, new Date());
  });

  it("reports unknown and malformed ids as not found", async () => {
    await expect(sessions.load(newSessionId())).rejects.toMatchObject({ kind: "not_found", code: "signing.session_not_found" });
    await expect(sessions.load("../../etc/passwd")).rejects.toBeInstanceOf(MoharError);
  });

  it("lets only the first completion claim a session", async () => {
    const id = newSessionId();
    await sessions.save(session(id));
    expect(await sessions.isCompleted(id)).toBe(false);
    await sessions.markCompleted(id, new Date());
    expect(await sessions.isCompleted(id)).toBe(true);
    await expect(sessions.markCompleted(id, new Date())).rejects.toMatchObject({ kind: "conflict", code: "signing.session_completed" });
  });
});
