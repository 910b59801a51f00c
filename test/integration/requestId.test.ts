import fs from "node:fs";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftForm } from "../helpers/forms.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// One id follows a request through the log, its answer and its audit entry.

let server: TestServer;
const lines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  server = await startTestServer({}, { logger: pino({ level: "info" }, sink) });
});
afterAll(async () => {
  await server.close();
});

const upload = (headers: Record<string, string>) =>
  server.request("/v1/documents", { method: "POST", as: "clerk", headers, body: draftForm(fs.readFileSync("samples/draft-letter-en.pdf"), { title: "L", fileNumber: "F.No. rid/2026", kind: "letter" }) });

describe("X-Request-Id", () => {
  it("takes the caller's id and carries it into the answer, the log and the audit entry", async () => {
    const res = await upload({ "X-Request-Id": "eoffice-7f3a.42" });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toBe("eoffice-7f3a.42");
    const { id } = (await res.json()) as { id: string };
    const entries = (await (await server.request(`/v1/audit/entries?documentId=${id}`, { as: "auditor" })).json()) as { entries: Array<{ action: string; requestId?: string }> };
    expect(entries.entries.find((e) => e.action === "document.upload")?.requestId).toBe("eoffice-7f3a.42");
    const logged = lines.map((l) => JSON.parse(l) as { req?: { id?: string }; msg?: string }).filter((l) => l.req?.id === "eoffice-7f3a.42");
    expect(logged.length).toBeGreaterThan(0);
  });

  it("makes one when none or a malformed one is given, and names it in problems", async () => {
    for (const headers of [{}, { "X-Request-Id": "has spaces and ünïcode" }] as Array<Record<string, string>>) {
      const res = await server.request("/v1/documents/not-a-document", { as: "clerk", headers });
      expect(res.status).toBe(404);
      const made = res.headers.get("x-request-id") ?? "";
      expect(made).toMatch(/^[0-9a-f-]{36}$/);
      expect(((await res.json()) as { requestId?: string }).requestId).toBe(made);
    }
  });
});
