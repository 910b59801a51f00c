import { asInt, dictGet, type IndirectObject, type PdfDict } from "./rawObjects.js";
import { PdfSyntaxError, RawParser } from "./rawParser.js";
import { decodeStream, type StreamDecoder } from "./streamFilters.js";

export type XrefEntry =
  | { type: "free" }
  | { type: "offset"; offset: number; gen: number }
  | { type: "compressed"; stream: number; index: number };

/** One cross-reference section: a classic `xref` table with its trailer, or an xref stream. */
export interface XrefSection {
  offset: number;
  kind: "table" | "stream";
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  /** Offset just past the trailer dictionary or the xref stream object. */
  end: number;
}

/** Object numbers beyond this are refused: no real document has them and they cost memory. */
const MAX_OBJECTS = 8_000_000;
/** An xref stream may list at least this many objects whatever the file's size. */
const MIN_ENTRY_CAP = 100_000;

function parseTable(buf: Buffer, offset: number): XrefSection {
  const p = new RawParser(buf, offset);
  p.expectWord("xref");
  const entries = new Map<number, XrefEntry>();
  for (;;) {
    const head = p.word(true);
    if (head === "trailer") break;
    const at = p.pos;
    const first = Number(p.word());
    const count = Number(p.word());
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count) || first < 0 || count < 0 || first + count > MAX_OBJECTS) {
      throw new PdfSyntaxError("bad xref subsection header", at);
    }
    for (let i = 0; i < count; i++) {
      const eAt = p.pos;
      const off = p.word();
      const gen = p.word();
      const t = p.word();
      if (!/^\d+$/.test(off) || !/^\d+$/.test(gen) || (t !== "n" && t !== "f")) throw new PdfSyntaxError("bad xref entry", eAt);
      // An object listed twice in one section: the first one wins, as in most readers.
      if (entries.has(first + i)) continue;
      entries.set(first + i, t === "n" ? { type: "offset", offset: Number(off), gen: Number(gen) } : { type: "free" });
    }
  }
  p.expectWord("trailer");
  const trailer = p.readValue();
  if (trailer.kind !== "dict") throw new PdfSyntaxError("trailer is not a dictionary", p.pos);
  return { offset, kind: "table", entries, trailer, end: p.pos };
}

/** What an xref stream's dictionary says of its rows, checked before any row is read. */
export interface XrefStreamHead {
  obj: IndirectObject;
  dict: PdfDict;
  /** The stream's raw (undecoded) data. */
  raw: Buffer;
  /** The three field widths (/W). */
  w: [number, number, number];
  /** [first, count] pairs (/Index, else [0 /Size]). */
  index: number[];
  /** How many rows /Index claims in all. */
  claimed: number;
}

/** Reads and checks the xref stream object at `offset`, without decoding its rows; the stream ends at the next "endstream". */
export function readXrefStreamHead(buf: Buffer, offset: number): XrefStreamHead {
  return xrefStreamHeadOf(buf, offset, new RawParser(buf, offset).readIndirect());
}

/** The checks of readXrefStreamHead on an object already read (or only its dictionary's needed entries). */
export function xrefStreamHeadOf(buf: Buffer, offset: number, obj: IndirectObject): XrefStreamHead {
  const dict = obj.value;
  if (dict.kind !== "dict" || !obj.stream || dictGet(dict, "Type")?.kind !== "name" || (dict.entries.get("Type") as { value: string }).value !== "XRef") {
    throw new PdfSyntaxError("startxref does not point to an xref table or stream", offset);
  }
  const wv = dict.entries.get("W");
  const w = wv?.kind === "array" ? wv.items.map((x) => asInt(x) ?? -1) : [];
  if (w.length !== 3 || w.some((x) => x < 0 || x > 8)) throw new PdfSyntaxError("bad /W in xref stream", offset);
  const size = asInt(dict.entries.get("Size")) ?? -1;
  if (size < 0 || size > MAX_OBJECTS) throw new PdfSyntaxError("bad /Size in xref stream", offset);
  const iv = dict.entries.get("Index");
  const index = iv?.kind === "array" ? iv.items.map((x) => asInt(x) ?? -1) : [0, size];
  if (index.length % 2 || index.some((x) => x < 0)) throw new PdfSyntaxError("bad /Index in xref stream", offset);
  const [w0, w1, w2] = w as [number, number, number];
  if (w0 + w1 + w2 === 0) throw new PdfSyntaxError("xref stream rows have no width", offset);
  // A deflated xref stream can claim millions of objects in a few kilobytes, and every revision
  // then carries them all. Real files list far fewer entries than four per byte, even with
  // sparse object numbers (free entries count too), above a floor for small files.
  const maxEntries = Math.max(MIN_ENTRY_CAP, 4 * buf.length);
  let claimed = 0;
  for (let s = 0; s < index.length; s += 2) claimed += index[s + 1] as number;
  if (claimed > maxEntries) throw new PdfSyntaxError(`xref stream lists ${claimed} objects, more than a ${buf.length}-byte file can plausibly hold`, offset);
  for (let s = 0; s < index.length; s += 2) {
    if ((index[s] as number) + (index[s + 1] as number) > MAX_OBJECTS) throw new PdfSyntaxError("xref stream subsection too large", offset);
  }
  return { obj, dict, raw: obj.stream, w: [w0, w1, w2], index, claimed };
}

/** Row `row` of decoded xref stream data: its entry, or undefined for a type no reader knows. */
export function xrefStreamRow(data: Buffer, w: [number, number, number], row: number): XrefEntry | undefined {
  const [w0, w1, w2] = w;
  let pos = row * (w0 + w1 + w2);
  // Each field big-endian; an absent type field means type 1, absent others 0.
  let type = w0 === 0 ? 1 : 0;
  for (let i = 0; i < w0; i++) type = type * 256 + (data[pos++] as number);
  let a = 0;
  for (let i = 0; i < w1; i++) a = a * 256 + (data[pos++] as number);
  let b = 0;
  for (let i = 0; i < w2; i++) b = b * 256 + (data[pos++] as number);
  if (type === 0) return { type: "free" };
  if (type === 1) return { type: "offset", offset: a, gen: b };
  if (type === 2) return { type: "compressed", stream: a, index: b };
  return undefined;
}

function parseStream(buf: Buffer, offset: number, decode: StreamDecoder): XrefSection {
  const { obj, dict, raw, w, index } = readXrefStreamHead(buf, offset);
  const data = decode(dict, raw);
  const rowLen = w[0] + w[1] + w[2];
  const entries = new Map<number, XrefEntry>();
  let row = 0;
  for (let s = 0; s < index.length; s += 2) {
    const first = index[s] as number;
    const count = index[s + 1] as number;
    for (let i = 0; i < count; i++, row++) {
      if ((row + 1) * rowLen > data.length) throw new PdfSyntaxError("xref stream data too short", offset);
      if (entries.has(first + i)) continue;
      const e = xrefStreamRow(data, w, row);
      if (e) entries.set(first + i, e);
    }
  }
  return { offset, kind: "stream", entries, trailer: dict, end: obj.end };
}

/** Parses the cross-reference section that starts at `offset` (table or stream). */
export function parseXrefSection(buf: Buffer, offset: number, decode: StreamDecoder = decodeStream): XrefSection {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= buf.length) {
    throw new PdfSyntaxError("xref offset outside the file", Math.max(0, Math.min(offset, buf.length)));
  }
  const p = new RawParser(buf, offset);
  return p.word(true) === "xref" ? parseTable(buf, offset) : parseStream(buf, offset, decode);
}
