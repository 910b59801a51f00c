import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IdempotencyRecords } from "../../src/http/idempotencyRecords.js";
import { FsObjectStore } from "../../src/store/index.js";
import { draftForm } from "../helpers/forms.js";
import { startTestServer, TEST_OFFICER_ID, type TestServer } from "../helpers/server.js";

// Networks drop replies; a client retries with the same Idempotency-Key and must not sign twice.

let server: TestServer;
const letter = fs.readFileSync("samples/draft-letter-en.pdf");

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function newDocument(): Promise<string> {
  const res = await server.request("/v1/documents", { method: "POST", as: "clerk", body: draftForm(letter, { title: "Letter", fileNumber: "F.No. 7/2026", kind: "letter" }) });
  return ((await res.json()) as { id: string }).id;
}

const versionCount = async (id: string): Promise<number> =>
  ((await (await server.request(`/v1/documents/${id}`, { as: "clerk" })).json()) as { versions: unknown[] }).versions.length;

const sign = (id: string, key: string, body: Record<string, unknown> = { officerId: TEST_OFFICER_ID, reason: "approved" }, as: "officer" | "admin" = "officer") =>
  server.request(`/v1/documents/${id}/signatures`, { method: "POST", as, headers: { "content-type": "application/json", "Idempotency-Key": key }, body: JSON.stringify(body) });

describe("Idempotency-Key", () => {
  it("a retried signature answers the first response and signs once", async () => {
    const id = await newDocument();
    const first = await sign(id, "sign-1");
    expect(first.status).toBe(201);
    const body = await first.json();
    const again = await sign(id, "sign-1");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(await again.json()).toEqual(body);
    expect(await versionCount(id)).toBe(2);
  });

  it("the same key with another request is 422, and nothing is done", async () => {
    const id = await newDocument();
    expect((await sign(id, "sign-2")).status).toBe(201);
    const other = await sign(id, "sign-2", { officerId: TEST_OFFICER_ID, reason: "rejected" });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { code: string }).code).toBe("idempotency.key_reused");
    expect(await versionCount(id)).toBe(2);
  });

  it("keys are per caller, and an upload retried makes one document", async () => {
    const id = await newDocument();
    expect((await sign(id, "shared-key")).status).toBe(201);
    // The same key from another caller is another request (admins may not sign as officers: 403, its own answer).
    expect((await sign(id, "shared-key", undefined, "admin")).status).toBe(403);
    const upload = () =>
      server.request("/v1/documents", { method: "POST", as: "clerk", headers: { "Idempotency-Key": "upload-1" }, body: draftForm(letter, { title: "Once", fileNumber: "F.No. idem/2026", kind: "letter" }) });
    const a = (await (await upload()).json()) as { id: string };
    const b = (await (await upload()).json()) as { id: string };
    expect(b.id).toBe(a.id);
    const list = (await (await server.request(`/v1/documents?fileNumber=${encodeURIComponent("F.No. idem/2026")}`, { as: "clerk" })).json()) as { documents: unknown[] };
    expect(list.documents).toHaveLength(1);
  });

  it("a refusal is answered again too, and concurrent retries never do the work twice", async () => {
    const id = await newDocument();
    const refused = await sign(id, "bad-officer", { officerId: "nobody" });
    const again = await sign(id, "bad-officer", { officerId: "nobody" });
    expect([refused.status, again.status]).toEqual([403, 403]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const burst = await Promise.all([1, 2, 3, 4].map(() => sign(id, "burst")));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(await versionCount(id)).toBe(2);
  });

  it("refuses a malformed key", async () => {
    const id = await newDocument();
    const res = await sign(id, "x".repeat(300));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("request.bad_idempotency_key");
  });
});

describe("idempotency records", () => {
  it("are kept 24 hours, then the key starts afresh", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-idem-"));
    let now = new Date("2026-12-05T10:00:00Z");
    const store = await FsObjectStore.open(dir);
    try {
      const records = new IdempotencyRecords(store, () => now);
      expect(await records.claim("apikey:a", "k", "f1")).toEqual({ kind: "claimed" });
      expect(await records.claim("apikey:a", "k", "f1")).toEqual({ kind: "in_progress" });
      await records.complete("apikey:a", "k", { status: 201, headers: {}, body: { ok: 1 } });
      now = new Date("2026-12-06T09:59:00Z");
      expect(await records.claim("apikey:a", "k", "f1")).toEqual({ kind: "replay", response: { status: 201, headers: {}, body: { ok: 1 } } });
      expect(await records.claim("apikey:a", "k", "f2")).toEqual({ kind: "mismatch" });
      now = new Date("2026-12-06T10:00:01Z");
      expect(await records.claim("apikey:a", "k", "f2")).toEqual({ kind: "claimed" });
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
