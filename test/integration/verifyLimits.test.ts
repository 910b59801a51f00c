import type { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MoharError } from "../../src/errors.js";
import { createVerifier, loadTrustAnchors, verifyPdf, type Verifier } from "../../src/verification/index.js";
import { WorkerPool } from "../../src/worker/index.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { makePdf, signPdf } from "../helpers/testSigner.js";

// The time limit itself is tested with the parse limits (parseLimits.test.ts): same pool, same slow-PDF helper.
let pki: TestPki;
let anchors: X509Certificate[];
let unsigned: Buffer;
let signed: Buffer;
let pool: WorkerPool;
let verifier: Verifier;
let srv: TestServer;

beforeAll(async () => {
  pki = makeTestPki();
  anchors = loadTrustAnchors(pki.rootPem);
  unsigned = await makePdf();
  signed = await signPdf(unsigned, pki, { fieldName: "Approver" });
  pool = new WorkerPool({ size: 1, timeoutMs: 20_000, maxHeapMb: 512 });
  verifier = createVerifier(anchors, pool);
  srv = await startTestServer({ TRUST_DIR: pki.rootPem });
});
afterAll(async () => {
  await srv.close();
  await pool.close();
  pki.cleanup();
});

describe("verification on a worker thread", () => {
  it("gives the report verifyPdf gives in process, the trust anchors included", async () => {
    const tampered = Buffer.concat([signed, Buffer.from("\nappended junk\n")]);
    for (const pdf of [signed, tampered, unsigned]) {
      expect(await verifier.verify(pdf)).toEqual(verifyPdf(pdf, { trustAnchors: anchors }));
    }
    expect((await verifier.verify(signed)).signatures[0]).toMatchObject({ status: "TOTAL_PASSED", certificate: { trusted: true } });
  });

  it("passes unreadable input back as the MoharError verifyPdf throws", async () => {
    const err = await verifier.verify(Buffer.from("hello")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MoharError);
    expect(err).toMatchObject({ kind: "unsupported_media", code: "pdf.not_pdf" });
  });

  it("serves both verification routes with the report verifyPdf gives in process", async () => {
    const expected = JSON.parse(JSON.stringify(verifyPdf(signed, { trustAnchors: anchors }))) as unknown;
    const form = new FormData();
    form.set("file", new Blob([signed], { type: "application/pdf" }), "signed.pdf");
    const posted = await srv.request("/v1/verify", { as: "auditor", method: "POST", body: form });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toEqual(expected);

    const doc = new FormData();
    for (const [k, v] of Object.entries({ title: "Signed order", fileNumber: "F/verify-worker", kind: "letter" })) doc.set(k, v);
    doc.set("file", new Blob([signed], { type: "application/pdf" }), "signed.pdf");
    const created = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: doc });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const stored = await srv.request(`/v1/documents/${id}/versions/1/verification`, { as: "auditor" });
    expect(stored.status).toBe(200);
    expect(await stored.json()).toEqual({ id, version: 1, ...(expected as object) });
  });
});
