import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseHandle, IdempotencyKeys } from "../../src/db/index.js";
import { draftForm } from "../helpers/forms.js";
import { createTestIssuer, TEST_AUDIENCE, TEST_ISSUER } from "../helpers/jwtIssuer.js";
import { seedPgliteDataDir } from "../helpers/pgliteTemplate.js";
import { startTestPostgres } from "../helpers/postgres.js";
import { startTestServer, TEST_OFFICER_ID, type TestServer } from "../helpers/server.js";

// Networks drop replies; a client retries with the same Idempotency-Key and must not sign twice.

let server: TestServer;
let dataDir: string;
const letter = fs.readFileSync("samples/draft-letter-en.pdf");

beforeAll(async () => {
  // Keys live in the database: an embedded one made from the template opens fast.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-idem-"));
  await seedPgliteDataDir(dataDir);
  server = await startTestServer({ DATA_DIR: dataDir });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
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
  it("are kept 24 hours in the database, then the key starts afresh", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-idem-"));
    await seedPgliteDataDir(dir);
    let now = new Date("2026-12-05T10:00:00Z");
    const database = new DatabaseHandle({ engine: "pglite", dataDir: path.join(dir, "db") });
    try {
      const records = new IdempotencyKeys<{ status: number; headers: Record<string, string>; body: unknown }>(() => database.get(), () => now);
      expect(await records.claim("apikey:a", "k", "f1")).toEqual({ kind: "claimed" });
      expect(await records.claim("apikey:a", "k", "f1")).toEqual({ kind: "in_progress" });
      expect(await records.claim("apikey:b", "k", "f1")).toEqual({ kind: "claimed" });
      await records.complete("apikey:a", "k", { status: 201, headers: {}, body: { ok: 1 } });
      now = new Date("2026-12-06T09:59:00Z");
      expect(await records.claim("apikey:a", "k", "f1")).toEqual({ kind: "replay", response: { status: 201, headers: {}, body: { ok: 1 } } });
      expect(await records.claim("apikey:a", "k", "f2")).toEqual({ kind: "mismatch" });
      now = new Date("2026-12-06T10:00:01Z");
      expect(await records.claim("apikey:a", "k", "f2")).toEqual({ kind: "claimed" });
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("two instances sharing one database", () => {
  it("share idempotency: a retry sent to the other instance gets the first answer, and the work is done once", async () => {
    const pg = await startTestPostgres();
    const idpDir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-idp-"));
    const idp = await createTestIssuer(idpDir);
    // Each instance has its own object store: only the database is shared. The caller is one
    // e-Office user (a JWT from its IdP), whichever instance the load balancer picks.
    const env = { DATABASE_URL: await pg.createDatabase("idempotency"), JWT_JWKS_FILE: idp.jwksFile, JWT_ISSUER: TEST_ISSUER, JWT_AUDIENCE: TEST_AUDIENCE };
    const a = await startTestServer(env);
    const b = await startTestServer(env);
    try {
      const clerk = await idp.sign({ sub: "u-clerk-1", roles: ["clerk"] });
      const open = (srv: TestServer) =>
        srv.request("/v1/files", {
          method: "POST",
          key: clerk,
          headers: { "content-type": "application/json", "Idempotency-Key": "open-leave-file-1" },
          body: JSON.stringify({ fileNumber: "F.No. 5/2026-Idem", subject: "Leave rules", office: "Estt" }),
        });
      const first = await open(a);
      expect(first.status, await first.clone().text()).toBe(201);
      const retried = await open(b);
      expect(retried.status, await retried.clone().text()).toBe(201);
      expect(retried.headers.get("idempotent-replayed")).toBe("true");
      expect(await retried.json()).toEqual(await first.json());
      const files = (await (await b.request("/v1/files?office=Estt", { key: clerk })).json()) as { files: unknown[] };
      expect(files.files).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
      await pg.stop();
      fs.rmSync(idpDir, { recursive: true, force: true });
    }
  }, 60_000);
});
