import { asInt, type IndirectObject, type PdfDict } from "./rawObjects.js";
import { PdfSyntaxError, RawParser } from "./rawParser.js";
import type { XrefLookup } from "./revisionObjects.js";
import { decodeStream, type StreamDecoder } from "./streamFilters.js";
import { MAX_CHAIN } from "./revisions.js";
import { parseXrefSection, readXrefStreamHead, xrefStreamHeadOf, xrefStreamRow, type XrefEntry, type XrefStreamHead } from "./xrefSection.js";
import { skimDict } from "./dictSkim.js";

/**
 * The cross-reference chain read lazily, for signing (#16): each section's trailer (or xref
 * stream dictionary) and which object numbers it lists are read up front; a classic table's rows
 * are read where they sit (every row is 20 bytes, so an object's row is found by arithmetic, not
 * by tokenising the table) and an xref stream is decoded only when an object it lists is asked
 * for. An object is looked up newest section first and remembered for this read only.
 *
 * What the whole-chain reader (`readChain`) would refuse is not all checked here: a row or an
 * offset is checked when it is used. Anything unexpected in what is used throws
 * `XrefNeedsFullRead`, and the caller then reads the chain whole, which judges the file as the
 * verifier will. Unlike readChain, which refuses a section with any wrong offset, only the
 * offsets used are checked: signing sees stored versions, whose upload check refused the others
 * (the verifier's read of its trial update), and a local file (CLI `sign`) is signed with
 * `wholeChain`, which reads the chain whole.
 */
export class XrefNeedsFullRead extends Error {
  constructor(detail: string) {
    super(`the cross-reference data must be read whole: ${detail}`);
    this.name = "XrefNeedsFullRead";
  }
}

export interface LazySection {
  offset: number;
  kind: "table" | "stream";
  /**
   * The trailer (a table's) or the xref stream's dictionary; of an older xref stream only the
   * entries OLDER_SECTION_KEYS names (/Prev, /Index, /Encrypt ...), not its /ID, /Root or /Info.
   */
  trailer: PdfDict;
  /** [first, count] of each subsection, in order: the numbers this section lists. */
  ranges: Array<[number, number]>;
  /** The least object number it lists and one past the greatest (lo = hi when it lists none). */
  lo: number;
  hi: number;
  /** The entry this section gives object `num` (the first row listing it), if any. */
  entry(num: number): XrefEntry | undefined;
}

/** Bytes of one classic xref row: 10-digit offset, space, 5-digit generation, space, n or f, two-byte end of line. */
const ROW = 20;
const MAX_OBJECTS = 8_000_000;

/** [least number listed, one past the greatest] of `ranges`; [0, 0] when they list none. */
function span(ranges: Array<[number, number]>): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = 0;
  for (const [first, count] of ranges) {
    if (count <= 0) continue;
    lo = Math.min(lo, first);
    hi = Math.max(hi, first + count);
  }
  return lo === Infinity ? { lo: 0, hi: 0 } : { lo, hi };
}

const digit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** Whether a well-formed 20-byte row starts at `pos` (its end of line is one of " \r", " \n", "\r\n"). */
function rowShaped(buf: Buffer, pos: number): boolean {
  for (let i = 0; i < 17; i++) if ((i === 10 || i === 16) !== (buf[pos + i] === 0x20) || (i !== 10 && i !== 16 && !digit(buf[pos + i]))) return false;
  const t = buf[pos + 17];
  const a = buf[pos + 18];
  const b = buf[pos + 19];
  return (t === 0x6e || t === 0x66) && ((a === 0x20 && (b === 0x0d || b === 0x0a)) || (a === 0x0d && b === 0x0a));
}

function rowEntry(buf: Buffer, pos: number): XrefEntry {
  if (!rowShaped(buf, pos)) throw new PdfSyntaxError("bad xref entry", pos);
  if (buf[pos + 17] === 0x66) return { type: "free" };
  let offset = 0;
  for (let i = 0; i < 10; i++) offset = offset * 10 + ((buf[pos + i] as number) - 0x30);
  let gen = 0;
  for (let i = 11; i < 16; i++) gen = gen * 10 + ((buf[pos + i] as number) - 0x30);
  return { type: "offset", offset, gen };
}

/** A section whose entries were all read (a table not laid out in 20-byte rows). */
function wholeSection(buf: Buffer, offset: number, decode: StreamDecoder): LazySection {
  const s = parseXrefSection(buf, offset, decode);
  const nums = [...s.entries.keys()].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = nums.length > 0 ? [[nums[0] as number, (nums[nums.length - 1] as number) - (nums[0] as number) + 1]] : [];
  return { offset, kind: s.kind, trailer: s.trailer, ranges, ...span(ranges), entry: (num) => s.entries.get(num) };
}

/** A classic table whose rows are all 20 bytes: an object's row is found by arithmetic. */
class TableSection implements LazySection {
  readonly kind = "table";
  readonly ranges: Array<[number, number]> = [];
  readonly trailer: PdfDict;
  readonly lo: number;
  readonly hi: number;
  /** Where each subsection's first row starts. */
  private readonly rowStarts: number[] = [];

  constructor(
    private readonly buf: Buffer,
    readonly offset: number,
  ) {
    const p = new RawParser(buf, offset);
    p.expectWord("xref");
    while (p.word(true) !== "trailer") {
      const at = p.pos;
      const first = Number(p.word());
      const count = Number(p.word());
      if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count) || first < 0 || count < 0 || first + count > MAX_OBJECTS) {
        throw new PdfSyntaxError("bad xref subsection header", at);
      }
      p.skipWs();
      const rows = p.pos;
      // Every row shaped, not only the first and last: a shaped row holds no '%', so the tokens the
      // whole reader takes are exactly these rows (a comment hiding a row of another length, made
      // up for by shorter rows after it, would otherwise shift which row arithmetic finds).
      if (rows + count * ROW > buf.length) throw new PdfSyntaxError("xref rows are not 20 bytes each", rows);
      for (let r = rows; r < rows + count * ROW; r += ROW) if (!rowShaped(buf, r)) throw new PdfSyntaxError("xref rows are not 20 bytes each", r);
      this.ranges.push([first, count]);
      this.rowStarts.push(rows);
      p.pos = rows + count * ROW;
      const next = p.word(true);
      if (next !== "trailer" && !/^\d+$/.test(next)) throw new PdfSyntaxError("xref rows are not 20 bytes each", p.pos);
    }
    p.expectWord("trailer");
    const trailer = p.readValue();
    if (trailer.kind !== "dict") throw new PdfSyntaxError("trailer is not a dictionary", p.pos);
    this.trailer = trailer;
    ({ lo: this.lo, hi: this.hi } = span(this.ranges));
  }

  entry(num: number): XrefEntry | undefined {
    for (let i = 0; i < this.ranges.length; i++) {
      const [first, count] = this.ranges[i] as [number, number];
      if (num >= first && num < first + count) return rowEntry(this.buf, (this.rowStarts[i] as number) + (num - first) * ROW);
    }
    return undefined;
  }
}

/** What an older section's dictionary is read for: the chain, the rows, decoding them, and the encryption check. */
const OLDER_SECTION_KEYS: readonly string[] = ["Type", "Size", "Prev", "W", "Index", "Length", "Filter", "DecodeParms", "Encrypt", "XRefStm"];

const ENDSTREAM = Buffer.from("endstream", "latin1");

/**
 * An older xref stream's head with only the entries OLDER_SECTION_KEYS read from its dictionary
 * (its /ID strings, /Root and /Info stepped over); undefined when anything is not so plain, and
 * the whole object is read instead. Its data ends where readChain's (parseStream's) ends: at the
 * next "endstream", less the end of line before it, whatever /Length says.
 */
function skimmedHead(buf: Buffer, offset: number): XrefStreamHead | undefined {
  try {
    const p = new RawParser(buf, offset);
    const num = p.digitsWord();
    const gen = p.digitsWord();
    if (num === undefined || gen === undefined || !p.keyword("obj")) return undefined;
    if (!Number.isSafeInteger(num) || !Number.isSafeInteger(gen)) return undefined;
    const { dict, end } = skimDict(buf, p.pos, OLDER_SECTION_KEYS);
    p.pos = end;
    if (!p.keyword("stream")) return undefined;
    if (buf[p.pos] === 0x0d) p.pos++;
    if (buf[p.pos] === 0x0a) p.pos++;
    const dataStart = p.pos;
    const k = buf.indexOf(ENDSTREAM, dataStart);
    if (k < 0) return undefined;
    let dataEnd = k;
    if (buf[dataEnd - 1] === 0x0a) dataEnd--;
    if (buf[dataEnd - 1] === 0x0d) dataEnd--;
    const obj: IndirectObject = { num, gen, value: dict, stream: buf.subarray(dataStart, dataEnd), start: offset, end: k + "endstream".length };
    return xrefStreamHeadOf(buf, offset, obj);
  } catch (e) {
    if (e instanceof PdfSyntaxError) return undefined;
    throw e;
  }
}

/** An xref stream: its dictionary read, its rows decoded only when an object it lists is asked for. */
class StreamSection implements LazySection {
  readonly kind = "stream";
  readonly ranges: Array<[number, number]> = [];
  readonly trailer: PdfDict;
  readonly lo: number;
  readonly hi: number;
  private readonly head: XrefStreamHead;
  private data: Buffer | undefined;

  constructor(
    readonly offset: number,
    buf: Buffer,
    private readonly decode: StreamDecoder,
    skim: boolean,
  ) {
    // The data ends at the next "endstream", as readChain reads it (not where /Length says).
    this.head = (skim ? skimmedHead(buf, offset) : undefined) ?? readXrefStreamHead(buf, offset);
    this.trailer = this.head.dict;
    const { index } = this.head;
    for (let s = 0; s < index.length; s += 2) this.ranges.push([index[s] as number, index[s + 1] as number]);
    ({ lo: this.lo, hi: this.hi } = span(this.ranges));
  }

  /** The decoded rows (decoded once, under the document's decode bounds). */
  rows(): Buffer {
    if (!this.data) {
      const { dict, raw, w, claimed } = this.head;
      const data = this.decode(dict, raw);
      if (data.length < claimed * (w[0] + w[1] + w[2])) throw new PdfSyntaxError("xref stream data too short", this.offset);
      this.data = data;
    }
    return this.data;
  }

  entry(num: number): XrefEntry | undefined {
    let row = 0;
    const { ranges } = this;
    for (let i = 0; i < ranges.length; i++) {
      const range = ranges[i] as [number, number];
      const first = range[0];
      const count = range[1];
      if (num >= first && num < first + count) {
        const e = xrefStreamRow(this.rows(), this.head.w, row + num - first);
        if (e) return e;
      }
      row += count;
    }
    return undefined;
  }
}

function lazySection(buf: Buffer, offset: number, decode: StreamDecoder, older: boolean): LazySection {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= buf.length) {
    throw new PdfSyntaxError("xref offset outside the file", Math.max(0, Math.min(offset, buf.length)));
  }
  if (new RawParser(buf, offset).word(true) !== "xref") return new StreamSection(offset, buf, decode, older);
  try {
    return new TableSection(buf, offset);
  } catch (e) {
    if (!(e instanceof PdfSyntaxError)) throw e;
    // Not laid out as the standard says (19- or 21-byte rows): tokenised whole, as readChain does.
    return wholeSection(buf, offset, decode);
  }
}

/** A table section of a hybrid file with its /XRefStm stream's entries where the table has none or a free one. */
function hybrid(table: LazySection, extra: LazySection): LazySection {
  return {
    ...table,
    ranges: [...table.ranges, ...extra.ranges],
    ...span([...table.ranges, ...extra.ranges]),
    entry(num) {
      const e = table.entry(num);
      if (e && e.type !== "free") return e;
      return extra.entry(num) ?? e;
    },
  };
}

/** The chain from `startxref` as readChain follows it (newest first, /Prev, /XRefStm), each section read lazily. */
export class LazyXrefChain implements XrefLookup {
  readonly sections: LazySection[] = [];
  private readonly found = new Map<number, XrefEntry | undefined>();

  constructor(
    private readonly bytes: Buffer,
    startxref: number,
    limit: number,
    decode: StreamDecoder = decodeStream,
  ) {
    const seen = new Set<number>();
    let next: number | undefined = startxref;
    while (next !== undefined) {
      if (seen.has(next) || this.sections.length >= MAX_CHAIN) throw new PdfSyntaxError("xref /Prev chain loops", next);
      if (next >= limit) throw new PdfSyntaxError("xref section lies after its revision's end", next);
      seen.add(next);
      // Only the newest section's trailer is wanted whole (the update repeats its /Root, /Info and /ID).
      let section = lazySection(bytes, next, decode, this.sections.length > 0);
      const stm = asInt(section.trailer.entries.get("XRefStm"));
      if (section.kind === "table" && stm !== undefined && stm < limit && !seen.has(stm)) {
        seen.add(stm);
        section = hybrid(section, lazySection(bytes, stm, decode, true));
      }
      this.sections.push(section);
      next = asInt(section.trailer.entries.get("Prev"));
    }
    // The newest section, which the update's section continues, is decoded whatever it lists: a
    // decompression bomb there refuses the file (pdf.decode_limit) as the whole read would.
    const newest = this.sections[0];
    if (newest instanceof StreamSection) newest.rows();
  }

  /**
   * The newest entry for `num`. An entry that cannot be read, or an offset with no object header
   * there, throws XrefNeedsFullRead (readChain refuses such a section as damaged).
   */
  get(num: number): XrefEntry | undefined {
    if (this.found.has(num)) return this.found.get(num);
    let entry: XrefEntry | undefined;
    try {
      entry = this.newest(num);
    } catch (e) {
      if (e instanceof PdfSyntaxError) throw new XrefNeedsFullRead(e.message);
      throw e;
    }
    if (entry?.type === "offset" && num !== 0 && (entry.offset >= this.bytes.length || !new RawParser(this.bytes, entry.offset).objectHeaderAhead())) {
      throw new XrefNeedsFullRead(`object ${num} is not at the offset its row gives`);
    }
    this.found.set(num, entry);
    return entry;
  }

  private newest(num: number): XrefEntry | undefined {
    const { sections } = this;
    for (let i = 0; i < sections.length; i++) {
      const s = sections[i] as LazySection;
      if (num < s.lo || num >= s.hi) continue;
      const entry = s.entry(num);
      if (entry) return entry;
    }
    return undefined;
  }

  /**
   * One past the highest object number any section lists (free or not, a whole subsection's range):
   * an upper bound of readChain's highest number in use, so at most /Size means /Size is the first free.
   */
  listedEnd(): number {
    let end = 0;
    for (const s of this.sections) end = Math.max(end, s.hi);
    return end;
  }
}
