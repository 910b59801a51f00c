import { asInt, asName, dictGet, type PdfDict, type PdfValue } from "./rawObjects.js";
import { isWhite, PdfSyntaxError, RawParser } from "./rawParser.js";
import { decodeStream } from "./streamFilters.js";
import type { XrefEntry } from "./xrefSection.js";

/**
 * Recovery of damaged cross-reference data, as poppler and qpdf do it: the file is scanned for
 * `N G obj` headers, and a later definition of an object number replaces an earlier one (objects
 * in object streams count at the stream's place). Used only for revisions whose startxref or
 * xref sections cannot be read; revisions that read normally keep their own cross-reference view.
 */

/** One object definition found by the scan. */
interface Found {
  num: number;
  gen: number;
  /** Where it counts in "later wins": its header, or its object stream's header. */
  at: number;
  entry: XrefEntry;
  /** The object's dictionary when it is a stream or a dictionary (for trailers and catalogs). */
  dict: PdfDict | null;
  /** Offset just past the object (`endobj`, or its object stream's end), so a %%EOF inside it is known for data. */
  end: number;
}

/** An object stream whose data could not be decoded when scanned: encrypted, until the file's key is known. */
interface SealedStream {
  num: number;
  gen: number;
  at: number;
  end: number;
  dict: PdfDict;
  raw: Buffer;
}

export interface ObjectScan {
  found: Found[];
  /** `trailer` dictionaries, in file order. */
  trailers: Array<{ at: number; dict: PdfDict }>;
  /** Object streams whose members are listed only once they are decrypted (`openSealedStreams`). */
  sealed: SealedStream[];
}

/** No file is scanned for more objects than this (the cost stays linear and bounded). */
const MAX_FOUND = 2_000_000;

function isTokenStart(bytes: Buffer, i: number): boolean {
  if (i === 0) return true;
  const c = bytes[i - 1];
  return isWhite(c) || c === 0x3e || c === 0x5d || c === 0x29 || c === 0x7d;
}

/** Scans the whole file once: every object that parses, and every trailer dictionary. */
export function scanObjects(bytes: Buffer): ObjectScan {
  const text = bytes.toString("latin1");
  const found: Found[] = [];
  const trailers: ObjectScan["trailers"] = [];
  const sealed: SealedStream[] = [];
  const header = /(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+obj\b|trailer\b/g;
  let m: RegExpExecArray | null;
  while ((m = header.exec(text)) !== null && found.length < MAX_FOUND) {
    if (!isTokenStart(bytes, m.index)) continue;
    const p = new RawParser(bytes, m.index);
    try {
      if (m[0] === "trailer") {
        p.expectWord("trailer");
        const d = p.readValue();
        if (d.kind === "dict") trailers.push({ at: m.index, dict: d });
        header.lastIndex = Math.max(header.lastIndex, p.pos);
        continue;
      }
      const o = p.readIndirect();
      const dict = o.value.kind === "dict" ? o.value : null;
      found.push({ num: o.num, gen: o.gen, at: m.index, entry: { type: "offset", offset: m.index, gen: o.gen }, dict, end: o.end });
      if (o.stream && asName(dictGet(dict ?? undefined, "Type")) === "ObjStm") {
        const stm: SealedStream = { num: o.num, gen: o.gen, at: m.index, end: o.end, dict: dict as PdfDict, raw: o.stream };
        const members = objectStreamMembers(stm, decodeStream);
        if (members) found.push(...members);
        else sealed.push(stm);
      }
      // Stream data is not scanned: an embedded file's objects are not this file's.
      if (o.stream) header.lastIndex = Math.max(header.lastIndex, o.end);
    } catch (e) {
      if (!(e instanceof PdfSyntaxError)) throw e;
    }
  }
  return { found, trailers, sealed };
}

/**
 * Lists the members of the object streams the scan could not decode, now that `decode` can
 * decrypt them with the file's key (an encrypted file's object streams are encrypted); each
 * member counts at its stream's place, as the other members do.
 */
export function openSealedStreams(scan: ObjectScan, decode: (num: number, gen: number, dict: PdfDict, raw: Buffer) => Buffer): void {
  const sealed = scan.sealed.splice(0);
  for (const stm of sealed) {
    const members = objectStreamMembers(stm, (dict, raw) => decode(stm.num, stm.gen, dict, raw));
    if (members) scan.found.push(...members);
    else scan.sealed.push(stm);
  }
  // Stable: each member stays after its own stream, which has the same place.
  scan.found.sort((a, b) => a.at - b.at);
}

/** The members of an object stream, or null when its data cannot be decoded (it is encrypted, or broken). */
function objectStreamMembers(stm: SealedStream, decode: (dict: PdfDict, raw: Buffer) => Buffer): Found[] | null {
  const { num: streamNum, at, end, dict } = stm;
  const n = asInt(dict.entries.get("N")) ?? 0;
  const first = asInt(dict.entries.get("First")) ?? -1;
  if (n <= 0 || first < 0) return [];
  let data: Buffer;
  try {
    data = decode(dict, stm.raw);
  } catch {
    return null;
  }
  const head = new RawParser(data);
  const out: Found[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < Math.min(n, Math.floor(data.length / 4) + 1) && head.pos < first; i++) {
    const num = Number(head.word());
    head.word();
    if (!Number.isSafeInteger(num) || seen.has(num)) continue;
    seen.add(num);
    out.push({ num, gen: 0, at, entry: { type: "compressed", stream: streamNum, index: i }, dict: null, end });
  }
  return out;
}

function positionOf(table: Map<number, XrefEntry>, e: XrefEntry | undefined): number | undefined {
  if (!e || e.type === "free") return undefined;
  if (e.type === "offset") return e.offset;
  const s = table.get(e.stream);
  return s?.type === "offset" ? s.offset : undefined;
}

/**
 * The object table of a repaired revision ending at `end`: the objects the scan found before
 * `end`, later ones winning. With a readable revision before it (`base`, ending at `baseEnd`),
 * that revision's view is kept for what the damaged part does not redefine, except where its own
 * bytes hold a later definition than its xref names (then the scan's, as a repairing reader sees
 * it, so a hidden object shows up as a change); objects its xref does not list are not revived.
 */
export function repairedTable(scan: ObjectScan, end: number, base: Map<number, XrefEntry> | null, baseEnd: number): Map<number, XrefEntry> {
  const last = new Map<number, Found>();
  for (const f of scan.found) {
    if (f.at >= end) break;
    const cur = last.get(f.num);
    if (!cur || f.gen >= cur.gen) last.set(f.num, f);
  }
  const table = new Map<number, XrefEntry>(base ?? []);
  for (const [num, f] of last) {
    if (base && f.at < baseEnd) {
      const mine = base.get(num);
      if (!mine || mine.type === "free" || positionOf(base, mine) === f.at) continue;
    }
    table.set(num, f.entry);
  }
  // A member of an object stream counts only if that stream is the one its number now names.
  for (const [num, e] of table) {
    if (e.type !== "compressed") continue;
    const f = last.get(num);
    if (f?.entry === e && positionOf(table, e) !== f.at) table.delete(num);
  }
  return table;
}

/**
 * The trailer of a repaired revision: the newest `trailer` dictionary or cross-reference stream
 * dictionary before `end` that names a /Root, else one naming the newest catalog found.
 */
export function repairedTrailer(scan: ObjectScan, end: number, table: Map<number, XrefEntry>): PdfDict | null {
  const candidates: Array<{ at: number; dict: PdfDict }> = [
    ...scan.trailers.filter((t) => t.at < end),
    ...scan.found.filter((f) => f.at < end && f.dict && asName(f.dict.entries.get("Type")) === "XRef").map((f) => ({ at: f.at, dict: f.dict as PdfDict })),
  ].sort((a, b) => b.at - a.at);
  const withRoot = candidates.find((c) => c.dict.entries.get("Root")?.kind === "ref");
  if (withRoot) return withRoot.dict;
  const catalog = scan.found.filter((f) => f.at < end && asName(dictGet(f.dict ?? undefined, "Type")) === "Catalog" && positionOf(table, table.get(f.num)) === f.at).pop();
  if (!catalog) return null;
  const entries = new Map<string, PdfValue>(candidates[0]?.dict.entries ?? []);
  entries.set("Root", { kind: "ref", num: catalog.num, gen: catalog.gen });
  return { kind: "dict", entries };
}
