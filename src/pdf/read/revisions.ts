import { MoharError } from "../../errors.js";
import { openDocumentEncryption, trailerEncryption } from "./documentEncryption.js";
import { decryptObject, type FileEncryption } from "./encryption.js";
import { asInt, type PdfDict } from "./rawObjects.js";
import { isWhite, PdfSyntaxError, RawParser } from "./rawParser.js";
import { newObjectCache, RevisionObjects, type ObjectCache } from "./revisionObjects.js";
import { decodeStream, type StreamDecoder } from "./streamFilters.js";
import { parseXrefSection, type XrefEntry, type XrefSection } from "./xrefSection.js";
import { openSealedStreams, repairedTable, repairedTrailer, scanObjects, type ObjectScan } from "./xrefRepair.js";

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
  objects: RevisionObjects<Map<number, XrefEntry>>;
  /**
   * Why this revision's cross-reference data could not be read, when it was rebuilt by scanning
   * the file for objects (xrefRepair.ts); null for a revision read through its startxref.
   */
  repaired: string | null;
}

export interface PdfStructure {
  bytes: Buffer;
  revisions: Revision[];
  /** Non-blank bytes after the last complete revision (appended data no reader accounts for). */
  trailing: { start: number; end: number } | null;
  /** How the file is encrypted (and was opened), or null when it is not encrypted. */
  encryption: string | null;
  /** What was repaired, one sentence per rebuilt revision, for the report. */
  repairs: string[];
}

/** Sections in one /Prev chain, at most (a loop otherwise). */
export const MAX_CHAIN = 1000;
/** Real documents have tens of revisions; each one costs a full diff, so absurd counts are refused. */
const MAX_REVISIONS = 300;
/** `startxref N` must sit just before its %%EOF. */
const STARTXREF_WINDOW = 1024;

type SectionCache = Map<number, XrefSection>;

function readSection(bytes: Buffer, offset: number, cache: SectionCache, decode?: StreamDecoder): XrefSection {
  let s = cache.get(offset);
  if (!s) {
    s = parseXrefSection(bytes, offset, decode);
    const wrong = wrongOffsets(bytes, s);
    if (wrong) throw new PdfSyntaxError(wrong, offset);
    cache.set(offset, s);
  }
  return s;
}

/**
 * Whether a section's offsets point at object headers (`N G obj`), as a reader needs; a table
 * written with wrong offsets (bytes inserted or removed after writing) is damaged data that
 * readers repair by scanning, so it is treated as such. Null when every offset is usable.
 */
function wrongOffsets(bytes: Buffer, s: XrefSection): string | null {
  const wrong: number[] = [];
  for (const [num, e] of s.entries) {
    if (e.type !== "offset" || num === 0) continue;
    // An offset at another object's header is not damage but a claim the diff judges (shadow attacks).
    if (e.offset >= bytes.length || !new RawParser(bytes, e.offset).objectHeaderAhead()) wrong.push(num);
    if (wrong.length > 3) break;
  }
  if (wrong.length === 0) return null;
  return `the cross-reference section gives wrong offsets (object${wrong.length > 1 ? "s" : ""} ${wrong.slice(0, 3).join(", ")}${wrong.length > 3 ? " and more" : ""} not at an object header)`;
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

function endOf(bytes: Buffer, eofEnd: number): number {
  let end = eofEnd;
  if (bytes[end] === 0x0d) end++;
  if (bytes[end] === 0x0a) end++;
  return end;
}

/** A revision found before numbering: the %%EOF that ends it, and the revision. */
interface Found {
  eof: number;
  rev: Omit<Revision, "index">;
}

/**
 * Where a revision's xref chain leaps backwards over bytes: from a section to an older one (its
 * /Prev) that lies after it. A %%EOF in such a stretch ends no revision of that chain: a
 * linearized file's first-page %%EOF is one.
 */
function leaps(chain: XrefSection[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  chain.forEach((s, i) => {
    const older = chain[i + 1];
    if (older && older.offset > s.offset) out.push([s.offset, older.offset]);
  });
  return out;
}

/**
 * An encrypted file's object streams are encrypted too: their members are listed by the scan
 * only with the file's key, opened (empty user password) from the newest trailer the scan found.
 * Nothing is listed when the key cannot be opened; reading the revisions then says why.
 */
function openEncryptedObjectStreams(bytes: Buffer, scan: ObjectScan): void {
  if (scan.sealed.length === 0) return;
  const table = repairedTable(scan, bytes.length, null, 0);
  const trailer = repairedTrailer(scan, bytes.length, table);
  if (!trailer) return;
  let fe: FileEncryption | null;
  try {
    fe = trailerEncryption(trailer, new RevisionObjects(bytes, table, newObjectCache()));
  } catch (e) {
    if (e instanceof MoharError || e instanceof PdfSyntaxError) return;
    throw e;
  }
  const key = fe;
  if (!key) return;
  openSealedStreams(scan, (num, gen, dict, raw) => decodeStream(dict, decryptObject(key, { num, gen, value: dict, stream: raw }).stream ?? raw));
}

/**
 * Revisions rebuilt by scanning the file for objects, as poppler and qpdf read a file whose
 * cross-reference data is damaged (startxref missing or wrong, sections that do not parse), for
 * each %%EOF that ends no readable revision: after the last readable one, and before or between
 * readable ones when the bytes since the previous revision hold objects (a signer wrote a wrong
 * startxref and a later writer found its xref again). Not a %%EOF inside an object's data, nor
 * one a later xref chain leaps over. Each keeps the view of the readable revision before it
 * (xrefRepair.ts `repairedTable`).
 */
function repairRevisions(bytes: Buffer, eofs: number[], problems: Map<number, string>, readable: Found[], cache: ObjectCache): Found[] {
  const candidates: Array<{ eof: number; base: Found | undefined; next: Found | undefined }> = [];
  const leapsOf = new Map<Found, Array<[number, number]>>();
  let k = 0;
  for (const eof of eofs) {
    while (k < readable.length && (readable[k] as Found).eof < eof) k++;
    if (!problems.has(eof)) continue;
    const next = readable[k];
    if (next && !leapsOf.has(next)) leapsOf.set(next, leaps(next.rev.sections));
    if (next && leapsOf.get(next)?.some(([from, to]) => from < eof && eof < to)) continue;
    candidates.push({ eof, base: readable[k - 1], next });
  }
  if (candidates.length === 0) return [];
  const scan = scanObjects(bytes);
  if (scan.found.length === 0) return [];
  openEncryptedObjectStreams(bytes, scan);
  const out: Found[] = [];
  // One pass over the scan (both in file order): the last object before each %%EOF, and how far objects before it reach.
  let i = 0;
  let reach = -1;
  let lastAt = -1;
  for (const { eof, base, next } of candidates) {
    for (let f = scan.found[i]; f && f.at < eof; f = scan.found[++i]) {
      lastAt = f.at;
      if (f.entry.type === "offset") reach = Math.max(reach, f.end);
    }
    if (reach > eof) continue;
    const baseEnd = base?.rev.endOffset ?? 0;
    if (next && lastAt < Math.max(baseEnd, out[out.length - 1]?.rev.endOffset ?? 0)) continue;
    if (readable.length + out.length >= MAX_REVISIONS) throw new MoharError("pdf.too_many_revisions", `the PDF has more than ${MAX_REVISIONS} revisions`);
    const eofEnd = eof + 5;
    const table = repairedTable(scan, eofEnd, base?.rev.objects.table ?? null, baseEnd);
    const trailer = repairedTrailer(scan, eofEnd, table);
    if (!trailer || table.size === 0) continue;
    const why = problems.get(eof) ?? "its cross-reference data cannot be read";
    out.push({ eof, rev: { startxref: -1, eofEnd, endOffset: endOf(bytes, eofEnd), sections: [], trailer, objects: new RevisionObjects(bytes, table, cache), repaired: why } });
  }
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
  let prevEof = -1;
  let lastProblem = "no %%EOF marker";
  /** Why each %%EOF did not end a readable revision. */
  const problems = new Map<number, string>();
  const eofs = findAll(bytes, "%%EOF");
  const readable: Found[] = [];
  for (const eof of eofs) {
    const from = Math.max(0, eof - STARTXREF_WINDOW);
    const rel = bytes.subarray(from, eof).lastIndexOf("startxref", undefined, "latin1");
    const sx = rel < 0 ? -1 : from + rel;
    if (sx < 0 || sx <= prevEof) {
      problems.set(eof, "there is no startxref before its %%EOF");
      continue;
    }
    const p = new RawParser(bytes, sx + "startxref".length);
    const startxref = Number(p.word());
    let q = p.pos;
    while (q < eof && isWhite(bytes[q])) q++;
    if (!Number.isSafeInteger(startxref) || q !== eof) {
      problems.set(eof, "its startxref is not followed by a byte offset");
      continue;
    }
    let chain: XrefSection[];
    try {
      chain = readChain(bytes, startxref, sx, sections);
    } catch (e) {
      if (!(e instanceof PdfSyntaxError)) throw e;
      lastProblem = e.message;
      problems.set(eof, `its startxref ${startxref} does not lead to readable cross-reference data (${e.message})`);
      continue;
    }
    const eofEnd = eof + 5;
    readable.push({ eof, rev: { startxref, eofEnd, endOffset: endOf(bytes, eofEnd), sections: chain, trailer: chain[0]?.trailer as PdfDict, objects: new RevisionObjects(bytes, mergedTable(chain), cache), repaired: null } });
    if (readable.length > MAX_REVISIONS) break;
    prevEof = eof;
  }
  const repaired = repairRevisions(bytes, eofs, problems, readable, cache);
  const all = [...readable, ...repaired].sort((a, b) => a.eof - b.eof);
  if (all.length > MAX_REVISIONS) throw new MoharError("pdf.too_many_revisions", `the PDF has more than ${MAX_REVISIONS} revisions`);
  const revisions: Revision[] = all.map((f, index) => ({ index, ...f.rev }));
  const repairs = revisions
    .filter((r) => r.repaired !== null)
    .map((r) => `revision ${r.index + 1} (ending at byte ${r.eofEnd}): ${r.repaired}; its objects were found by scanning the file for "N G obj", as poppler and qpdf do`);
  const last = revisions[revisions.length - 1];
  if (!last) {
    const why = eofs.length > 0 ? (problems.get(eofs[eofs.length - 1] as number) ?? lastProblem) : lastProblem;
    throw new MoharError("pdf.unreadable", `the PDF structure cannot be read (${why}), and scanning it found no objects that make up a document`);
  }
  let t = last.endOffset;
  while (t < bytes.length && isWhite(bytes[t])) t++;
  const trailing = t < bytes.length ? { start: last.endOffset, end: bytes.length } : null;
  const encryption = openDocumentEncryption(revisions, cache);
  return { bytes, revisions, trailing, encryption, repairs };
}
