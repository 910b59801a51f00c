import { createHash, randomBytes } from "node:crypto";
import { degrees, PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, PDFString, PDFHexString } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { MoharError } from "../../src/errors.js";
import { embedSignature, preparePdfSignature, DEFAULT_CONTENTS_SIZE } from "../../src/pdf/index.js";
import { makePdf } from "../helpers/samplePdfs.js";

const now = new Date("2026-11-23T12:10:05Z");

async function rejection(p: Promise<unknown>): Promise<MoharError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(MoharError);
  return e as MoharError;
}

async function parse(pdf: Buffer): Promise<PDFDocument> {
  return PDFDocument.load(pdf, { updateMetadata: false });
}

function sigFields(doc: PDFDocument): PDFDict[] {
  const form = doc.catalog.lookup(PDFName.of("AcroForm"), PDFDict);
  return form
    .lookup(PDFName.of("Fields"), PDFArray)
    .asArray()
    .map((r) => doc.context.lookup(r as PDFRef, PDFDict));
}

describe("preparePdfSignature", () => {
  it("appends an update and leaves a zero-filled /Contents gap that the ByteRange skips exactly", async () => {
    const pdf = await makePdf();
    const p = await preparePdfSignature(pdf, { signingTime: now, name: "A. Officer", reason: "Approved" });
    expect(p.bytes.subarray(0, pdf.length).equals(pdf)).toBe(true);
    const [a, b, c, d] = p.byteRange;
    expect(a).toBe(0);
    expect(c + d).toBe(p.bytes.length);
    const gap = p.bytes.toString("latin1", b, c);
    expect(gap).toBe(`<${"0".repeat(DEFAULT_CONTENTS_SIZE * 2)}>`);
    const expected = createHash("sha256").update(Buffer.concat([p.bytes.subarray(0, b), p.bytes.subarray(c)])).digest();
    expect(p.contentDigest.equals(expected)).toBe(true);
    expect(p.bytes.toString("latin1", b - 200, b)).toMatch(new RegExp(`/ByteRange \\[0 ${b} ${c} ${d}\\s*\\]`));
    expect(p.bytes.toString("latin1", c, c + 300)).toContain("/M (D:20261123174005+05'30')");
  });

  it("writes the same kind of cross-reference section as the newest one, chained by /Prev", async () => {
    for (const classicXref of [false, true]) {
      const pdf = await makePdf({ classicXref });
      const prevXref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(pdf.toString("latin1"))![1];
      const update = (await preparePdfSignature(pdf, { signingTime: now })).bytes.toString("latin1", pdf.length);
      expect(update).toContain(`/Prev ${prevXref}`);
      if (classicXref) {
        expect(update).toMatch(/\nxref\n\d+ \d+\n(\d{10} \d{5} n\r\n)+/);
        expect(update).not.toContain("/XRef");
      } else {
        expect(update).toMatch(/\/Type \/XRef .*\/W \[1 4 2\] \/Index \[[\d ]+\]/);
        expect(update).not.toMatch(/\nxref\n/);
      }
    }
  });

  it("adds a /Sig field to the page and AcroForm (created with /SigFlags 3), rewriting objects that lived in object streams", async () => {
    const pdf = await makePdf({ pages: 2 });
    const p = await preparePdfSignature(pdf, { signingTime: now, page: 2, rect: [100, 100, 300, 160], name: "A. Officer" });
    const doc = await parse(p.bytes);
    const [field] = sigFields(doc);
    expect(field!.lookup(PDFName.of("FT"))).toBe(PDFName.of("Sig"));
    expect(field!.lookup(PDFName.of("T"), PDFString).decodeText()).toBe("Signature1");
    expect(field!.lookup(PDFName.of("F"))!.toString()).toBe("132");
    expect(field!.lookup(PDFName.of("AP"), PDFDict).has(PDFName.of("N"))).toBe(true);
    const page2 = doc.getPages()[1]!;
    expect(field!.get(PDFName.of("P"))).toBe(page2.ref);
    expect(page2.node.lookup(PDFName.of("Annots"), PDFArray).asArray()).toHaveLength(1);
    expect(doc.catalog.lookup(PDFName.of("AcroForm"), PDFDict).lookup(PDFName.of("SigFlags"))!.toString()).toBe("3");
    const sig = field!.lookup(PDFName.of("V"), PDFDict);
    expect(sig.lookup(PDFName.of("SubFilter"))).toBe(PDFName.of("ETSI.CAdES.detached"));
    expect(sig.lookup(PDFName.of("Filter"))).toBe(PDFName.of("Adobe.PPKLite"));
  });

  it("rewrites an indirect /Annots or /Fields array itself, and the catalog for an inline AcroForm", async () => {
    const base = await PDFDocument.create();
    const page = base.addPage();
    const ctx = base.context;
    const annots = ctx.register(ctx.obj([]));
    page.node.set(PDFName.of("Annots"), annots);
    const fields = ctx.register(ctx.obj([]));
    base.catalog.set(PDFName.of("AcroForm"), ctx.obj({ Fields: fields }));
    const pdf = Buffer.from(await base.save({ useObjectStreams: false }));
    const p = await preparePdfSignature(pdf, { signingTime: now });
    const update = p.bytes.toString("latin1", pdf.length);
    const rewritten = [...update.matchAll(/(\d+) 0 obj/g)].map((m) => Number(m[1]));
    const catalogRef = base.context.trailerInfo.Root as PDFRef;
    expect(rewritten).toEqual(expect.arrayContaining([annots.objectNumber, fields.objectNumber, catalogRef.objectNumber]));
    expect(rewritten).not.toContain(page.ref.objectNumber);
    const doc = await parse(p.bytes);
    expect(doc.context.lookup(annots, PDFArray).size()).toBe(1);
    expect(doc.context.lookup(fields, PDFArray).size()).toBe(1);
    expect(doc.catalog.lookup(PDFName.of("AcroForm"), PDFDict).lookup(PDFName.of("SigFlags"))!.toString()).toBe("3");
  });

  it("keeps existing form fields and names the new one uniquely", async () => {
    const base = await PDFDocument.create();
    base.addPage();
    base.getForm().createTextField("Signature1").setText("not a signature");
    const pdf = Buffer.from(await base.save());
    const p = await preparePdfSignature(pdf, { signingTime: now });
    expect(p.fieldName).toBe("Signature2");
    const fields = sigFields(await parse(p.bytes));
    expect(fields.map((f) => f.lookup(PDFName.of("T"), PDFString, PDFHexString).decodeText())).toEqual(["Signature1", "Signature2"]);
  });

  it("certifies with a DocMDP reference and catalog /Perms, and refuses to certify a signed document", async () => {
    const p = await preparePdfSignature(await makePdf(), { signingTime: now, certify: true });
    const doc = await parse(p.bytes);
    const sigRef = sigFields(doc)[0]!.get(PDFName.of("V"));
    expect(doc.catalog.lookup(PDFName.of("Perms"), PDFDict).get(PDFName.of("DocMDP"))).toBe(sigRef);
    expect(p.bytes.toString("latin1", p.byteRange[2])).toContain("/TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P 2 /V /1.2 >>");
    const signed = embedSignature(p, Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]));
    const e = await rejection(preparePdfSignature(signed, { signingTime: now, certify: true }));
    expect([e.kind, e.code]).toEqual(["conflict", "pdf.certify_not_first"]);
    await expect(preparePdfSignature(signed, { signingTime: now })).resolves.toMatchObject({ fieldName: "Signature2" });
  });

  it("refuses to add a signature to a document certified with no changes allowed (DocMDP P=1)", async () => {
    const base = await PDFDocument.create();
    base.addPage();
    const ctx = base.context;
    const sig = ctx.register(
      ctx.obj({ Type: "Sig", Reference: [{ Type: "SigRef", TransformMethod: "DocMDP", TransformParams: { Type: "TransformParams", P: 1, V: "1.2" } }] }),
    );
    base.catalog.set(PDFName.of("Perms"), ctx.obj({ DocMDP: sig }));
    // Fixed dates: pdf-lib writes the current time into the compressed Info, so the bytes differ
    // on every run (one CI run refused this file as pdf.xref_broken, not reproduced in 300 tries).
    base.setCreationDate(now);
    base.setModificationDate(now);
    const e = await rejection(preparePdfSignature(Buffer.from(await base.save()), { signingTime: now }));
    expect([e.kind, e.code], e.message).toEqual(["conflict", "pdf.certified_no_changes"]);
  });

  it("writes non-ASCII names as UTF-16 text strings and sets them in an embedded font in the appearance, not as '?'", async () => {
    const p = await preparePdfSignature(await makePdf(), { signingTime: now, name: "रमेश Kumar", rect: [50, 50, 250, 100] });
    const tail = p.bytes.toString("latin1", p.byteRange[2]);
    expect(tail).toContain(`/Name <FEFF${Buffer.from("रमेश Kumar", "utf16le").swap16().toString("hex").toUpperCase()}>`);
    const doc = await parse(p.bytes);
    const field = sigFields(doc)[0]!;
    const sig = field.lookup(PDFName.of("V"), PDFDict);
    expect(sig.lookup(PDFName.of("Name"), PDFHexString).decodeText()).toBe("रमेश Kumar");
    // Standard Helvetica would show "Digitally signed by ???? Kumar" ('?' is 3F in WinAnsi hex).
    expect(tail).not.toContain(Buffer.from("???? Kumar", "latin1").toString("hex").toUpperCase());
    const ap = field.lookup(PDFName.of("AP"), PDFDict).lookup(PDFName.of("N"), PDFStream);
    const fonts = ap.dict.lookup(PDFName.of("Resources"), PDFDict).lookup(PDFName.of("Font"), PDFDict);
    const font = fonts.lookup(fonts.keys()[0]!, PDFDict);
    expect(font.lookup(PDFName.of("Subtype"))).toBe(PDFName.of("Type0"));
    expect(font.lookup(PDFName.of("BaseFont"))!.toString()).toContain("+NotoSansDevanagari-Regular");
  });

  it("rejects a page out of range and a rectangle outside the visible page (CropBox) as bad input", async () => {
    const pdf = await makePdf({ pages: 2 });
    let e = await rejection(preparePdfSignature(pdf, { signingTime: now, page: 3 }));
    expect([e.kind, e.code]).toEqual(["bad_input", "pdf.page_out_of_range"]);
    expect(e.message).toContain("2 page(s)");
    e = await rejection(preparePdfSignature(pdf, { signingTime: now, page: 0 }));
    expect(e.code).toBe("pdf.page_out_of_range");
    e = await rejection(preparePdfSignature(pdf, { signingTime: now, rect: [500, 50, 700, 100] }));
    expect([e.kind, e.code]).toEqual(["bad_input", "pdf.rect_out_of_page"]);
    expect(e.message).toContain("(CropBox) is [0, 0, 595.28, 841.89]");
    // A CropBox smaller than the MediaBox is what the reader shows: a box outside it is refused.
    const doc = await PDFDocument.load(pdf);
    doc.getPage(0).setCropBox(0, 0, 300, 300);
    const cropped = Buffer.from(await doc.save());
    e = await rejection(preparePdfSignature(cropped, { signingTime: now, rect: [340, 150, 530, 214] }));
    expect(e.message).toContain("(CropBox) is [0, 0, 300, 300]");
    e = await rejection(preparePdfSignature(pdf, { signingTime: now, rect: [200, 50, 100, 100] }));
    expect(e.code).toBe("pdf.rect_invalid");
  });

  it("turns the block back on a rotated page so that it reads upright: /Matrix, and a /BBox in the shown orientation", async () => {
    const expected: Record<number, string | null> = { 0: null, 90: "0 1 -1 0 64 0", 180: "-1 0 0 -1 64 190", 270: "0 -1 1 0 0 190" };
    for (const [rotation, matrix] of Object.entries(expected)) {
      const doc = await parse(await makePdf());
      doc.getPage(0).setRotation(degrees(Number(rotation) === 270 ? -90 : Number(rotation)));
      const pdf = Buffer.from(await doc.save());
      const p = await preparePdfSignature(pdf, { signingTime: now, name: "R. Verma", rect: [300, 100, 364, 290] });
      const signed = await parse(embedSignature(p, Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])));
      const widget = sigFields(signed)[0]!;
      const ap = widget.lookup(PDFName.of("AP"), PDFDict).lookup(PDFName.of("N"), PDFStream);
      const box = ap.dict.lookup(PDFName.of("BBox"), PDFArray).asArray().map((n) => Number(n.toString()));
      const m = ap.dict.lookup(PDFName.of("Matrix"));
      if (matrix === null) {
        expect(m).toBeUndefined();
        expect(box).toEqual([0, 0, 64, 190]);
      } else {
        expect((m as PDFArray).asArray().map((n) => n.toString()).join(" "), `rotation ${rotation}`).toBe(matrix);
        // Shown sideways pages see the rectangle as 190 wide and 64 high.
        expect(box).toEqual(Number(rotation) === 180 ? [0, 0, 64, 190] : [0, 0, 190, 64]);
      }
    }
  });

  it("rejects non-PDF input and encrypted PDFs", async () => {
    let e = await rejection(preparePdfSignature(Buffer.from("hello, not a pdf"), { signingTime: now }));
    expect([e.kind, e.code]).toEqual(["unsupported_media", "pdf.not_pdf"]);
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.context.trailerInfo.Encrypt = doc.context.obj({ Filter: "Standard", V: 2, R: 3, Length: 128 });
    e = await rejection(preparePdfSignature(Buffer.from(await doc.save()), { signingTime: now }));
    expect([e.kind, e.code]).toEqual(["unprocessable", "pdf.encrypted"]);
  });

  it("rejects a PDF whose startxref does not point at a cross-reference section", async () => {
    const pdf = await makePdf({ classicXref: true });
    const text = pdf.toString("latin1");
    const broken = Buffer.from(text.replace(/startxref\s+\d+/, "startxref\n9"), "latin1");
    const e = await rejection(preparePdfSignature(broken, { signingTime: now }));
    expect([e.kind, e.code]).toEqual(["unprocessable", "pdf.xref_broken"]);
  });
});

describe("embedSignature", () => {
  it("writes the CMS as hex into the gap without changing any other byte", async () => {
    const p = await preparePdfSignature(await makePdf(), { signingTime: now, contentsSize: 2048 });
    const cms = Buffer.from([0x30, 0x82, 0x01, 0x00, 0xab]);
    const out = embedSignature(p, cms);
    expect(out.length).toBe(p.bytes.length);
    expect(out.toString("latin1", p.byteRange[1], p.byteRange[1] + 11)).toBe("<30820100ab");
    expect(out.subarray(0, p.byteRange[1]).equals(p.bytes.subarray(0, p.byteRange[1]))).toBe(true);
    expect(out.subarray(p.byteRange[2]).equals(p.bytes.subarray(p.byteRange[2]))).toBe(true);
    expect(p.bytes.toString("latin1", p.byteRange[1], p.byteRange[1] + 3)).toBe("<00");
  });

  it("refuses a CMS larger than the placeholder", async () => {
    const p = await preparePdfSignature(await makePdf(), { signingTime: now, contentsSize: 1024 });
    const e = await rejection(Promise.resolve().then(() => embedSignature(p, Buffer.alloc(1025, 1))));
    expect([e.kind, e.code]).toEqual(["unprocessable", "pdf.signature_too_large"]);
    expect(e.message).toContain("holds only 1024");
  });
});

describe("large documents", () => {
  it("prepares and embeds a 20 MB PDF with at most about two copies of the file", async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    await doc.attach(randomBytes(20 * 1024 * 1024), "scan.bin", { mimeType: "application/octet-stream" });
    const pdf = Buffer.from(await doc.save());
    expect(pdf.length).toBeGreaterThan(20 * 1024 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const p = await preparePdfSignature(pdf, { signingTime: now });
    const out = embedSignature(p, Buffer.alloc(4000, 1));
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(out.length).toBe(p.bytes.length);
    expect(grown).toBeLessThan(2.3 * pdf.length);
  });
});
