import { MoharError } from "../errors.js";
import { asInt, type PdfDict } from "./rawObjects.js";
import { isWhite, PdfSyntaxError, RawParser } from "./rawParser.js";
import { newObjectCache, RevisionObjects } from "./revisionObjects.js";
import type { StreamDecoder } from "./streamFilters.js";
import { parseXrefSection, type XrefEntry, type XrefSection } from "./xrefSection.js";

/** One revision: the file as it was when this %%EOF was written. */
export interface Revision {
  index: number;
  startxref: number;
  /** Offset just past `%%EOF`. */
  eofEnd: number;
  /** `eofEnd` plus the end-of-line marker that follows it, if any. */
  endOffset: number;
  /** The xref chain this revision's reader follows, newest first. */
  sections: XrefSection[];
  trailer: PdfDict;
  objects: RevisionObjects;
}

export interface PdfStructure {
  bytes: Buffer;
  revisions: Revision[];
  /** Non-blank bytes after the last complete revision (appended data no reader accounts for). */
  trailing: { start: number; end: number } | null;
  encrypted: boolean;
}

const MAX_CHAIN = 1000;
/** Real documents have tens of revisions; each one costs a full diff, so absurd counts are refused. */
const MAX_REVISIONS = 300;
/** `startxref N` must sit just before its %%EOF. */
const STARTXREF_WINDOW = 1024;

type SectionCache = Map<number, XrefSection>;

function readSection(bytes: Buffer, offset: number, cache: SectionCache, decode?: StreamDecoder): XrefSection {
  let s = cache.get(offset);
  if (!s) {
    s = parseXrefSection(bytes, offset, decode);
    cache.set(offset, s);
  }
  return s;
}

/**
 * The cross-reference sections a reader of the revision whose `startxref` keyword sits at `limit`
 * follows, newest first (the /Prev chain, with a hybrid file's /XRefStm sections merged in).
 */
export function readChain(bytes: Buffer, startxref: number, limit: number, cache: SectionCache = new Map(), decode?: StreamDecoder): XrefSection[] {
  const chain: XrefSection[] = [];
  const seen = new Set<number>();
  let next: number | undefined = startxref;
  while (next !== undefined) {
    if (seen.has(next) || chain.length >= MAX_CHAIN) throw new PdfSyntaxError("xref /Prev chain loops", next);
    if (next >= limit) throw new PdfSyntaxError("xref section lies after its revision's end", next);
    seen.add(next);
    const section = readSection(bytes, next, cache, decode);
    chain.push(section);
    // Hybrid files: a table's trailer may name an xref stream holding the compressed objects.
    const stm = asInt(section.trailer.entries.get("XRefStm"));
    if (section.kind === "table" && stm !== undefined && stm < limit && !seen.has(stm)) {
      seen.add(stm);
      const extra = readSection(bytes, stm, cache, decode);
      for (const [n, e] of extra.entries) {
        const cur = section.entries.get(n);
        if (!cur || cur.type === "free") section.entries.set(n, e);
      }
    }
    next = asInt(section.trailer.entries.get("Prev"));
  }
  return chain;
}

/** The object table a chain gives: for each object, the newest section's entry. */
export function mergedTable(chain: XrefSection[]): Map<number, XrefEntry> {
  const table = new Map<number, XrefEntry>();
  for (const s of chain) for (const [n, e] of s.entries) if (!table.has(n)) table.set(n, e);
  return table;
}

function findAll(bytes: Buffer, needle: string): number[] {
  const out: number[] = [];
  for (let i = bytes.indexOf(needle, 0, "latin1"); i >= 0; i = bytes.indexOf(needle, i + 1, "latin1")) out.push(i);
  return out;
}

/** Throws the MoharError for input that is not a PDF at all. */
export function assertPdfHeader(bytes: Buffer): void {
  if (bytes.length === 0) throw new MoharError("pdf.empty", "the file is empty");
  if (bytes.subarray(0, 1024).indexOf("%PDF-", 0, "latin1") < 0) {
    throw new MoharError("pdf.not_pdf", "the file is not a PDF (no %PDF- header)");
  }
}

/**
 * Splits a PDF into its revisions: every `%%EOF` preceded by a `startxref` whose xref chain
 * parses and lies wholly before it ends one revision. Throws MoharError when no revision is readable.
 */
export function readPdfStructure(bytes: Buffer): PdfStructure {
  assertPdfHeader(bytes);
  const cache = newObjectCache();
  const sections: SectionCache = new Map();
  const revisions: Revision[] = [];
  let prevEof = -1;
  let lastProblem = "no %%EOF marker";
  for (const eof of findAll(bytes, "%%EOF")) {
    const from = Math.max(0, eof - STARTXREF_WINDOW);
    const rel = bytes.subarray(from, eof).lastIndexOf("startxref", undefined, "latin1");
    const sx = rel < 0 ? -1 : from + rel;
    if (sx < 0 || sx <= prevEof) continue;
    const p = new RawParser(bytes, sx + "startxref".length);
    const startxref = Number(p.word());
    let q = p.pos;
    while (q < eof && isWhite(bytes[q])) q++;
    if (!Number.isSafeInteger(startxref) || q !== eof) continue;
    let chain: XrefSection[];
    try {
      chain = readChain(bytes, startxref, sx, sections);
    } catch (e) {
      if (!(e instanceof PdfSyntaxError)) throw e;
      lastProblem = e.message;
      continue;
    }
    const eofEnd = eof + 5;
    let endOffset = eofEnd;
    if (bytes[endOffset] === 0x0d) endOffset++;
    if (bytes[endOffset] === 0x0a) endOffset++;
    const trailer = chain[0]?.trailer as PdfDict;
    revisions.push({
      index: revisions.length,
      startxref,
      eofEnd,
      endOffset,
      sections: chain,
      trailer,
      objects: new RevisionObjects(bytes, mergedTable(chain), cache),
    });
    prevEof = eof;
    if (revisions.length > MAX_REVISIONS) {
      throw new MoharError("pdf.too_many_revisions", `the PDF has more than ${MAX_REVISIONS} revisions`);
    }
  }
  const last = revisions[revisions.length - 1];
  if (!last) throw new MoharError("pdf.unreadable", `the PDF structure cannot be read (${lastProblem})`);
  let t = last.endOffset;
  while (t < bytes.length && isWhite(bytes[t])) t++;
  const trailing = t < bytes.length ? { start: last.endOffset, end: bytes.length } : null;
  const encrypted = revisions.some((r) => r.trailer.entries.has("Encrypt"));
  return { bytes, revisions, trailing, encrypted };
}
