import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PDFArray, PDFDocument, PDFName, PDFRawStream, StandardFonts, decodePDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { LETTER_SIGNATURE_BOX } from "../../scripts/samples/draftLetter.js";
import { listFonts } from "../../scripts/samples/fontNames.js";

const samplesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../samples");
const read = (name: string): Promise<Buffer> => readFile(path.join(samplesDir, name));

const SAMPLES = [
  { name: "draft-letter-en.pdf", pages: 1 },
  { name: "draft-letter-en-classic.pdf", pages: 1 },
  { name: "notesheet-en.pdf", pages: 3 },
  { name: "notesheet-hi.pdf", pages: 3 },
];

describe("committed sample PDFs", () => {
  it.each(SAMPLES)("$name is a complete PDF with $pages page(s)", async ({ name, pages }) => {
    const bytes = await read(name);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(bytes.subarray(-32).toString("latin1")).toContain("%%EOF");
    const doc = await PDFDocument.load(bytes);
    expect(doc.isEncrypted).toBe(false);
    expect(doc.getPageCount()).toBe(pages);
  });

  it("ships the letter with both cross-reference styles", async () => {
    const modern = (await read("draft-letter-en.pdf")).toString("latin1");
    expect(modern).toMatch(/\/Type\s*\/XRef/);
    expect(modern).toMatch(/\/Type\s*\/ObjStm/);
    expect(modern).not.toMatch(/\nxref\r?\n/);

    const classic = (await read("draft-letter-en-classic.pdf")).toString("latin1");
    expect(classic).toMatch(/\nxref\r?\n0 \d+/);
    expect(classic).toMatch(/\ntrailer\r?\n/);
    expect(classic).not.toMatch(/\/ObjStm/);
  });

  it("embeds Noto Sans Devanagari in the Hindi notesheet", async () => {
    const fonts = listFonts(await PDFDocument.load(await read("notesheet-hi.pdf")));
    const devanagari = fonts.filter((f) => /^[A-Z]{6}\+NotoSansDevanagari-/.test(f.baseFont));
    expect(devanagari.length).toBeGreaterThan(0);
    expect(devanagari.every((f) => f.embedded)).toBe(true);
  });

  it("uses the standard Times fonts, not embedded ones, in the English samples", async () => {
    for (const name of ["draft-letter-en.pdf", "notesheet-en.pdf"]) {
      const fonts = listFonts(await PDFDocument.load(await read(name)));
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) {
        expect(font.baseFont).toMatch(/^Times-/);
        expect(font.embedded).toBe(false);
      }
    }
  });

  it("leaves the letter's signature box blank, for visible signatures", async () => {
    for (const name of ["draft-letter-en.pdf", "draft-letter-en-classic.pdf"]) {
      const doc = await PDFDocument.load(await read(name));
      const contents = doc.getPage(0).node.lookup(PDFName.of("Contents"), PDFArray).asArray();
      const ops = contents
        .map((ref) => {
          const stream = doc.context.lookup(ref);
          if (!(stream instanceof PDFRawStream)) throw new Error("page content is not a stream");
          return Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1");
        })
        .join("\n");
      // pdf-lib writes each run as `/Font size Tf ... 1 0 0 1 x y Tm <hex> Tj`; measure every run.
      const runs = [...ops.matchAll(/\/(Times-[A-Za-z]+)-\d+ ([\d.]+) Tf[\s\S]*?1 0 0 1 ([\d.]+) ([\d.]+) Tm\s*<([0-9A-F]*)> Tj/g)];
      expect(runs.length).toBeGreaterThan(20);
      const measure = await PDFDocument.create();
      const box = LETTER_SIGNATURE_BOX;
      for (const [, font, size, x, y, hex] of runs) {
        const std = await measure.embedFont(font as StandardFonts);
        const text = Buffer.from(hex, "hex").toString("latin1");
        const [left, base] = [Number(x), Number(y)];
        const right = left + std.widthOfTextAtSize(text, Number(size));
        const overlapsX = left < box.x + box.width && right > box.x;
        const overlapsY = base + Number(size) > box.y && base < box.y + box.height;
        expect(overlapsX && overlapsY, `"${text}" at ${left},${base} is inside the signature box`).toBe(false);
      }
    }
  });
});
