import type { Request } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../../src/http/auditTrail.js";
import { verifyExport, type AuditEntry, type TimelineStep } from "../../src/audit/index.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { hashLeaf, verifyConsistency, verifyInclusion } from "./rfc9162Verifier.js";
import { encodeEntry } from "../../src/audit/entry.js";

const hex = (h: string): Buffer => Buffer.from(h, "hex");

describe("audit HTTP endpoints", () => {
  let srv: TestServer;
  const get = async <T>(p: string): Promise<{ status: number; body: T }> => {
    const res = await srv.request(p, { as: "auditor" });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    srv = await startTestServer();
    const services = srv.running.services;
    const as = (id?: string): Request => (id ? { actor: { id } } : {}) as unknown as Request;
    await recordAudit(as("clerk-1"), services, { action: "document.upload", documentId: "doc-1", version: 1, sha256: "b".repeat(64), outcome: "success" });
    await recordAudit(as(), services, { action: "document.download", documentId: "doc-2", version: 1, outcome: "success" });
    await new Promise((r) => setTimeout(r, 25));
    await recordAudit(as("officer-7"), services, { action: "document.sign", documentId: "doc-1", version: 2, outcome: "failure", detail: "certificate expired" });
    for (let i = 0; i < 7; i += 1) await recordAudit(as("auditor-1"), services, { action: "audit.export", outcome: "success" });
  });
  afterAll(async () => {
    await srv.close();
  });

  it("serves the latest checkpoint as a signed note and as JSON", async () => {
    const text = await srv.request("/v1/audit/checkpoint", { as: "auditor" });
    expect(text.headers.get("content-type")).toContain("text/plain");
    const note = await text.text();
    expect(note).toMatch(/^mohar\.local\/audit\n10\n[A-Za-z0-9+/]{43}=\ntime \S+\n\n\u2014 mohar\.local\/audit \S+\n$/);
    const { body } = await get<{ size: number; root: string; publicKey: string; verifierKey: string; note: string; time: string }>("/v1/audit/checkpoint?format=json");
    expect(body).toMatchObject({ size: 10, note });
    expect(Buffer.from(body.publicKey, "base64")).toHaveLength(32);
    expect(body.verifierKey.startsWith("mohar.local/audit+")).toBe(true);
  });

  it("pages entries by range and lists a document's entries with the actor from the request", async () => {
    const page = await get<{ entries: AuditEntry[]; from: number; to: number }>("/v1/audit/entries?from=1&to=3");
    expect(page.body.entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(page.body.entries[0]).toMatchObject({ actor: "anonymous", action: "document.download" });
    const beyond = await get<{ entries: AuditEntry[] }>("/v1/audit/entries?from=8&to=5000");
    expect(beyond.body.entries.map((e) => e.seq)).toEqual([8, 9]);
    const doc = await get<{ entries: AuditEntry[] }>("/v1/audit/entries?documentId=doc-1");
    expect(doc.body.entries.map((e) => [e.seq, e.actor, e.outcome])).toEqual([
      [0, "clerk-1", "success"],
      [2, "officer-7", "failure"],
    ]);
  });

  it("answers bad queries with 400 problem+json", async () => {
    for (const q of ["/v1/audit/entries?from=-1", "/v1/audit/entries?documentId=..%2Fx", "/v1/audit/proofs/inclusion", "/v1/audit/proofs/inclusion?seq=3&treeSize=11", "/v1/audit/proofs/inclusion?seq=10", "/v1/audit/proofs/consistency?from=0&to=5", "/v1/audit/proofs/consistency?from=6&to=5", "/v1/audit/proofs/consistency?from=x"]) {
      const res = await srv.request(q, { as: "auditor" });
      expect(res.status, q).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("serves proofs that the independent verifier accepts", async () => {
    const entries = (await get<{ entries: AuditEntry[] }>("/v1/audit/entries?from=0&to=10")).body.entries;
    const inc = (await get<{ root: string; proof: string[] }>("/v1/audit/proofs/inclusion?seq=2&treeSize=7")).body;
    expect(verifyInclusion(2, 7, hashLeaf(encodeEntry(entries[2]!)), inc.proof.map(hex), hex(inc.root))).toBe(true);
    const con = (await get<{ fromRoot: string; toRoot: string; proof: string[] }>("/v1/audit/proofs/consistency?from=3&to=10")).body;
    expect(verifyConsistency(3, 10, hex(con.fromRoot), hex(con.toRoot), con.proof.map(hex))).toBe(true);
    const cp = (await get<{ root: string }>("/v1/audit/checkpoint?format=json")).body;
    expect(con.toRoot).toBe(cp.root);
  });

  it("exports a log that verifies offline", async () => {
    const res = await srv.request("/v1/audit/export", { as: "auditor" });
    expect(res.headers.get("content-type")).toContain("application/json");
    const report = verifyExport(await res.json());
    expect(report.findings).toEqual([]);
    expect(report.size).toBe(10);
    expect(report.checkpoints.map((c) => c.size)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Pinned to a key the auditor trusts, an export signed by another key fails.
    const other = "mohar.local/audit+00000000+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    expect(() => verifyExport({ ...(report as object) }, other)).toThrow(/unknown export format/);
    const doc = (await (await srv.request("/v1/audit/export", { as: "auditor" })).json()) as object;
    expect(() => verifyExport(doc, other)).toThrow(/malformed verifier key/);
    const foreignKey = "mohar.local/audit+" + "x";
    expect(() => verifyExport(doc, foreignKey)).toThrow(/malformed verifier key/);
    const pinned = verifyExport(doc, "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
    expect(pinned.findings[0]?.reason).toMatch(/checkpoint #1: not signed by the log key/);
  });

  it("gives a document's timeline with the time each step took", async () => {
    const { body } = await get<{ steps: TimelineStep[] }>("/v1/documents/doc-1/timeline");
    expect(body.steps.map((s) => s.action)).toEqual(["document.upload", "document.sign"]);
    expect(body.steps[0]!.elapsedMs).toBeNull();
    expect(body.steps[1]!.elapsedMs).toBeGreaterThanOrEqual(25);
    expect(body.steps[1]!.elapsedMs).toBe(Date.parse(body.steps[1]!.time) - Date.parse(body.steps[0]!.time));
    expect((await get<{ steps: TimelineStep[] }>("/v1/documents/none/timeline")).body.steps).toEqual([]);
  });
});
