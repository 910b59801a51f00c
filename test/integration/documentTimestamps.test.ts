import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../src/audit/index.js";
import { uploadForm } from "../helpers/forms.js";
import { startTestServer, TEST_OFFICER_ID, type TestServer } from "../helpers/server.js";

interface VersionBody {
  version: number;
  action: string;
  derivedFrom: number;
  sha256: string;
}

describe("POST /v1/documents/:id/timestamps", () => {
  let srv: TestServer;
  let id: string;
  beforeAll(async () => {
    srv = await startTestServer();
    const up = await srv.request("/v1/documents", { method: "POST", body: uploadForm({ title: "Letter", fileNumber: "F.1/2026", kind: "letter" }, await fs.readFile("samples/draft-letter-en.pdf")), as: "clerk" });
    expect(up.status).toBe(201);
    id = ((await up.json()) as { id: string }).id;
    const signed = await srv.request(`/v1/documents/${id}/signatures`, {
      method: "POST",
      as: "officer",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ officerId: TEST_OFFICER_ID, reason: "Approved", timestamp: true }),
    });
    expect(signed.status, await signed.clone().text()).toBe(201);
  });
  afterAll(() => srv?.close());

  const stamp = (as: "officer" | "clerk", body: unknown = {}): Promise<Response> =>
    srv.request(`/v1/documents/${id}/timestamps`, { method: "POST", as, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("makes a new version with a document timestamp that verifies with the signature, and its audit entry", async () => {
    const from = srv.running.services.audit.size;
    const res = await stamp("officer");
    expect(res.status, await res.clone().text()).toBe(201);
    const v = (await res.json()) as VersionBody;
    expect(v).toMatchObject({ version: 3, action: "timestamp", derivedFrom: 2 });
    expect(res.headers.get("location")).toBe(`/v1/documents/${id}/versions/3/content`);

    const report = (await (await srv.request(`/v1/documents/${id}/versions/3/verification`, { as: "auditor" })).json()) as {
      status: string;
      signatures: Array<{ kind: string; status: string; statusReason: string }>;
    };
    expect(report.signatures.map((s) => [s.kind, s.status, s.statusReason])).toEqual([
      ["signature", "TOTAL_PASSED", expect.any(String)],
      ["document_timestamp", "TOTAL_PASSED", expect.any(String)],
    ]);
    expect(report.status).toBe("TOTAL_PASSED");

    const entries = ((await (await srv.request(`/v1/audit/entries?from=${from}&to=${from + 20}`, { as: "auditor" })).json()) as { entries: AuditEntry[] }).entries;
    expect(entries.filter((e) => e.action === "document.timestamp").map((e) => [e.outcome, e.documentId, e.version, e.sha256])).toEqual([["success", id, 3, v.sha256]]);
  });

  it("refuses a clerk (403), a stale expectedVersion (412) and an unknown field (400), making no version", async () => {
    expect((await stamp("clerk")).status).toBe(403);
    expect((await stamp("officer", { expectedVersion: 1 })).status).toBe(412);
    expect((await stamp("officer", { officerId: "x" })).status).toBe(400);
    const doc = (await (await srv.request(`/v1/documents/${id}`, { as: "clerk" })).json()) as { versions: unknown[] };
    expect(doc.versions).toHaveLength(3);
  });
});
