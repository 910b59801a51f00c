import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inspectPdf, preparePdfSignature } from "../../src/pdf/index.js";
import { makeEncryptedLookingPdf, makePdf } from "../helpers/pdfs.js";

describe("inspectPdf", () => {
  it("describes a valid PDF with object streams", async () => {
    const pdf = await makePdf({ pages: 3 });
    const info = await inspectPdf(pdf);
    expect(info).toMatchObject({ pageCount: 3, pdfVersion: "1.7", sizeBytes: pdf.length, signatureCount: 0, revisions: 1 });
  });

  it("describes a valid PDF with a classic xref table", async () => {
    expect((await inspectPdf(await makePdf({ pages: 2, useObjectStreams: false }))).pageCount).toBe(2);
  });

  it("finds a header after leading junk, and refuses the file because its offsets no longer point at its objects (it could not be signed)", async () => {
    const pdf = Buffer.concat([Buffer.alloc(100, 0x20), await makePdf()]);
    await expect(inspectPdf(pdf)).rejects.toMatchObject({ code: "pdf.xref_broken", message: expect.stringContaining("could not be signed later") });
  });

  it("counts incremental updates", async () => {
    const pdf = await makePdf();
    // An incremental update as signing writes one.
    const updated = (await preparePdfSignature(pdf, { signingTime: new Date() })).bytes;
    expect((await inspectPdf(updated)).revisions).toBe(2);
  });

  it("refuses a file that is not a PDF (415 pdf.not_pdf)", async () => {
    await expect(inspectPdf(Buffer.from("hello, this is plain text"))).rejects.toMatchObject({
      kind: "unsupported_media",
      code: "pdf.not_pdf",
    });
    const late = Buffer.concat([Buffer.alloc(1100, 0x20), await makePdf()]);
    await expect(inspectPdf(late)).rejects.toMatchObject({ code: "pdf.not_pdf" });
  });

  it("refuses a truncated PDF (422 pdf.truncated)", async () => {
    const pdf = await makePdf();
    await expect(inspectPdf(pdf.subarray(0, Math.floor(pdf.length / 2)))).rejects.toMatchObject({
      kind: "unprocessable",
      code: "pdf.truncated",
      message: expect.stringContaining("truncated"),
    });
  });

  it("refuses an encrypted PDF (422 pdf.encrypted)", async () => {
    await expect(inspectPdf(await makeEncryptedLookingPdf())).rejects.toMatchObject({ kind: "unprocessable", code: "pdf.encrypted" });
  });

  const hasQpdf = (() => {
    try {
      execFileSync("qpdf", ["--version"], { stdio: "ignore" });
      return true;
    } catch {
      if (process.env.MOHAR_REQUIRE_INTEROP === "1") throw new Error("qpdf is required (MOHAR_REQUIRE_INTEROP=1) but missing");
      return false;
    }
  })();

  it.runIf(hasQpdf)("refuses a PDF really encrypted by qpdf, with an xref stream (422 pdf.encrypted)", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-qpdf-"));
    try {
      await fs.writeFile(path.join(dir, "in.pdf"), await makePdf({ useObjectStreams: true }));
      execFileSync("qpdf", ["--encrypt", "user", "owner", "256", "--", path.join(dir, "in.pdf"), path.join(dir, "out.pdf")]);
      const encrypted = await fs.readFile(path.join(dir, "out.pdf"));
      await expect(inspectPdf(encrypted)).rejects.toMatchObject({ kind: "unprocessable", code: "pdf.encrypted" });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses an unparsable PDF (422 pdf.unparsable)", async () => {
    const junk = Buffer.from("%PDF-1.7\nthis is no PDF body at all\nstartxref\n12\n%%EOF\n", "latin1");
    await expect(inspectPdf(junk)).rejects.toMatchObject({ kind: "unprocessable", code: "pdf.unparsable" });
  });

  it("refuses a PDF whose startxref points past the end of the file (422 pdf.xref_broken), which signing could not update", async () => {
    for (const useObjectStreams of [true, false]) {
      const pdf = await makePdf({ useObjectStreams });
      const bad = Buffer.from(pdf.toString("latin1").replace(/startxref\s+\d+/, `startxref\n${pdf.length + 1000}`), "latin1");
      await expect(inspectPdf(bad)).rejects.toMatchObject({ kind: "unprocessable", code: "pdf.xref_broken", message: expect.stringContaining("startxref points outside the file") });
    }
  });

  it("enforces the page limit (422 pdf.too_many_pages)", async () => {
    const pdf = await makePdf({ pages: 4 });
    await expect(inspectPdf(pdf, { maxPages: 3 })).rejects.toMatchObject({ kind: "unprocessable", code: "pdf.too_many_pages" });
    expect((await inspectPdf(pdf, { maxPages: 4 })).pageCount).toBe(4);
  });
});
