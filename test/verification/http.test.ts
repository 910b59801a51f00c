import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { qpdfEncrypt } from "../helpers/encryptedPdfs.js";
import { haveTool } from "../helpers/interopTools.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { makePdf, signPdf } from "../helpers/testSigner.js";

const hasQpdf = await haveTool("qpdf");
let pki: TestPki;
let srv: TestServer;
let signed: Buffer;

beforeAll(async () => {
  pki = makeTestPki();
  signed = await signPdf(await makePdf(), pki, { fieldName: "Approver" });
  srv = await startTestServer({ TRUST_DIR: pki.rootPem, MAX_UPLOAD_BYTES: String(200_000) });
});
afterAll(async () => {
  await srv.close();
  pki.cleanup();
});

function upload(bytes: Buffer, field = "file"): Promise<Response> {
  const form = new FormData();
  form.append(field, new Blob([bytes], { type: "application/pdf" }), "doc.pdf");
  return srv.request("/v1/verify", { method: "POST", body: form, as: "auditor" });
}

describe("GET /v1/documents/:id/versions/:n/verification", () => {
  it("verifies a stored version and 404s for unknown documents and versions", async () => {
    const form = new FormData();
    form.append("file", new Blob([signed], { type: "application/pdf" }), "signed.pdf");
    form.append("title", "Signed order");
    form.append("fileNumber", "F.No. 7/2026-Verify");
    form.append("kind", "letter");
    const created = await srv.request("/v1/documents", { method: "POST", body: form, as: "clerk" });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const res = await srv.request(`/v1/documents/${id}/versions/1/verification`, { as: "auditor" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, version: 1, status: "TOTAL_PASSED", signatures: [{ fieldName: "Approver" }] });
    expect((await srv.request(`/v1/documents/${id}/versions/2/verification`, { as: "auditor" })).status).toBe(404);
    expect((await srv.request(`/v1/documents/${id}/versions/x/verification`, { as: "auditor" })).status).toBe(404);
    expect((await srv.request("/v1/documents/00000000-0000-4000-8000-000000000000/versions/1/verification", { as: "auditor" })).status).toBe(404);
  });
});

describe("POST /v1/verify", () => {
  it("returns the report for a signed PDF", async () => {
    const res = await upload(signed);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; signatures: { fieldName: string; status: string }[] };
    expect(body.status).toBe("TOTAL_PASSED");
    expect(body.signatures).toMatchObject([{ fieldName: "Approver", status: "TOTAL_PASSED" }]);
  });

  it("returns 200 with a failing report for a tampered PDF", async () => {
    const tampered = Buffer.from(signed);
    tampered[200] = tampered[200] === 0x41 ? 0x42 : 0x41;
    const res = await upload(tampered);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("TOTAL_FAILED");
  });

  it("answers 4xx problems for garbage, an empty file, a missing file and an oversized file", async () => {
    const garbage = await upload(Buffer.from("hello"));
    expect(garbage.status).toBe(415); // one status per code: as on upload
    expect(garbage.headers.get("content-type")).toContain("application/problem+json");
    expect(((await garbage.json()) as { code: string }).code).toBe("pdf.not_pdf");
    expect((await upload(Buffer.alloc(0))).status).toBe(400);
    expect((await upload(signed, "other")).status).toBe(400);
    expect((await upload(Buffer.alloc(300_000, 0x20))).status).toBe(413);
  });

  it.runIf(hasQpdf)("verifies an encrypted PDF that opens without a password, and answers 422 pdf.password_required for one that needs it", async () => {
    const open = await upload(await qpdfEncrypt(await makePdf(), "aes-256"));
    expect(open.status).toBe(200);
    expect(((await open.json()) as { encryption: string }).encryption).toMatch(/^AES-256/);
    const locked = await upload(await qpdfEncrypt(await makePdf(), "aes-256", { userPassword: "s3cret" }));
    expect(locked.status).toBe(422);
    expect(await locked.json()).toMatchObject({ code: "pdf.password_required", detail: expect.stringContaining("protected by a password") });
  });
});
