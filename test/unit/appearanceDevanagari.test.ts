import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import fontkit from "@pdf-lib/fontkit";
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmbeddedFont } from "../../src/pdf/appearance/cidFont.js";
import { drawableText } from "../../src/pdf/appearance/devanagariAppearanceFont.js";
import { devanagariFont } from "../../src/pdf/appearance/devanagariFont.js";
import { clusterGlyphs, type PlacedGlyph } from "../../src/pdf/appearance/glyphClusters.js";
import { shapedTextOperators } from "../../src/pdf/appearance/shapedTextOperators.js";
import { toUnicodeCMap } from "../../src/pdf/appearance/toUnicodeCMap.js";
import { signDocument } from "../../src/signing/index.js";
import { verifyPdf } from "../../src/verification/index.js";
import { certsDev, devKey, devOfficer } from "../helpers/devSigning.js";
import { haveTool, pdfsig, qpdfCheck } from "../helpers/interopTools.js";

const run = promisify(execFile);
const tools = (await haveTool("pdftotext")) && (await haveTool("pdftoppm")) && (await haveTool("pdfsig")) && (await haveTool("qpdf"));
const LETTER_BOX: [number, number, number, number] = [340, 150, 530, 214];
const HINDI = { name: "राजेश वर्मा", designation: "अवर सचिव", reason: "अनुमोदित (Approved)" };

const letter = (): Promise<Buffer> => fs.readFile(path.resolve("samples", "draft-letter-en.pdf"));

async function sign(pdf: Buffer, who: { name: string; designation: string; reason: string }, rect = LETTER_BOX): Promise<Buffer> {
  const officer = await devOfficer("rajesh-verma");
  const identity = { ...officer.identity, name: who.name, designation: who.designation };
  return (await signDocument({ pdf, key: await devKey(officer), officer: identity, reason: who.reason, page: 1, rect })).pdf;
}

interface Appearance {
  content: string;
  font: PDFDict;
}

/** The newest signature widget's /AP /N stream and its one font. */
async function appearanceOf(pdf: Buffer): Promise<Appearance> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const fields = doc.catalog.lookup(PDFName.of("AcroForm"), PDFDict).lookup(PDFName.of("Fields"), PDFArray);
  const widget = fields.lookup(fields.size() - 1, PDFDict);
  const ap = rawStream(widget.lookup(PDFName.of("AP"), PDFDict), "N");
  const fonts = ap.dict.lookup(PDFName.of("Resources"), PDFDict).lookup(PDFName.of("Font"), PDFDict);
  const [name] = fonts.keys();
  return { content: Buffer.from(ap.getContents()).toString("latin1"), font: fonts.lookup(name!, PDFDict) };
}

function rawStream(dict: PDFDict, key: string): PDFRawStream {
  const s = dict.lookup(PDFName.of(key));
  if (!(s instanceof PDFRawStream)) throw new Error(`/${key} is not a stream`);
  return s;
}

const decoded = (s: PDFRawStream): Buffer => Buffer.from(decodePDFRawStream(s).decode());

/** CID -> text from a /ToUnicode CMap's bfchar entries. */
function toUnicodeOf(font: PDFDict): Map<number, string> {
  const cmap = decoded(rawStream(font, "ToUnicode")).toString("latin1");
  const map = new Map<number, string>();
  for (const [, cid, hex] of cmap.matchAll(/<([0-9A-F]{4})> <([0-9A-F]+)>/g)) {
    map.set(parseInt(cid!, 16), Buffer.from(hex!, "hex").swap16().toString("utf16le"));
  }
  return map;
}

/** The CIDs shown by TJ operators in `ops`, in drawing order. */
const drawnCids = (ops: string): number[] =>
  ops
    .split("\n")
    .filter((op) => op.endsWith("TJ"))
    .flatMap((op) => [...op.matchAll(/<([0-9A-F]+)>/g)].flatMap(([, hex]) => hex!.match(/.{4}/g)!))
    .map((cid) => parseInt(cid, 16));

/** Each line's glyphs in drawing order, read through /ToUnicode (ActualText spans aside). */
function drawnGlyphTexts(content: string, toUnicode: Map<number, string>): string[][] {
  const body = content.slice(content.indexOf("BT"), content.indexOf("ET"));
  return body.split("\nT*\n").map((line) => drawnCids(line).map((cid) => toUnicode.get(cid) ?? "?"));
}

describe("signature appearance in Hindi", () => {
  it("keeps an English-only block in standard Helvetica with no font embedded, over a white box", async () => {
    const original = await letter();
    const visible = await sign(original, { name: "Anita Sharma", designation: "Deputy Secretary", reason: "Approved" });
    const update = visible.subarray(original.length).toString("latin1");
    for (const fontObject of ["/FontFile2", "/Type0", "/CIDFontType2", "/ToUnicode", "/FontDescriptor"]) expect(update).not.toContain(fontObject);
    const { content, font } = await appearanceOf(visible);
    expect(font.lookup(PDFName.of("BaseFont"))).toBe(PDFName.of("Helvetica"));
    expect(content).toMatch(/^q\n1 1 1 rg 0 0 190 64 re f\n0\.6 w [\d. ]+RG\n[\d. ]+re S\nBT\n\/Helv /);
  });

  it("shapes Devanagari with HarfBuzz into an embedded Noto Sans Devanagari subset (Type0, Identity-H)", async () => {
    const pdf = await sign(await letter(), HINDI);
    const { content, font } = await appearanceOf(pdf);
    expect(content).toMatch(/^q\n1 1 1 rg 0 0 190 64 re f\n/);
    expect(font.lookup(PDFName.of("Subtype"))).toBe(PDFName.of("Type0"));
    expect(font.lookup(PDFName.of("Encoding"))).toBe(PDFName.of("Identity-H"));
    const cidFont = font.lookup(PDFName.of("DescendantFonts"), PDFArray).lookup(0, PDFDict);
    expect(cidFont.lookup(PDFName.of("Subtype"))).toBe(PDFName.of("CIDFontType2"));
    expect(cidFont.lookup(PDFName.of("CIDToGIDMap"))).toBe(PDFName.of("Identity"));
    expect(cidFont.lookup(PDFName.of("BaseFont"))!.toString()).toMatch(/^\/[A-Z]{6}\+NotoSansDevanagari-Regular$/);
    const fontFile = rawStream(cidFont.lookup(PDFName.of("FontDescriptor"), PDFDict), "FontFile2");
    const program = decoded(fontFile);
    expect(fontFile.dict.lookup(PDFName.of("Length1"), PDFNumber).asNumber()).toBe(program.length);
    // A subset: the glyphs used (plus .notdef and components), not the font's 1090.
    const subset = fontkit.create(program);
    expect(subset.numGlyphs).toBeLessThan(80);
    expect(program.length).toBeLessThan(20_000);
    // /W gives every CID shown its width: the same as the subset's own glyph of that id.
    const widths = cidFont.lookup(PDFName.of("W"), PDFArray).lookup(1, PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
    const shown = new Set(drawnCids(content));
    expect(widths.length).toBe(shown.size + 1);
    expect(Math.max(...shown)).toBe(shown.size);
    widths.forEach((w, cid) => expect(w).toBeCloseTo((subset.getGlyph(cid).advanceWidth * 1000) / subset.unitsPerEm, 1));
    const toUnicode = toUnicodeOf(font);
    for (const cid of shown) expect(toUnicode.has(cid)).toBe(true);

    const [nameLine, designation, , reason] = drawnGlyphTexts(content, toUnicode);
    // Shaped, not laid out character by character: the reph of र्मा comes after मा and the
    // matra ि before its consonant, with Latin and Devanagari in one line each shaped as such.
    expect(nameLine!.join("")).toBe("Digitally signed by राजेश वमार्");
    expect(nameLine!.slice(-4)).toEqual(["व", "म", "ा", "र्"]);
    expect(designation).toEqual(["अ", "व", "र", " ", "स", "ि", "च", "व"]);
    expect(reason!.join("|")).toContain("म|ो|ि|द|त| |(");
    // Those reordered clusters carry their text in reading order.
    for (const text of ["र्मा", "चि", "दि"]) {
      expect(content).toContain(`/Span << /ActualText <FEFF${Buffer.from(text, "utf16le").swap16().toString("hex").toUpperCase()}> >> BDC`);
    }
  });

  describe.skipIf(!tools)("checked by poppler and qpdf", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-hindi-"));
    });
    afterAll(async () => {
      await fs.rm(dir, { recursive: true, force: true });
    });

    it("gives the Devanagari text back to pdftotext, renders cleanly, and the signature stays valid", async () => {
      const pdf = await sign(await letter(), HINDI);
      const file = path.join(dir, "signed.pdf");
      await fs.writeFile(file, pdf);
      const text = await run("pdftotext", ["-f", "1", "-l", "1", file, "-"]);
      expect(text.stderr).toBe("");
      for (const line of ["Digitally signed by राजेश वर्मा", "अवर सचिव", "Reason: अनुमोदित (Approved)"]) expect(text.stdout).toContain(line);
      const render = await run("pdftoppm", ["-png", "-r", "150", "-f", "1", "-l", "1", file, path.join(dir, "page")]);
      expect(render.stderr).toBe("");
      const check = await qpdfCheck(pdf);
      expect(check).toContain("No syntax or stream encoding errors found");
      expect(check).not.toMatch(/WARNING/i);
      const [sig] = await pdfsig(pdf);
      expect(sig!.signatureValid, sig!.raw).toBe(true);
      expect(sig!.coversWholeDocument).toBe(true);
    });

    it("lets a second Hindi signature add its own font objects without breaking the first", async () => {
      const once = await sign(await letter(), HINDI);
      const twice = await sign(once, { name: "अनीता शर्मा", designation: "उप सचिव", reason: "स्वीकृत" }, [60, 150, 250, 214]);
      const sigs = await pdfsig(twice);
      expect(sigs.map((s) => s.signatureValid)).toEqual([true, true]);
      const root = new X509Certificate(await fs.readFile(path.join(certsDev, "root.pem")));
      const [first] = verifyPdf(twice, { trustAnchors: [root] }).signatures;
      expect(first!.integrity).toMatchObject({ digestOk: true, signatureOk: true });
      expect(first!.changesAfter.length).toBeGreaterThan(0);
      expect(first!.changesAfter.every((c) => c.classification === "allowed"), JSON.stringify(first!.changesAfter)).toBe(true);
      const file = path.join(dir, "twice.pdf");
      await fs.writeFile(file, twice);
      expect((await run("pdftotext", ["-f", "1", "-l", "1", file, "-"])).stdout).toContain("Digitally signed by अनीता शर्मा");
    });
  });
});

describe("glyph clusters", () => {
  const glyph = (gid: number, cluster: number): PlacedGlyph => ({ gid, cluster, xAdvance: 500, xOffset: 0, yOffset: 0 });

  it("keeps a reordered syllable together and gives each glyph its own characters", () => {
    // "कि x": the matra ि (index 1) is drawn before क (index 0).
    const clusters = clusterGlyphs("कि x", [glyph(2, 1), glyph(1, 0), glyph(3, 2), glyph(4, 3)], 4);
    expect(clusters.map((c) => [c.text, c.glyphTexts, c.inOrder])).toEqual([
      ["कि", ["ि", "क"], false],
      [" ", [" "], true],
      ["x", ["x"], true],
    ]);
  });

  it("gives a ligature all its characters and a second glyph of one character none", () => {
    const clusters = clusterGlyphs("क्षई", [glyph(9, 0), glyph(7, 3), glyph(8, 3)], 4);
    expect(clusters.map((c) => [c.text, c.glyphTexts, c.inOrder])).toEqual([
      ["क्ष", ["क्ष"], true],
      ["ई", ["ई", ""], false],
    ]);
  });
});

describe("shaped text operators", () => {
  const font: EmbeddedFont = { ref: { kind: "ref", num: 1, gen: 0 }, cid: (gid) => gid, width: (gid) => (gid === 1 ? 500 : 0) };

  it("moves and raises glyphs where the shaper placed them, and spans clusters /ToUnicode cannot read", () => {
    const base: PlacedGlyph = { gid: 1, cluster: 0, xAdvance: 500, xOffset: 0, yOffset: 0 };
    const mark: PlacedGlyph = { gid: 2, cluster: 1, xAdvance: 0, xOffset: -200, yOffset: -100 };
    const line = { clusters: clusterGlyphs("ab", [base, mark], 2), advance: 500 };
    expect(shapedTextOperators(line, { font, unitsPerEm: 1000, size: 10, needsActualText: () => false })).toEqual([
      "[<0001>] TJ",
      "-1 Ts",
      "[200 <0002>] TJ",
      "0 Ts",
    ]);
    expect(shapedTextOperators(line, { font, unitsPerEm: 1000, size: 10, needsActualText: (c) => c.text === "a" })).toEqual([
      "/Span << /ActualText (a) >> BDC",
      "[<0001>] TJ",
      "EMC",
      "-1 Ts",
      "[200 <0002>] TJ",
      "0 Ts",
    ]);
  });
});

describe("ToUnicode CMap", () => {
  it("maps 2-byte codes to UTF-16BE text in blocks of at most 100", () => {
    const cmap = toUnicodeCMap(new Map(Array.from({ length: 150 }, (_, i): [number, string] => [i + 1, i === 0 ? "र्" : "x"])));
    expect(cmap).toContain("100 beginbfchar\n<0001> <0930094D>\n");
    expect(cmap).toContain("50 beginbfchar\n<0065> <0078>\n");
    expect(cmap).toContain("/CMapName /Adobe-Identity-UCS def");
  });
});

describe("characters the embedded font cannot draw", () => {
  it("become '?' in the block, as in the Helvetica blocks, instead of empty boxes over a text layer that claims them", async () => {
    const { file } = await devanagariFont();
    expect(drawableText(file, "Digitally signed by ராஜேஷ் वर्मा")).toBe("Digitally signed by ?????? वर्मा");
    expect(drawableText(file, "अनुमोदित 😀")).toBe("अनुमोदित ?");
    // Joiners belong to the shaping, not to the text shown.
    expect(drawableText(file, "क्\u200Dष")).toBe("क्\u200Dष");
  });
});
