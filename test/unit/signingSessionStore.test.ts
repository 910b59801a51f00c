import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MoharError } from "../../src/errors.js";
import { newSessionId, type SigningSession } from "../../src/signing/signingSession.js";
import { sessionStoreFixture } from "../helpers/sessionStoreFixture.js";

describe("SigningSessionStore", () => {
  const f = sessionStoreFixture("mohar-sessions-");

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

  it("round-trips a session (prepared PDF in the f.store, the rest in the database) and never overwrites it", async () => {
    const id = newSessionId();
    await f.sessions.save(session(id));
    expect(await f.sessions.load(id)).toEqual(session(id));
    await expect(f.sessions.save(session(id))).rejects.toMatchObject({ kind: "conflict" });
    expect(await fs.readdir(path.join(f.dir, "signing-sessions", id))).toEqual(["prepared.pdf"]);
    expect(await f.db.selectFrom("signing_sessions").select("id").where("id", "=", id).execute()).toEqual([{ id }]);
  });

  it("records a completion's result, and opens the session again when its version is taken back", async () => {
    const id = newSessionId();
    await f.sessions.save(session(id));
    await f.sessions.markCompleted(id, new Date());
    await f.sessions.recordResult(id, { documentId: "doc1", version: 3 });
    expect(await f.sessions.result(id)).toEqual({ documentId: "doc1", version: 3 });
    await f.sessions.reopen(id);
    expect(await f.sessions.result(id)).toBeNull();
    expect(await f.sessions.isCompleted(id)).toBe(false);
    await f.sessions.markCompleted(id, new Date());
  });

  it("reports unknown and malformed ids as not found", async () => {
    await expect(f.sessions.load(newSessionId())).rejects.toMatchObject({ kind: "not_found", code: "signing.session_not_found" });
    await expect(f.sessions.load("../../etc/passwd")).rejects.toBeInstanceOf(MoharError);
  });

  it("lets only the first completion claim a session", async () => {
    const id = newSessionId();
    await f.sessions.save(session(id));
    expect(await f.sessions.isCompleted(id)).toBe(false);
    await f.sessions.markCompleted(id, new Date());
    expect(await f.sessions.isCompleted(id)).toBe(true);
    await expect(f.sessions.markCompleted(id, new Date())).rejects.toMatchObject({ kind: "conflict", code: "signing.session_completed" });
  });
});
