import fs from "node:fs";
import { sign as nodeSign } from "node:crypto";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../../src/http/openapi.js";
import { decodePkcs12 } from "../../src/pki/index.js";
import { DEV_P12_PASSWORD, devOfficer } from "../helpers/devSigning.js";
import { draftForm } from "../helpers/forms.js";
import { startTestServer, TEST_OFFICER_ID, type TestServer } from "../helpers/server.js";

// The OpenAPI document is a contract a client generator can trust: every operation has an id and
// typed answers, and what the service really answers — successes and problems — matches it.

interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  "x-error-codes": string[];
}
const doc = openApiDocument as unknown as { paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };
const operations = new Map<string, Operation>(Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => [op.operationId, op] as const)));

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const BASE = "https://mohar.invalid/openapi";
ajv.addSchema({ $id: BASE, components: doc.components });

/** Checks an answer against the operation's contract and returns its JSON body (or null). */
async function conforms(res: Response, operationId: string): Promise<unknown> {
  const op = operations.get(operationId);
  expect(op, operationId).toBeDefined();
  const type = res.headers.get("content-type") ?? "";
  const body: unknown = type.includes("json") ? await res.json() : null;
  if (res.status >= 400) {
    expect(type).toContain("application/problem+json");
    const code = (body as { code: string }).code;
    expect(op?.["x-error-codes"], `${operationId} answered ${code}`).toContain(code);
    expect(op?.responses[String(res.status)], `${operationId} ${res.status}`).toBeDefined();
    return body;
  }
  const declared = op?.responses[String(res.status)];
  expect(declared, `${operationId} answered ${res.status}`).toBeDefined();
  const schema = declared?.content?.["application/json"]?.schema as { $ref?: string } | undefined;
  if (schema && type.includes("application/json")) {
    const validate = ajv.compile(schema.$ref ? { $ref: `${BASE}${schema.$ref}` } : schema);
    expect(validate(body) ? [] : validate.errors, `${operationId} ${res.status}`).toEqual([]);
  }
  return body;
}

describe("the OpenAPI document as a client generator reads it", () => {
  it("gives every operation an id, roles or public access, typed success answers and its error codes", () => {
    expect(operations.size).toBeGreaterThan(20);
    for (const [id, op] of operations) {
      const ok = Object.entries(op.responses).filter(([s]) => s.startsWith("2"));
      expect(ok.length, id).toBeGreaterThan(0);
      // A 204 has no body by definition; every other success answer says what it carries.
      for (const [status, r] of ok) if (status !== "204") expect(Object.keys(r.content ?? {}).length, id).toBeGreaterThan(0);
      expect(op["x-error-codes"], id).toContain("internal");
    }
  });
});

describe("what the service answers matches the document", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv.close();
  });

  const jsonPost = (path: string, body: unknown, key: string) =>
    srv.request(path, { method: "POST", key, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("for documents, versions, signing, verification, the audit log and officers", async () => {
    const letter = fs.readFileSync("samples/draft-letter-en.pdf");
    const created = (await conforms(
      await srv.request("/v1/documents", { method: "POST", as: "clerk", body: draftForm(letter, { title: "Letter", fileNumber: "F.No. 3/2026", kind: "letter" }) }),
      "uploadDocument",
    )) as { id: string };
    const id = created.id;
    await conforms(await srv.request(`/v1/documents/${id}`, { as: "clerk" }), "getDocument");
    await conforms(await srv.request(`/v1/documents?fileNumber=${encodeURIComponent("F.No. 3/2026")}`, { as: "clerk" }), "listDocuments");
    await conforms(await srv.request(`/v1/documents/${id}/versions`, { method: "POST", as: "clerk", body: draftForm(Buffer.concat([letter, Buffer.from("\n% v2\n")])) }), "addVersion");
    await conforms(await srv.request(`/v1/documents/${id}/versions`, { method: "POST", as: "clerk", body: draftForm(letter, { expectedVersion: "1" }) }), "addVersion");
    const officerKey = srv.keys.officer;
    await conforms(await jsonPost(`/v1/documents/${id}/signatures`, { officerId: TEST_OFFICER_ID, reason: "approved" }, officerKey), "signDocument");
    await conforms(await jsonPost(`/v1/documents/${id}/signatures`, { officerId: TEST_OFFICER_ID, bogus: 1 }, officerKey), "signDocument");

    const rajeshKey = await srv.createKey("officer", "rajesh-verma");
    const prepared = (await conforms(await jsonPost(`/v1/documents/${id}/signatures/prepare`, { officerId: "rajesh-verma" }, rajeshKey), "prepareSignature")) as {
      sessionId: string;
      signedAttributes: string;
    };
    await conforms(await srv.request(`/v1/signing-sessions/${prepared.sessionId}`, { key: rajeshKey }), "getSigningSession");
    const { privateKey } = decodePkcs12(fs.readFileSync((await devOfficer("rajesh-verma")).p12), DEV_P12_PASSWORD, "test");
    const signature = nodeSign("sha256", Buffer.from(prepared.signedAttributes, "base64"), privateKey).toString("base64");
    await conforms(await jsonPost(`/v1/signing-sessions/${prepared.sessionId}/complete`, { signature }, rajeshKey), "completeSignature");
    await conforms(await jsonPost(`/v1/signing-sessions/${prepared.sessionId}/complete`, { signature }, rajeshKey), "completeSignature");

    await conforms(await srv.request(`/v1/documents/${id}/versions/4/verification`, { as: "auditor" }), "verifyVersion");
    const signedPdf = Buffer.from(await (await srv.request(`/v1/documents/${id}/versions/4/content`, { as: "auditor" })).arrayBuffer());
    const form = new FormData();
    form.append("file", new Blob([signedPdf], { type: "application/pdf" }), "signed.pdf");
    await conforms(await srv.request("/v1/verify", { method: "POST", as: "auditor", body: form }), "verifyUpload");
    await conforms(await srv.request(`/v1/documents/${id}/versions/9/content`, { as: "auditor" }), "getVersionContent");

    await conforms(await srv.request("/v1/audit/checkpoint?format=json", { as: "auditor" }), "getCheckpoint");
    await conforms(await srv.request("/v1/audit/entries?from=0&to=5", { as: "auditor" }), "listAuditEntries");
    await conforms(await srv.request(`/v1/audit/entries?documentId=${id}`, { as: "auditor" }), "listAuditEntries");
    await conforms(await srv.request("/v1/audit/proofs/inclusion?seq=0", { as: "auditor" }), "getInclusionProof");
    await conforms(await srv.request("/v1/audit/proofs/consistency?from=1", { as: "auditor" }), "getConsistencyProof");
    await conforms(await srv.request("/v1/audit/proofs/inclusion", { as: "auditor" }), "getInclusionProof");
    await conforms(await srv.request(`/v1/documents/${id}/timeline`, { as: "auditor" }), "getTimeline");
    await conforms(await srv.request("/v1/officers", { as: "clerk" }), "listOfficers");
    await conforms(await srv.request(`/v1/officers/${TEST_OFFICER_ID}`, { as: "clerk" }), "getOfficer");
    await conforms(await srv.request("/v1/officers/nobody", { as: "clerk" }), "getOfficer");
    await conforms(await srv.request("/v1/officers", { as: "clerk" }), "listOfficers");
    await conforms(await srv.request(`/v1/documents/${id}`), "getDocument");
    const opened = (await conforms(
      await jsonPost("/v1/files", { fileNumber: "फा.सं. 3/2026-स्था.", subject: "Laptops", office: "Revenue" }, srv.keys.clerk),
      "openFile",
    )) as { id: string };
    await conforms(await jsonPost(`/v1/files/${opened.id}/movements`, { toOfficer: TEST_OFFICER_ID, remarks: "for approval" }, srv.keys.clerk), "forwardFile");
    await conforms(await jsonPost(`/v1/files/${opened.id}/movements`, { toOfficer: TEST_OFFICER_ID }, srv.keys.clerk), "forwardFile");
    await conforms(await srv.request(`/v1/files/${opened.id}`, { as: "clerk" }), "getFile");
    await conforms(await srv.request("/v1/files?office=Revenue", { as: "clerk" }), "listFiles");
    await conforms(await srv.request(`/v1/files/${opened.id}/movements`, { as: "auditor" }), "listMovements");
    await conforms(await srv.request(`/v1/officers/${TEST_OFFICER_ID}/pending`, { as: "auditor" }), "officerPending");
    await conforms(await srv.request("/v1/officers/me/pending", { as: "officer" }), "myPending");
    await conforms(await srv.request("/v1/reports/pendency?office=Revenue", { as: "auditor" }), "pendencyReport");
    await conforms(await srv.request("/v1/reports/activity?from=2026-12-10&to=2026-12-01", { as: "auditor" }), "activityReport");
    await conforms(await srv.request("/healthz"), "healthz");
    await conforms(await srv.request("/readyz"), "readyz");
  });
});
