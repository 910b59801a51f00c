import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftForm } from "../helpers/forms.js";
import { startTestServer, TEST_OFFICER_ID, type TestServer } from "../helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** The value of one sample line (name with labels), or undefined. */
function sample(text: string, name: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe("GET /metrics", () => {
  it("is scraped with a metrics-only key, which reads nothing else", async () => {
    const res = await server.request("/metrics", { as: "metrics" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect((await server.request("/v1/officers", { as: "metrics" })).status).toBe(403);
    expect((await server.request("/metrics", { as: "clerk" })).status).toBe(403);
    expect((await server.request("/metrics")).status).toBe(401);
  });

  it("counts signatures and verifications, times audit appends and the parse workers", async () => {
    const up = await server.request("/v1/documents", { method: "POST", as: "clerk", body: draftForm(fs.readFileSync("samples/draft-letter-en.pdf"), { title: "M", fileNumber: "F.No. m/2026", kind: "letter" }) });
    const { id } = (await up.json()) as { id: string };
    // Timestamped by the service's own development TSA, over HTTP like any TSA.
    const signed = await server.request(`/v1/documents/${id}/signatures`, { method: "POST", as: "officer", headers: { "content-type": "application/json" }, body: JSON.stringify({ officerId: TEST_OFFICER_ID, timestamp: true }) });
    expect(signed.status).toBe(201);
    expect((await server.request(`/v1/documents/${id}/versions/2/verification`, { as: "auditor" })).status).toBe(200);
    const text = await (await server.request("/metrics", { as: "metrics" })).text();
    expect(sample(text, 'mohar_actions_total{action="document.sign",outcome="success"}')).toBe(1);
    expect(sample(text, 'mohar_actions_total{action="document.verify",outcome="success"}')).toBe(1);
    expect(sample(text, "mohar_audit_append_duration_seconds_count")).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'mohar_worker_task_duration_seconds_count{task="verifying_the_pdf",outcome="ok"}')).toBe(1);
    expect(sample(text, "mohar_worker_queue_length")).toBe(0);
    expect(sample(text, 'mohar_tsa_request_duration_seconds_count{outcome="ok"}')).toBe(1);
    expect(text).toMatch(/^mohar_worker_queue_wait_seconds_bucket\{le="0.001",task="verifying_the_pdf"\}/m);
  });
});
