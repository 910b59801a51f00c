import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { qpdfEncrypt } from "../helpers/encryptedPdfs.js";
import { haveTool } from "../helpers/interopTools.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { devOcspResponder, ocspLeaf } from "../helpers/devOcsp.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { makePdf, signPdf } from "../helpers/testSigner.js";

const hasQpdf = await haveTool("qpdf");

/** The text of every page, as a reader extracts it (pdf.js, the console's renderer). */
async function pdfText(pdf: Buffer): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, verbosity: 0 }).promise;
  let out = "";
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    out += content.items.map((i) => ("str" in i ? i.str : "")).join(" ") + "\n";
  }
  await doc.destroy();
  return out;
}

let pki: TestPki;
let srv: TestServer;
let signed: Buffer;

beforeAll(async () => {
  pki = makeTestPki();
  signed = await signPdf(await makePdf(), pki, { fieldName: "Approver" });
  srv = await startTestServer({ TRUST_DIR: pki.rootPem, MAX_UPLOAD_BYTES: String(200_000), REVOCATION_FETCH: "loopback" });
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
  it("asks a trusted signer's OCSP responder when the PDF carries no revocation data, and says who answered (#15)", async () => {
    const responder = await devOcspResponder(pki);
    try {
      const leaf = ocspLeaf(pki, "httprevoked", "0x8101", [`${responder.base}/ocsp`], [], "revoked");
      const res = await upload(await signPdf(await makePdf(), pki, { fieldName: "Approver", signerPem: leaf.pem, signerKey: leaf.key, embedCrl: false }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { signatures: Array<{ subIndication: string; revocation: unknown }> };
      expect(body.signatures[0], JSON.stringify(body.signatures[0]?.revocation)).toMatchObject({
        subIndication: "REVOKED",
        revocation: { source: "ocsp:live", checks: [{ role: "signer", source: "live_ocsp", url: `${responder.base}/ocsp`, status: "revoked" }] },
      });
      // Through the service's one fetcher: its metrics count the request.
      const metrics = await (await srv.request("/metrics", { as: "metrics" })).text();
      expect(metrics).toMatch(/mohar_revocation_fetch_duration_seconds_count\{kind="ocsp",outcome="ok"\} 1/);
    } finally {
      await responder.close();
    }
  });

  it("returns the report for a signed PDF", async () => {
    const res = await upload(signed);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; signatures: { fieldName: string; status: string }[] };
    expect(body.status).toBe("TOTAL_PASSED");
    expect(body.signatures).toMatchObject([{ fieldName: "Approver", status: "TOTAL_PASSED" }]);
  });

  it("gives the report as a PDF with ?format=pdf or Accept: application/pdf, with the verdicts in its text", async () => {
    const form = new FormData();
    form.append("file", new Blob([signed], { type: "application/pdf" }), "signed.pdf");
    const res = await srv.request("/v1/verify?format=pdf", { method: "POST", body: form, as: "auditor" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="verification-[0-9a-f]{12}\.pdf"$/);
    const text = await pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain("TOTAL_PASSED");
    expect(text).toContain("Approver");
    expect(text).toContain(createHash("sha256").update(signed).digest("hex"));
    const byAccept = await srv.request("/v1/verify", { method: "POST", body: form, as: "auditor", headers: { accept: "application/pdf" } });
    expect(byAccept.headers.get("content-type")).toBe("application/pdf");
    // The default stays JSON (a browser's fetch sends Accept: */*).
    const plain = await srv.request("/v1/verify", { method: "POST", body: form, as: "auditor", headers: { accept: "*/*" } });
    expect(plain.headers.get("content-type")).toContain("application/json");
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
