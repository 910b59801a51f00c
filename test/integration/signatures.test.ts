import { sign as nodeSign } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePkcs12 } from "../../src/pki/index.js";
import { DEV_P12_PASSWORD, devOfficer } from "../helpers/devSigning.js";
import { haveTool, pdfsig } from "../helpers/interopTools.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

interface VersionBody {
  id: string;
  version: number;
  action: string;
  derivedFrom: number;
  signature: { fieldName: string; officerId: string; timestamped: boolean; certificate: { subject: string } };
}

const tools = await haveTool("pdfsig");
const notesheet = (): Promise<Buffer> => fs.readFile(path.resolve("samples/notesheet-en.pdf"));

async function upload(srv: TestServer, pdf: Buffer): Promise<string> {
  const form = new FormData();
  form.append("title", "Procurement of laptops");
  form.append("fileNumber", "F.No. 12/34/2026-Estt");
  form.append("kind", "notesheet");
  form.append("file", new Blob([pdf], { type: "application/pdf" }), "notesheet.pdf");
  const res = await srv.request("/v1/documents", { method: "POST", body: form, as: "clerk" });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const officerKeys = new WeakMap<TestServer, Map<string, string>>();

/** An API key bound to `officerId`: an officer signs only with their own certificate. */
async function keyFor(srv: TestServer, officerId: string): Promise<string> {
  const keys = officerKeys.get(srv) ?? new Map<string, string>();
  officerKeys.set(srv, keys);
  const key = keys.get(officerId) ?? (await srv.createKey("officer", officerId));
  keys.set(officerId, key);
  return key;
}

/** POSTs as the officer named in the body (or `officerId`, for completing a session). */
async function post(srv: TestServer, p: string, body: unknown, officerId?: string): Promise<Response> {
  const key = await keyFor(srv, officerId ?? (body as { officerId: string }).officerId);
  return srv.request(p, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, key });
}

async function versions(srv: TestServer, id: string): Promise<number> {
  const res = await srv.request(`/v1/documents/${id}`, { as: "clerk" });
  return ((await res.json()) as { versions: unknown[] }).versions.length;
}

async function content(srv: TestServer, id: string, n: number): Promise<Buffer> {
  return Buffer.from(await (await srv.request(`/v1/documents/${id}/versions/${n}/content`, { as: "clerk" })).arrayBuffer());
}

describe("signatures API", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv?.close());

  it("signs a notesheet in turn for three officers, the third timestamped by the dev TSA; each a new version", async () => {
    const id = await upload(srv, await notesheet());
    const steps = [
      { officerId: "rajesh-verma", reason: "Put up for approval", page: 1, rect: [360, 60, 560, 120] },
      { officerId: "anita-sharma", reason: "Recommended", page: 2, rect: [360, 60, 560, 120] },
      { officerId: "priya-nair", reason: "Approved", page: 3, rect: [360, 60, 560, 120], timestamp: true },
    ];
    for (const [i, step] of steps.entries()) {
      const res = await post(srv, `/v1/documents/${id}/signatures`, step);
      expect(res.status, await res.clone().text()).toBe(201);
      const v = (await res.json()) as VersionBody;
      expect(v).toMatchObject({ version: i + 2, action: "signature", derivedFrom: i + 1 });
      expect(v.signature).toMatchObject({ fieldName: `Signature${i + 1}`, officerId: step.officerId, timestamped: i === 2 });
    }
    // The chain's CRLs ride in each signature's update: mohar's own verifier passes every signature.
    const verification = await srv.request(`/v1/documents/${id}/versions/4/verification`, { as: "auditor" });
    const report = (await verification.json()) as { status: string; signatures: { status: string; revocation: { source: string } }[] };
    expect(report.signatures.map((s) => [s.status, s.revocation.source])).toEqual(Array(3).fill(["TOTAL_PASSED", "crl:dss"]));
    expect(report.status).toBe("TOTAL_PASSED");
    const final = await content(srv, id, 4);
    expect(final.subarray(0, (await content(srv, id, 3)).length).equals(await content(srv, id, 3))).toBe(true);
    if (tools) {
      const sigs = await pdfsig(final);
      expect(sigs.map((s) => [s.signatureValid, s.coversWholeDocument])).toEqual([
        [true, false],
        [true, false],
        [true, true],
      ]);
    }
  });

  it("refuses bad signing requests with a clear 4xx and stores nothing", async () => {
    const id = await upload(srv, await notesheet());
    const cases: [unknown, number, string][] = [
      [{ officerId: "nobody" }, 404, "officer.not_found"],
      [{ officerId: "expired-officer" }, 422, "cert.expired"],
      [{ officerId: "future-officer" }, 422, "cert.not_yet_valid"],
      [{ officerId: "no-signing-usage" }, 422, "cert.key_usage"],
      [{ officerId: "revoked-officer" }, 422, "cert.revoked"],
      [{ officerId: "rajesh-verma", page: 9 }, 400, "pdf.page_out_of_range"],
      [{ officerId: "rajesh-verma", rect: [500, 800, 700, 900] }, 400, "pdf.rect_out_of_page"],
      [{ officerId: "rajesh-verma", rect: [1, 2, 3] }, 400, "request.invalid"],
      [{ officerId: "rajesh-verma", colour: "red" }, 400, "request.invalid"],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(srv, `/v1/documents/${id}/signatures`, body);
      const problem = (await res.json()) as { code: string; detail: string };
      expect([res.status, problem.code], JSON.stringify(body)).toEqual([status, code]);
      expect(problem.detail.length).toBeGreaterThan(10);
    }
    for (const [officerId, code] of [["revoked-officer", "cert.revoked"], ["future-officer", "cert.not_yet_valid"]]) {
      const prepare = await post(srv, `/v1/documents/${id}/signatures/prepare`, { officerId });
      expect([prepare.status, ((await prepare.json()) as { code: string }).code]).toEqual([422, code]);
    }
    expect(await versions(srv, id)).toBe(1);
    expect((await post(srv, "/v1/documents/00000000-0000-4000-8000-000000000000/signatures", { officerId: "rajesh-verma" })).status).toBe(404);
  });

  it("signs in two phases with a signature made outside mohar, and completes a session only once", async () => {
    const id = await upload(srv, await notesheet());
    const prep = await post(srv, `/v1/documents/${id}/signatures/prepare`, { officerId: "rajesh-verma", reason: "Approved", page: 2, rect: [360, 60, 560, 120] });
    expect(prep.status).toBe(201);
    const session = (await prep.json()) as { sessionId: string; signedAttributes: string; digestToSign: string; expiresAt: string };
    expect(Buffer.from(session.digestToSign, "base64")).toHaveLength(32);
    const rajesh = await devOfficer("rajesh-verma");
    const { privateKey } = decodePkcs12(await fs.readFile(rajesh.p12), DEV_P12_PASSWORD, "test");
    const wrong = await post(srv, `/v1/signing-sessions/${session.sessionId}/complete`, { signature: Buffer.alloc(256, 7).toString("base64") }, "rajesh-verma");
    expect([wrong.status, ((await wrong.json()) as { code: string }).code]).toEqual([422, "signature.mismatch"]);
    const signature = nodeSign("sha256", Buffer.from(session.signedAttributes, "base64"), privateKey).toString("base64");
    const location = prep.headers.get("location") as string;
    const open = await srv.request(location, { key: await keyFor(srv, "rajesh-verma") });
    expect(open.status).toBe(200);
    expect(await open.json()).toMatchObject({ sessionId: session.sessionId, status: "open", documentId: id, version: 1, result: null });
    expect((await srv.request(location, { as: "officer" })).status).toBe(403); // another officer's session
    const done = await post(srv, `/v1/signing-sessions/${session.sessionId}/complete`, { signature }, "rajesh-verma");
    expect(done.status).toBe(201);
    const made = (await done.json()) as VersionBody;
    expect(made).toMatchObject({ version: 2, action: "signature", signature: { officerId: "rajesh-verma" } });
    // A retry (its reply lost) gets the same version; nothing is signed or stored again.
    const again = await post(srv, `/v1/signing-sessions/${session.sessionId}/complete`, { signature }, "rajesh-verma");
    expect(again.status).toBe(201);
    expect(again.headers.get("location")).toBe(done.headers.get("location"));
    expect(await again.json()).toEqual(made);
    expect(await versions(srv, id)).toBe(2);
    expect(await (await srv.request(location, { key: await keyFor(srv, "rajesh-verma") })).json()).toMatchObject({ status: "completed", result: { documentId: id, version: 2 } });
    if (tools) expect((await pdfsig(await content(srv, id, 2))).map((s) => s.signatureValid)).toEqual([true]);
    // The seeded officer's chain (officers.json chainPaths) goes into the CMS and its CRLs into the /DSS.
    const verification = await srv.request(`/v1/documents/${id}/versions/2/verification`, { as: "auditor" });
    expect(((await verification.json()) as { status: string }).status).toBe("TOTAL_PASSED");
    expect((await post(srv, "/v1/signing-sessions/nope/complete", { signature }, "rajesh-verma")).status).toBe(404);
  });

  it("refuses to complete a session whose document gained a version after prepare (the new signature would drop it)", async () => {
    const id = await upload(srv, await notesheet());
    const prep = await post(srv, `/v1/documents/${id}/signatures/prepare`, { officerId: "rajesh-verma" });
    const session = (await prep.json()) as { sessionId: string; signedAttributes: string };
    expect((await post(srv, `/v1/documents/${id}/signatures`, { officerId: "anita-sharma" })).status).toBe(201);
    const rajesh = await devOfficer("rajesh-verma");
    const { privateKey } = decodePkcs12(await fs.readFile(rajesh.p12), DEV_P12_PASSWORD, "test");
    const signature = nodeSign("sha256", Buffer.from(session.signedAttributes, "base64"), privateKey).toString("base64");
    const res = await post(srv, `/v1/signing-sessions/${session.sessionId}/complete`, { signature }, "rajesh-verma");
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([409, "signing.document_changed"]);
    expect(await versions(srv, id)).toBe(2);
  });
});

describe("signatures API with a wrong key password", () => {
  it("refuses with 422 and stores nothing", async () => {
    const srv = await startTestServer({ OFFICER_KEY_PASSWORD: "not-the-password" });
    try {
      const id = await upload(srv, await notesheet());
      const res = await post(srv, `/v1/documents/${id}/signatures`, { officerId: "rajesh-verma" });
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([422, "key.bad_password"]);
      expect(await versions(srv, id)).toBe(1);
    } finally {
      await srv.close();
    }
  });
});
