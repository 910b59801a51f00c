import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftForm } from "../helpers/forms.js";
import { makePdf } from "../helpers/pdfs.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const CLIENTS = 4;
const REQUESTS_PER_CLIENT = 50;
const SIGNERS = ["anita-sharma", "rajesh-verma"];
const SIGNATURES_PER_SIGNER = 8;

interface Stored {
  id: string;
  version: number;
  sha256: string;
}

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

const form = draftForm;

describe("load on loopback", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv.close();
  });

  it(`${CLIENTS} clients x ${REQUESTS_PER_CLIENT} uploads and ${SIGNERS.length} officers x ${SIGNATURES_PER_SIGNER} signatures lose nothing and get no 5xx`, async () => {
    const started = Date.now();
    const first = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: form(await makePdf({ text: "shared file" }), { title: "shared", fileNumber: "LOAD/1" }) });
    expect(first.status).toBe(201);
    const shared = (await first.json()) as Stored;
    const stored: Stored[] = [shared];
    const statuses: number[] = [];

    const client = async (c: number): Promise<void> => {
      const key = await srv.createKey("clerk");
      let own: string | undefined;
      for (let i = 0; i < REQUESTS_PER_CLIENT; i++) {
        const pdf = await makePdf({ text: `client ${c} request ${i}` });
        // Alternate: a new document, a version of this client's document, a version of the shared one.
        const target = i % 3 === 0 || !own ? "/v1/documents" : i % 3 === 1 ? `/v1/documents/${own}/versions` : `/v1/documents/${shared.id}/versions`;
        const res = await srv.request(target, { key, method: "POST", body: form(pdf, { title: `c${c}`, fileNumber: `LOAD/${c}` }) });
        statuses.push(res.status);
        if (res.status !== 201) continue;
        const body = (await res.json()) as Stored;
        expect(body.sha256).toBe(sha256(pdf));
        if (target === "/v1/documents") own = body.id;
        stored.push(body);
      }
    };
    const signer = async (officerId: string): Promise<void> => {
      const key = await srv.createKey("officer", officerId);
      const draft = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: form(await makePdf({ text: `for ${officerId}` })) });
      expect(draft.status).toBe(201);
      stored.push((await draft.json()) as Stored);
      const { id } = stored[stored.length - 1] as Stored;
      for (let i = 0; i < SIGNATURES_PER_SIGNER; i++) {
        const res = await srv.request(`/v1/documents/${id}/signatures`, {
          key,
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ officerId, reason: `approval ${i}`, timestamp: false }),
        });
        statuses.push(res.status);
        if (res.status === 201) stored.push((await res.json()) as Stored);
      }
    };
    await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), ...SIGNERS.map((o) => signer(o))]);

    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    // Concurrent versions of one document may be refused (409) but never lost or half-made.
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    expect(stored.length).toBeGreaterThan(CLIENTS * REQUESTS_PER_CLIENT * 0.9);
    expect(stored.filter((s) => (s as Stored & { action?: string }).action === "signature")).toHaveLength(SIGNERS.length * SIGNATURES_PER_SIGNER);

    for (const s of stored) {
      const res = await srv.request(`/v1/documents/${s.id}/versions/${s.version}/content`, { as: "auditor" });
      expect(res.status).toBe(200);
      expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(s.sha256);
    }
    const doc = (await (await srv.request(`/v1/documents/${shared.id}`, { as: "clerk" })).json()) as { versions: { n: number }[] };
    const sharedVersions = stored.filter((s) => s.id === shared.id).map((s) => s.version).sort((a, b) => a - b);
    expect(doc.versions.map((v) => v.n)).toEqual(sharedVersions);
    expect(sharedVersions).toEqual(sharedVersions.map((_, i) => i + 1));
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
