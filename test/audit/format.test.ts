import { createPrivateKey } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LogKey, loadOrCreateLogKey } from "../../src/audit/index.js";
import { checkpointBody, parseCheckpointBody } from "../../src/audit/checkpoint.js";
import { decodeEntry, encodeEntry, GENESIS_HASH, validateEvent, type AuditEntry } from "../../src/audit/entry.js";
import { parseVerifierKey, verifierKey } from "../../src/audit/signedNote.js";
import { tempDir } from "./fixtures.js";

// The reference example of golang.org/x/mod/sumdb/note (the C2SP signed-note reference implementation).
const VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const SKEY_SEED = Buffer.from("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "base64").subarray(1);
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const SIG = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

function peterNeumann(): LogKey {
  const pub = parseVerifierKey(VKEY)!.publicKey;
  const key = createPrivateKey({ key: { kty: "OKP", crv: "Ed25519", d: SKEY_SEED.toString("base64url"), x: pub.toString("base64url") }, format: "jwk" });
  return new LogKey("PeterNeumann", key);
}

describe("signed notes (C2SP)", () => {
  it("reproduces the reference note, key id and verifier key byte for byte", () => {
    const key = peterNeumann();
    expect(key.verifierKey).toBe(VKEY);
    expect(key.sign(TEXT)).toBe(`${TEXT}\n${SIG}`);
    expect(key.verify(`${TEXT}\n${SIG}`)).toEqual({ ok: true, body: TEXT });
  });

  it("rejects an altered text, a foreign key and a malformed verifier key", () => {
    const key = peterNeumann();
    expect(key.verify(`${TEXT.replace("cryptography", "cryptographY")}\n${SIG}`).ok).toBe(false);
    expect(key.verify(`${TEXT}\n\u2014 Someone ${SIG.split(" ")[2]}`)).toEqual({ ok: false, reason: "not signed by the log key" });
    expect(parseVerifierKey(VKEY.replace("c74f20a3", "c74f20a4"))).toBeNull();
    expect(verifierKey("PeterNeumann", parseVerifierKey(VKEY)!.publicKey)).toBe(VKEY);
  });

  it("creates the log key once, mode 0600, and reuses it", async () => {
    const dir = await tempDir();
    try {
      const file = path.join(dir, "k", "audit-key.pem");
      const [a, b] = await Promise.all([loadOrCreateLogKey(file, "x.test/log"), loadOrCreateLogKey(file, "x.test/log")]);
      expect(a.publicKey.equals(b.publicKey)).toBe(true);
      expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
      expect((await loadOrCreateLogKey(file, "x.test/log")).verifierKey).toBe(a.verifierKey);
      await fs.writeFile(path.join(dir, "bad.pem"), "not a key");
      await expect(loadOrCreateLogKey(path.join(dir, "bad.pem"), "x")).rejects.toThrow(/not a PEM private key/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe("checkpoint body (C2SP tlog-checkpoint)", () => {
  it("is origin, size, base64 root, then the time extension line", () => {
    const root = Buffer.alloc(32, 7);
    const body = checkpointBody({ origin: "o.test/log", size: 42, root, time: "2026-01-02T03:04:05.000Z" });
    expect(body).toBe(`o.test/log\n42\n${root.toString("base64")}\ntime 2026-01-02T03:04:05.000Z\n`);
    expect(parseCheckpointBody(body)).toEqual({ origin: "o.test/log", size: 42, root, time: "2026-01-02T03:04:05.000Z" });
    expect(parseCheckpointBody("o\n01\nAAAA\n")).toMatch(/size/);
    expect(parseCheckpointBody(`o\n1\n${root.toString("base64")}`)).toMatch(/newline/);
  });
});

describe("entry encoding", () => {
  const entry: AuditEntry = {
    seq: 3,
    time: "2026-01-02T03:04:05.000Z",
    actor: "officer-1",
    action: "document.sign",
    documentId: "doc-1",
    version: 2,
    sha256: "a".repeat(64),
    outcome: "success",
    detail: "reason: approved; स्थान: दिल्ली",
    prevHash: GENESIS_HASH,
  };

  it("has a fixed key order and round-trips, UTF-8 included", () => {
    const bytes = encodeEntry(entry);
    expect(Object.keys(JSON.parse(bytes.toString("utf8")))).toEqual(["seq", "time", "actor", "action", "documentId", "version", "sha256", "outcome", "detail", "prevHash"]);
    expect(encodeEntry({ ...entry, detail: undefined, documentId: undefined }).toString()).not.toContain("detail");
    expect(decodeEntry(bytes)).toEqual(entry);
    // A file movement's entry names its file and event, between sha256 and outcome; older entries encode as before.
    const move: AuditEntry = { ...entry, action: "file.forward", documentId: undefined, version: undefined, sha256: undefined, fileId: "f-1", fileEvent: 7 };
    const moveBytes = encodeEntry(move);
    expect(Object.keys(JSON.parse(moveBytes.toString("utf8")))).toEqual(["seq", "time", "actor", "action", "fileId", "fileEvent", "outcome", "detail", "prevHash"]);
    expect(decodeEntry(moveBytes)).toEqual({ seq: 3, time: entry.time, actor: "officer-1", action: "file.forward", fileId: "f-1", fileEvent: 7, outcome: "success", detail: entry.detail, prevHash: GENESIS_HASH });
  });

  it("rejects non-canonical or invalid stored bytes", () => {
    const o = JSON.parse(encodeEntry(entry).toString("utf8")) as Record<string, unknown>;
    const reordered = Buffer.from(JSON.stringify({ prevHash: o.prevHash, ...o }));
    expect(decodeEntry(reordered)).toBe("not in canonical form");
    expect(decodeEntry(Buffer.from(JSON.stringify({ ...o, extra: 1 })))).toMatch(/unknown field/);
    expect(decodeEntry(Buffer.from("{"))).toBe("not valid JSON");
    expect(decodeEntry(Buffer.from(JSON.stringify({ ...o, outcome: "maybe" })))).toMatch(/outcome/);
  });

  it("validates events from callers", () => {
    const ok = { actor: "a", action: "document.upload", outcome: "success" as const };
    expect(validateEvent(ok)).toEqual(ok);
    expect(() => validateEvent({ ...ok, action: "Bad Action" })).toThrow(/action/);
    expect(() => validateEvent({ ...ok, documentId: "../x" })).toThrow(/documentId/);
    expect(() => validateEvent({ ...ok, sha256: "XYZ" })).toThrow(/sha256/);
    expect(() => validateEvent({ ...ok, fileId: "a/b" })).toThrow(/fileId/);
    expect(() => validateEvent({ ...ok, fileEvent: 0 })).toThrow(/fileEvent/);
    expect(() => validateEvent({ ...ok, actor: "" })).toThrow(/actor/);
  });
});
