import { describe, expect, it } from "vitest";
import { inspectPdf, preparePdfSignature } from "../../src/pdf/index.js";
import { MAX_DOCUMENT_DECODED, MAX_STREAM_DECODED } from "../../src/pdf/read/pdfLibLoad.js";
import { objectStreamBomb, xrefStreamBomb } from "../helpers/bombs.js";
import { makePdf } from "../helpers/pdfs.js";

const MiB = 1024 * 1024;

describe("decompression is bounded by bytes produced (issue #19)", () => {
  it("refuses an object stream that inflates past the per-stream bound, at upload and at signing, quickly", async () => {
    const bomb = objectStreamBomb({ decodedBytes: 256 * MiB });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const t = performance.now();
    await expect(inspectPdf(bomb)).rejects.toMatchObject({ code: "pdf.decode_limit", status: 422, message: expect.stringContaining("more than 16 MiB") });
    // What was decoded is bounded by the per-stream bound (pdf-lib's growing buffer and the parts
    // read, before GC), not by the stream's 256 MiB.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(6 * MAX_STREAM_DECODED);
    // Signing reads only the objects it updates, through the cross-reference data: a stream no
    // one refers to is never inflated.
    const signing = process.memoryUsage().arrayBuffers;
    await expect(preparePdfSignature(bomb, { signingTime: new Date() })).resolves.toMatchObject({ fieldName: "Signature1" });
    expect(process.memoryUsage().arrayBuffers - signing).toBeLessThan(MAX_STREAM_DECODED);
    expect(performance.now() - t).toBeLessThan(20_000);
  });

  it("refuses to sign when a stream the update must read inflates past the bound (here the newest xref stream)", async () => {
    const bomb = xrefStreamBomb(await makePdf({ useObjectStreams: false }), 2 * MAX_STREAM_DECODED);
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expect(preparePdfSignature(bomb, { signingTime: new Date() })).rejects.toMatchObject({ code: "pdf.decode_limit", status: 422, message: expect.stringContaining("more than 16 MiB") });
  });

  it("refuses a document whose streams together inflate past the per-document bound", async () => {
    const each = MAX_STREAM_DECODED - 4 * MiB;
    const bomb = objectStreamBomb({ streams: Math.ceil(MAX_DOCUMENT_DECODED / each) + 1, decodedBytes: each });
    await expect(inspectPdf(bomb)).rejects.toMatchObject({ code: "pdf.decode_limit", message: expect.stringContaining("64 MiB in all") });
  });

  it("still reads object streams under the bounds, in a bombed layout and in an ordinary file", async () => {
    const small = objectStreamBomb({ streams: 3, decodedBytes: 1 * MiB });
    expect((await inspectPdf(small)).pageCount).toBe(1);
    expect((await preparePdfSignature(small, { signingTime: new Date() })).fieldName).toMatch(/^Signature/);
    const ordinary = await makePdf({ pages: 3, useObjectStreams: true });
    expect((await inspectPdf(ordinary)).pageCount).toBe(3);
  });
});
