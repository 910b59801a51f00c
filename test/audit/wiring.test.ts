import { createHash, sign as nodeSign } from "node:crypto";
import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry, TimelineStep } from "../../src/audit/index.js";
import { decodePkcs12 } from "../../src/pki/index.js";
import { uploadForm } from "../helpers/forms.js";
import { DEV_P12_PASSWORD, devOfficer } from "../helpers/devSigning.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const form = uploadForm;

describe("routers record their actions in the audit log", () => {
  let srv: TestServer;
  let pdf: Buffer;
  const entriesSince = async (from: number): Promise<AuditEntry[]> =>
    ((await (await srv.request(`/v1/audit/entries?from=${from}&to=${from + 100}`, { as: "auditor" })).json()) as { entries: AuditEntry[] }).entries;
  const size = (): number => srv.running.services.audit.size;

  beforeAll(async () => {
    srv = await startTestServer();
    pdf = await fs.readFile("samples/draft-letter-en.pdf");
  });
  afterAll(async () => {
    await srv.close();
  });

  it("upload, new version and downloads (whole and ranged) each leave one entry; a 304 does not", async () => {
    const start = size();
    const created = await srv.request("/v1/documents", { method: "POST", as: "clerk", body: form({ title: "Letter", fileNumber: "F.1/2026", kind: "letter" }, pdf) });
    expect(created.status).toBe(201);
    const { id, sha256 } = (await created.json()) as { id: string; sha256: string };
    expect((await srv.request(`/v1/documents/${id}/versions`, { method: "POST", as: "clerk", body: form({}, pdf) })).status).toBe(201);
    expect((await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "officer" })).status).toBe(200);
    expect((await srv.request(`/v1/documents/${id}/versions/2/content`, { as: "officer", headers: { range: "bytes=0-99" } })).status).toBe(206);
    const cached = await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "officer", headers: { "if-none-match": `"${sha256}"` } });
    expect(cached.status).toBe(304);

    const entries = await entriesSince(start);
    expect(entries.map((e) => [e.action, e.documentId, e.version, e.sha256, e.outcome, e.detail])).toEqual([
      ["document.upload", id, 1, sha256, "success", undefined],
      ["document.version", id, 2, sha256, "success", undefined],
      ["document.download", id, 1, sha256, "success", undefined],
      ["document.download", id, 2, sha256, "success", "bytes 0-99"],
    ]);
    const timeline = (await (await srv.request(`/v1/documents/${id}/timeline`, { as: "auditor" })).json()) as { steps: TimelineStep[] };
    expect(timeline.steps.map((s) => s.action)).toEqual(["document.upload", "document.version", "document.download", "document.download"]);
  });

  it("failed attempts are recorded with the error code", async () => {
    const start = size();
    expect((await srv.request("/v1/documents", { method: "POST", as: "clerk", body: form({ title: "x", fileNumber: "F.2", kind: "letter" }, Buffer.from("not a pdf")) })).status).toBe(415);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await srv.request(`/v1/documents/${unknown}/versions/1/content`, { as: "officer" })).status).toBe(404);
    expect((await srv.request("/v1/officers", { method: "POST", as: "admin", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: "x" }) })).status).toBe(400);

    const entries = await entriesSince(start);
    expect(entries.map((e) => [e.action, e.documentId, e.outcome])).toEqual([
      ["document.upload", undefined, "failure"],
      ["document.download", unknown, "failure"],
      ["officer.register", undefined, "failure"],
    ]);
    expect(entries.every((e) => /^[a-z0-9_.]+: /.test(e.detail ?? ""))).toBe(true);
  });

  it("verifications, of an upload and of a stored version, are recorded with the sha256 and verdict", async () => {
    const created = await srv.request("/v1/documents", { method: "POST", as: "clerk", body: form({ title: "L", fileNumber: "F.3", kind: "letter" }, pdf) });
    const { id } = (await created.json()) as { id: string };
    const start = size();
    expect((await srv.request("/v1/verify", { method: "POST", as: "auditor", body: form({}, pdf) })).status).toBe(200);
    expect((await srv.request(`/v1/documents/${id}/versions/1/verification`, { as: "auditor" })).status).toBe(200);
    expect((await srv.request("/v1/verify", { method: "POST", as: "auditor", body: form({}, Buffer.from("%PDF-1.7 junk")) })).status).toBeGreaterThanOrEqual(400);
    const sha256 = createHash("sha256").update(pdf).digest("hex");
    const entries = await entriesSince(start);
    expect(entries.map((e) => [e.action, e.documentId, e.version, e.sha256, e.outcome])).toEqual([
      ["document.verify", undefined, undefined, sha256, "success"],
      ["document.verify", id, 1, sha256, "success"],
      ["document.verify", undefined, undefined, undefined, "failure"],
    ]);
    expect(entries[0]!.detail).toMatch(/, 0 signature\(s\)$/);
  });

  it("signatures, two-phase prepare and complete, and failed signing attempts are recorded", async () => {
    // Each officer signs only with a key bound to that officer.
    const keys = new Map<string, string>();
    for (const officer of ["anita-sharma", "expired-officer", "rajesh-verma"]) keys.set(officer, await srv.createKey("officer", officer));
    const post = (p: string, body: unknown, officer: string): Promise<Response> =>
      srv.request(p, { method: "POST", key: keys.get(officer), headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const notesheet = await fs.readFile("samples/notesheet-en.pdf");
    const { id } = (await (await srv.request("/v1/documents", { method: "POST", as: "clerk", body: form({ title: "N", fileNumber: "F.4", kind: "notesheet" }, notesheet) })).json()) as { id: string };
    const start = size();

    expect((await post(`/v1/documents/${id}/signatures`, { officerId: "anita-sharma" }, "anita-sharma")).status).toBe(201);
    expect((await post(`/v1/documents/${id}/signatures`, { officerId: "expired-officer" }, "expired-officer")).status).toBe(422);
    const prep = await post(`/v1/documents/${id}/signatures/prepare`, { officerId: "rajesh-verma" }, "rajesh-verma");
    expect(prep.status).toBe(201);
    const session = (await prep.json()) as { sessionId: string; signedAttributes: string };
    expect((await post(`/v1/signing-sessions/${session.sessionId}/complete`, { signature: Buffer.alloc(256, 7).toString("base64") }, "rajesh-verma")).status).toBe(422);
    const { privateKey } = decodePkcs12(await fs.readFile((await devOfficer("rajesh-verma")).p12), DEV_P12_PASSWORD, "test");
    const signature = nodeSign("sha256", Buffer.from(session.signedAttributes, "base64"), privateKey).toString("base64");
    const done = await post(`/v1/signing-sessions/${session.sessionId}/complete`, { signature }, "rajesh-verma");
    expect(done.status).toBe(201);
    const signed = (await done.json()) as { version: number; sha256: string };

    const entries = await entriesSince(start);
    expect(entries.map((e) => [e.action, e.documentId, e.version, e.outcome])).toEqual([
      ["document.sign", id, 2, "success"],
      ["document.sign", id, undefined, "failure"],
      ["signing.prepare", id, 2, "success"],
      ["signing.complete", id, 2, "failure"],
      ["signing.complete", id, 3, "success"],
    ]);
    expect(entries[0]!.detail).toBe("officer anita-sharma signed version 1");
    expect(entries[4]).toMatchObject({ sha256: signed.sha256, detail: `officer rajesh-verma signed version 2, session ${session.sessionId}` });
    expect(entries[3]!.detail).toMatch(/^signature\.mismatch: /);
  });

  it("refusals before a route runs (the wrong role, an unreadable body) are recorded for authenticated callers only", async () => {
    const { id } = (await (await srv.request("/v1/documents", { method: "POST", as: "clerk", body: form({ title: "R", fileNumber: "F.5", kind: "letter" }, pdf) })).json()) as { id: string };
    const start = size();
    const json = (body: string): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body });
    expect((await srv.request(`/v1/documents/${id}/signatures`, { ...json('{"officerId":"anita-sharma"}'), as: "clerk" })).status).toBe(403);
    expect((await srv.request(`/v1/documents/${id}/signatures`, { ...json("{not json"), as: "officer" })).status).toBe(400);
    expect((await srv.request("/v1/officers", { ...json("{}"), as: "clerk" })).status).toBe(403);
    // Not recorded: no credential (anyone could flood the log), and reads.
    expect((await srv.request(`/v1/documents/${id}/signatures`, json('{"officerId":"anita-sharma"}'))).status).toBe(401);
    expect((await srv.request("/v1/audit/entries", { as: "clerk" })).status).toBe(403);
    const entries = await entriesSince(start);
    expect(entries.map((e) => [e.actor, e.action, e.documentId, e.outcome, e.detail?.split(":")[0]])).toEqual([
      [srv.actorIds.clerk, "document.sign", id, "failure", "auth.role"],
      [srv.actorIds.officer, "document.sign", id, "failure", "request.entity.parse.failed"],
      [srv.actorIds.clerk, "officer.register", undefined, "failure", "auth.role"],
    ]);
  });

  it("pages a long timeline with ?from=", async () => {
    const { id } = (await (await srv.request("/v1/documents", { method: "POST", as: "clerk", body: form({ title: "T", fileNumber: "F.6", kind: "letter" }, pdf) })).json()) as { id: string };
    for (let i = 0; i < 3; i += 1) expect((await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk" })).status).toBe(200);
    const all = (await (await srv.request(`/v1/documents/${id}/timeline`, { as: "auditor" })).json()) as { steps: Array<{ seq: number }>; next: number | null };
    expect(all.steps).toHaveLength(4);
    expect(all.next).toBeNull();
    const rest = (await (await srv.request(`/v1/documents/${id}/timeline?from=${all.steps[2]!.seq}`, { as: "auditor" })).json()) as { steps: Array<{ seq: number }> };
    expect(rest.steps.map((st) => st.seq)).toEqual(all.steps.slice(2).map((st) => st.seq));
  });
});
