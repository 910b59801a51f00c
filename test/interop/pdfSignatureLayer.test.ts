import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedSignature, preparePdfSignature, type PdfSignatureOptions } from "../../src/pdf/index.js";
import { makeForeignSignedPdf } from "../helpers/foreignSignedPdf.js";
import { haveTool, pdfsig, qpdfCheck } from "../helpers/interopTools.js";
import { makeOpensslSigner, type OpensslSigner } from "../helpers/opensslSigner.js";
import { makePdf } from "../helpers/samplePdfs.js";

// The PDF layer checked by independent tools: CMS from `openssl cms`, validation by poppler's
// pdfsig and qpdf. Certificate trust is checked with the dev PKI in signing.test.ts; here it is
// skipped, because pdfsig 22.12 reports "Unknown issue" when it meets one of these openssl-made
// certificates a second time in a file (the first is "Trusted"; dev PKI certificates are fine).
const run = promisify(execFile);
const tools = (await haveTool("pdfsig")) && (await haveTool("qpdf")) && (await haveTool("openssl"));

async function signWith(signer: OpensslSigner, pdf: Buffer, opts: Partial<PdfSignatureOptions> = {}): Promise<Buffer> {
  const prepared = await preparePdfSignature(pdf, { signingTime: new Date(), name: "Test Officer", ...opts });
  return embedSignature(prepared, await signer.sign(prepared.bytes, prepared.byteRange));
}

async function expectAllValid(pdf: Buffer, count: number): Promise<void> {
  const sigs = await pdfsig(pdf);
  expect(sigs).toHaveLength(count);
  sigs.forEach((s, i) => {
    expect(s.signatureValid, s.raw).toBe(true);
    expect(s.coversWholeDocument, s.raw).toBe(i === count - 1);
  });
  const check = await qpdfCheck(pdf);
  expect(check).toContain("No syntax or stream encoding errors found");
  expect(check).not.toMatch(/WARNING/i);
}

describe.skipIf(!tools)("PDF signatures checked by pdfsig and qpdf", () => {
  let signer: OpensslSigner;
  beforeAll(async () => {
    signer = await makeOpensslSigner();
  });
  afterAll(() => signer?.cleanup());

  for (const classicXref of [false, true]) {
    const layout = classicXref ? "classic xref table" : "xref stream + object streams";

    it(`signs a one-page PDF (${layout}) invisibly`, async () => {
      const signed = await signWith(signer, await makePdf({ classicXref }));
      await expectAllValid(signed, 1);
    });

    it(`adds three signatures in turn to a multi-page PDF (${layout}), keeping each earlier revision byte for byte`, async () => {
      let pdf = await makePdf({ pages: 3, classicXref });
      const plans: Partial<PdfSignatureOptions>[] = [
        { certify: true, reason: "Put up for approval", page: 1, rect: [50, 50, 250, 110], designation: "Section Officer" },
        { reason: "Recommended", page: 2, rect: [300, 50, 545, 110], designation: "Under Secretary" },
        { reason: "Approved", page: 3 },
      ];
      for (const [i, plan] of plans.entries()) {
        const next = await signWith(signer, pdf, plan);
        expect(next.subarray(0, pdf.length).equals(pdf)).toBe(true);
        pdf = next;
        await expectAllValid(pdf, i + 1);
      }
    });
  }

  it("signs PDFs rewritten by qpdf: linearized, and with generated object streams", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-qpdf-in-"));
    try {
      await fs.writeFile(path.join(dir, "in.pdf"), await makePdf({ pages: 2, classicXref: true }));
      for (const args of [["--linearize"], ["--object-streams=generate"], ["--linearize", "--object-streams=generate"]]) {
        await run("qpdf", [...args, path.join(dir, "in.pdf"), path.join(dir, "out.pdf")]);
        let pdf: Buffer = await fs.readFile(path.join(dir, "out.pdf"));
        pdf = await signWith(signer, pdf, { page: 2, rect: [50, 50, 250, 110] });
        pdf = await signWith(signer, pdf);
        await expectAllValid(pdf, 2);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("signs on top of a signature made by other software (adbe.pkcs7.detached, full save) and keeps it valid", async () => {
    const foreign = await makeForeignSignedPdf(signer.certPem, signer.keyPem);
    await expectAllValid(foreign, 1);
    const signed = await signWith(signer, foreign, { rect: [72, 72, 272, 142], reason: "Countersigned" });
    const sigs = await pdfsig(signed);
    expect(sigs.map((s) => s.subFilter)).toEqual(["adbe.pkcs7.detached", "ETSI.CAdES.detached"]);
    await expectAllValid(signed, 2);
    const third = await signWith(signer, signed);
    await expectAllValid(third, 3);
  });
});
