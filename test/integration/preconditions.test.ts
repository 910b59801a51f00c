import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftForm } from "../helpers/forms.js";
import { startTestServer, TEST_OFFICER_ID, type TestServer } from "../helpers/server.js";

// Preconditions: a client that read version n and acts on it says so (If-Match with the version's
// ETag, or expectedVersion); when the document has moved on, nothing is stored and the answer is 412.

let server: TestServer;
const letter = fs.readFileSync("samples/draft-letter-en.pdf");
let revisions = 0;
/** A revised draft: the same letter with different bytes each time, so each version has its own ETag. */
const revised = (): Buffer => Buffer.concat([letter, Buffer.from(`\n% revision ${++revisions}\n`)]);

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function newDocument(): Promise<{ id: string; etag: string }> {
  const res = await server.request("/v1/documents", { method: "POST", as: "clerk", body: draftForm(letter, { title: "Letter", fileNumber: "F.No. 9/1/2026-Admin", kind: "letter" }) });
  expect(res.status).toBe(201);
  const { id, sha256 } = (await res.json()) as { id: string; sha256: string };
  return { id, etag: `"${sha256}"` };
}

const versionCount = async (id: string): Promise<number> =>
  ((await (await server.request(`/v1/documents/${id}`, { as: "clerk" })).json()) as { versions: unknown[] }).versions.length;

const addVersion = (id: string, headers: Record<string, string> = {}, fields: Record<string, string> = {}) =>
  server.request(`/v1/documents/${id}/versions`, { method: "POST", as: "clerk", body: draftForm(revised(), fields), headers });

const sign = (id: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
  server.request(`/v1/documents/${id}/signatures`, {
    method: "POST",
    as: "officer",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ officerId: TEST_OFFICER_ID, reason: "approved", ...extra }),
  });

async function problemCode(res: Response): Promise<string> {
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  return ((await res.json()) as { code: string }).code;
}

describe("If-Match and expectedVersion", () => {
  it("a new version follows the version the ETag names, and a stale ETag stores nothing (412)", async () => {
    const { id, etag } = await newDocument();
    const download = await server.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk" });
    expect(download.headers.get("etag")).toBe(etag);
    expect((await addVersion(id, { "If-Match": etag })).status).toBe(201);
    const stale = await addVersion(id, { "If-Match": etag });
    expect(stale.status).toBe(412);
    expect(await problemCode(stale)).toBe("version.precondition_failed");
    expect(await versionCount(id)).toBe(2);
    expect((await addVersion(id, {}, { expectedVersion: "1" })).status).toBe(412);
    expect((await addVersion(id, {}, { expectedVersion: "2" })).status).toBe(201);
    expect(await versionCount(id)).toBe(3);
  });

  it("signing honours them too, and the signature is made on the version named", async () => {
    const { id, etag } = await newDocument();
    expect((await addVersion(id)).status).toBe(201);
    const stale = await sign(id, { "If-Match": etag });
    expect(stale.status).toBe(412);
    expect((await sign(id, {}, { expectedVersion: 1 })).status).toBe(412);
    expect(await versionCount(id)).toBe(2);
    const v2 = (await (await server.request(`/v1/documents/${id}`, { as: "clerk" })).json()) as { versions: Array<{ sha256: string }> };
    const ok = await sign(id, { "If-Match": `"${v2.versions[1]?.sha256}"` }, { expectedVersion: 2 });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { derivedFrom: number }).derivedFrom).toBe(2);
  });

  it("two officers signing the same version at once: one signature, one 412, nothing forked", async () => {
    const { id, etag } = await newDocument();
    const results = await Promise.all([sign(id, { "If-Match": etag }), sign(id, { "If-Match": etag })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 412]);
    expect(await versionCount(id)).toBe(2);
  });

  it("a malformed If-Match is 400, a weak tag never matches, and * pins nothing", async () => {
    const { id, etag } = await newDocument();
    const bad = await addVersion(id, { "If-Match": "abc" });
    expect(bad.status).toBe(400);
    expect(await problemCode(bad)).toBe("request.bad_if_match");
    expect((await addVersion(id, { "If-Match": `W/${etag}` })).status).toBe(412);
    expect((await addVersion(id, { "If-Match": "*" })).status).toBe(201);
  });
});
