import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
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
});
