import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import type { Font as FontFile, Subset } from "@pdf-lib/fontkit";
import type { ObjectChanges } from "../write/objectChanges.js";
import type { PdfRef } from "../read/rawObjects.js";
import { refString } from "../write/rawWriter.js";
import { toUnicodeCMap } from "./toUnicodeCMap.js";

/** A TrueType subset embedded as a Type0 font; text in it is shown as 2-byte CIDs (Identity-H). */
export interface EmbeddedFont {
  ref: PdfRef;
  /** The CID that shows a glyph of the original font: its glyph id in the subset. */
  cid(gid: number): number;
  /** A glyph's advance in thousandths of the font size, as the font's /W says. */
  width(gid: number): number;
}

const num = (n: number): string => String(Math.round(n * 100) / 100);

/**
 * Embeds the glyphs `gids` of `file` (and the components they are built from) as new objects of
 * the update: a Type0 font with Identity-H encoding over a CIDFontType2 whose CIDs are the subset's
 * glyph ids (/CIDToGIDMap /Identity), its /W widths, the FontFile2 subset and a /ToUnicode CMap
 * from `texts` (original glyph id to the text it stands for) so that the text can be extracted.
 */
export async function embedFontSubset(
  changes: ObjectChanges,
  file: FontFile,
  gids: Iterable<number>,
  texts: ReadonlyMap<number, string>,
): Promise<EmbeddedFont> {
  const subset = file.createSubset();
  const cids = new Map<number, number>();
  for (const gid of gids) cids.set(gid, subset.includeGlyph(gid));
  const scale = 1000 / file.unitsPerEm;
  const widthOf = (gid: number): number => file.getGlyph(gid).advanceWidth * scale;
  // Subset glyph 0 is .notdef, then the glyphs included above in order; components that
  // composite glyphs are built from come after them and are never shown by CID.
  const byCid = [0];
  for (const [gid, cid] of cids) byCid[cid] = gid;
  const program = await encode(subset);
  const name = `${subsetTag(program)}+${file.postscriptName ?? "Embedded"}`;

  const fontFile = changes.allocate();
  changes.setRaw(fontFile, stream(`/Length1 ${program.length}`, program));
  const cmapTexts = new Map<number, string>();
  for (const [gid, cid] of cids) {
    const text = texts.get(gid);
    if (text) cmapTexts.set(cid, text);
  }
  const toUnicode = changes.allocate();
  changes.setRaw(toUnicode, stream("", Buffer.from(toUnicodeCMap(cmapTexts), "latin1")));
  const box = file.bbox;
  const descriptor = changes.allocate();
  // Flags 4 (symbolic): glyphs are reached by CID, not through a standard encoding. /StemV is
  // required, but only a reader that substitutes a missing font uses it (pdf-lib writes 0 too).
  changes.setRaw(
    descriptor,
    dict(
      `/Type /FontDescriptor /FontName /${name} /Flags 4 ` +
        `/FontBBox [${[box.minX, box.minY, box.maxX, box.maxY].map((v) => num(v * scale)).join(" ")}] ` +
        `/ItalicAngle ${num(file.italicAngle)} /Ascent ${num(file.ascent * scale)} /Descent ${num(file.descent * scale)} ` +
        `/CapHeight ${num(file.capHeight * scale)} /StemV 0 /FontFile2 ${refString(fontFile)}`,
    ),
  );
  const cidFont = changes.allocate();
  changes.setRaw(
    cidFont,
    dict(
      `/Type /Font /Subtype /CIDFontType2 /BaseFont /${name} ` +
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> " +
        `/FontDescriptor ${refString(descriptor)} /W [0 [${byCid.map((gid) => num(widthOf(gid))).join(" ")}]] /CIDToGIDMap /Identity`,
    ),
  );
  const type0 = changes.allocate();
  changes.setRaw(
    type0,
    dict(
      `/Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /Identity-H ` +
        `/DescendantFonts [${refString(cidFont)}] /ToUnicode ${refString(toUnicode)}`,
    ),
  );
  return {
    ref: type0,
    cid: (gid) => {
      const cid = cids.get(gid);
      if (cid === undefined) throw new Error(`glyph ${gid} is not in the embedded subset`);
      return cid;
    },
    width: widthOf,
  };
}

const dict = (entries: string): Buffer => Buffer.from(`<< ${entries} >>`, "latin1");

function stream(entries: string, data: Uint8Array): Buffer {
  const packed = deflateSync(data);
  return Buffer.concat([
    Buffer.from(`<< /Length ${packed.length} /Filter /FlateDecode${entries ? ` ${entries}` : ""} >>\nstream\n`, "latin1"),
    packed,
    Buffer.from("\nendstream", "latin1"),
  ]);
}

/** fontkit writes a subset through an event stream, on the next tick (as pdf-lib's embedder reads it). */
function encode(subset: Subset): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Uint8Array[] = [];
    subset
      .encodeStream()
      .on("data", (d) => parts.push(d))
      .on("end", () => resolve(Buffer.concat(parts)));
  });
}

/** Six capital letters before a subset's name (ISO 32000-1 §9.6.4), derived from its bytes. */
function subsetTag(program: Buffer): string {
  return [...createHash("sha256").update(program).digest().subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join("");
}
