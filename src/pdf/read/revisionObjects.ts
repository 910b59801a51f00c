import { asInt, type IndirectObject, type PdfValue } from "./rawObjects.js";
import { PdfSyntaxError, RawParser } from "./rawParser.js";
import { decryptObject, type FileEncryption } from "./encryption.js";
import { decodeStream, type StreamDecoder } from "./streamFilters.js";
import type { XrefEntry } from "./xrefSection.js";

/** An object stream decoded once: its data, where its values start, and its header's (number, offset) pairs. */
interface DecodedObjectStream {
  data: Buffer;
  first: number;
  header: Array<[number, number]>;
}

/**
 * Parsed objects shared between revisions, keyed by where they live, so each is parsed once;
 * object streams likewise, so that loading its n objects inflates and scans a stream once, not n times.
 */
export interface ObjectCache {
  objects: Map<string, IndirectObject | null>;
  streams: Map<string, DecodedObjectStream | null>;
  /** Set once the file's encryption is opened; `plain` lists the objects never encrypted (the /Encrypt dictionaries). */
  encryption: { file: FileEncryption; plain: Set<number> } | null;
  /** Why an object at a location did not parse, for reports that say what is broken. */
  errors: Map<string, string>;
}

export function newObjectCache(): ObjectCache {
  return { objects: new Map(), streams: new Map(), encryption: null, errors: new Map() };
}

/** What an object table answers: the entry for an object number (a Map, or a chain read lazily). */
export interface XrefLookup {
  get(num: number): XrefEntry | undefined;
}

/** Where an object of a revision lives: a byte offset, or a slot in an object stream. */
export function locationKey(table: XrefLookup, num: number, depth = 0): string | undefined {
  const e = table.get(num);
  if (!e || e.type === "free") return undefined;
  if (e.type === "offset") return `@${e.offset}`;
  if (depth > 4) return undefined;
  const s = locationKey(table, e.stream, depth + 1);
  return s === undefined ? undefined : `${s}#${e.index}`;
}

/**
 * The objects of one revision: what a reader of the file truncated at that revision's %%EOF sees.
 * Unreadable objects resolve to undefined instead of throwing, so analysis can report them.
 */
export class RevisionObjects<Table extends XrefLookup = XrefLookup> {
  constructor(
    readonly bytes: Buffer,
    readonly table: Table,
    private readonly cache: ObjectCache,
    private readonly decode: StreamDecoder = decodeStream,
  ) {}

  /** The objects parsed so far (through this view or another sharing its cache). */
  parsed(): IndirectObject[] {
    return [...this.cache.objects.values()].filter((o): o is IndirectObject => o !== null);
  }

  location(num: number): string | undefined {
    return locationKey(this.table, num);
  }

  get(num: number): IndirectObject | undefined {
    const key = this.location(num);
    return key === undefined ? undefined : (readOnce(this.cache.objects, key, () => this.load(num), this.cache.errors) ?? undefined);
  }

  /** Why object `num` cannot be read, in words (for a report that says what is broken). */
  whyUnreadable(num: number): string {
    const e = this.table.get(num);
    if (!e || e.type === "free") return `object ${num} is not in the cross-reference data`;
    if (this.get(num)) return `object ${num} is readable but not what is expected there`;
    const key = this.location(num) ?? "";
    const err = this.cache.errors.get(key);
    if (e.type === "offset") return `object ${num} at byte ${e.offset} does not parse${err ? `: ${err}` : " (another object or nothing is there)"}`;
    return `object ${num} in object stream ${e.stream} cannot be read${err ? `: ${err}` : ""}`;
  }

  /** Follows references (bounded) to a direct value; a dangling reference is null. */
  resolve(v: PdfValue | undefined): PdfValue | undefined {
    let cur = v;
    for (let i = 0; cur?.kind === "ref" && i < 32; i++) cur = this.get(cur.num)?.value ?? { kind: "null" };
    return cur?.kind === "ref" ? undefined : cur;
  }

  private directLength(v: PdfValue): number | undefined {
    if (v.kind === "number") return asInt(v);
    if (v.kind !== "ref") return undefined;
    const e = this.table.get(v.num);
    if (e?.type !== "offset") return undefined;
    try {
      const o = new RawParser(this.bytes, e.offset).readIndirect();
      return o.num === v.num ? asInt(o.value) : undefined;
    } catch {
      return undefined;
    }
  }

  private load(num: number): IndirectObject | null {
    const e = this.table.get(num);
    if (!e || e.type === "free") return null;
    if (e.type === "offset") {
      if (e.offset >= this.bytes.length) return null;
      const o = new RawParser(this.bytes, e.offset).readIndirect((v) => this.directLength(v));
      if (o.num !== num) return null;
      // Objects inside an object stream are not encrypted themselves: the stream is.
      const enc = this.cache.encryption;
      return enc && !enc.plain.has(num) ? decryptObject(enc.file, o) : o;
    }
    const decoded = this.objectStream(e.stream);
    const slot = decoded?.header[e.index];
    if (!decoded || !slot) return null;
    const [objNum, objOff] = slot;
    if (objNum !== num || !Number.isSafeInteger(objOff) || objOff < 0) return null;
    const p = new RawParser(decoded.data, decoded.first + objOff);
    const value = p.readValue();
    // Offsets of values inside an object stream are not file offsets: mark the object as such.
    return { num, gen: 0, value, stream: null, start: -1, end: -1 };
  }

  /** Object stream `streamNum`, decoded and its header read once for every revision that uses it. */
  private objectStream(streamNum: number): DecodedObjectStream | null {
    const key = this.location(streamNum);
    return key === undefined ? null : readOnce(this.cache.streams, key, () => this.decodeObjectStream(streamNum));
  }

  private decodeObjectStream(streamNum: number): DecodedObjectStream | null {
    const stm = this.get(streamNum);
    if (!stm?.stream || stm.value.kind !== "dict") return null;
    const n = asInt(stm.value.entries.get("N")) ?? 0;
    const first = asInt(stm.value.entries.get("First")) ?? -1;
    if (n <= 0 || first < 0) return null;
    const data = this.decode(stm.value, stm.stream);
    // Each header entry takes at least four bytes ("n o "): more entries than that cannot exist.
    const count = Math.min(n, Math.floor(data.length / 4) + 1);
    const head = new RawParser(data);
    const header: Array<[number, number]> = [];
    for (let i = 0; i < count && head.pos < first; i++) header.push([Number(head.word()), Number(head.word())]);
    return { data, first, header };
  }
}

/** `read()` once per location: a result, or null for what does not parse (kept, so it is not tried again). */
function readOnce<T>(cache: Map<string, T | null>, key: string, read: () => T | null, errors?: Map<string, string>): T | null {
  const known = cache.get(key);
  if (known !== undefined) return known;
  let value: T | null = null;
  try {
    value = read();
  } catch (e) {
    if (!(e instanceof PdfSyntaxError)) throw e;
    errors?.set(key, e.message);
  }
  cache.set(key, value);
  return value;
}
