/**
 * PDF values as they sit in the file, with byte offsets. Verification needs exact offsets
 * (a signature's /Contents must fill the ByteRange gap exactly) and the undecoded bytes, which
 * pdf-lib hides, so the verifier reads the raw file with this small parser of its own.
 */
export interface PdfRef {
  kind: "ref";
  num: number;
  gen: number;
}
export interface PdfString {
  kind: "string";
  bytes: Buffer;
  hex: boolean;
  /** Offset of the opening `<` or `(` and just past the closing `>` or `)`, in the parsed buffer. */
  start: number;
  end: number;
}
export interface PdfDict {
  kind: "dict";
  entries: Map<string, PdfValue>;
}
export type PdfValue =
  | { kind: "null" }
  | { kind: "bool"; value: boolean }
  | { kind: "number"; value: number; integer: boolean }
  | { kind: "name"; value: string }
  | PdfString
  | { kind: "array"; items: PdfValue[] }
  | PdfDict
  | PdfRef;

/** An indirect object `num gen obj ... endobj`; streams keep their raw (undecoded) data. */
export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfValue;
  stream: Buffer | null;
  /** Where the object starts (its number) and ends (after endobj, or after the value). */
  start: number;
  end: number;
}

export function dictGet(d: PdfValue | undefined, key: string): PdfValue | undefined {
  return d?.kind === "dict" ? d.entries.get(key) : undefined;
}

export function asName(v: PdfValue | undefined): string | undefined {
  return v?.kind === "name" ? v.value : undefined;
}

export function asInt(v: PdfValue | undefined): number | undefined {
  return v?.kind === "number" && v.integer ? v.value : undefined;
}

/** Structural equality; references compare by number, streams by their raw bytes. */
export function valuesEqual(a: PdfValue, b: PdfValue, depth = 0): boolean {
  if (depth > 64) return false;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "null":
      return true;
    case "bool":
    case "number":
    case "name":
      return a.value === (b as typeof a).value;
    case "string":
      return a.bytes.equals((b as PdfString).bytes);
    case "ref":
      return a.num === (b as PdfRef).num && a.gen === (b as PdfRef).gen;
    case "array": {
      const bi = (b as typeof a).items;
      return a.items.length === bi.length && a.items.every((x, i) => valuesEqual(x, bi[i] as PdfValue, depth + 1));
    }
    case "dict": {
      const be = (b as PdfDict).entries;
      if (a.entries.size !== be.size) return false;
      for (const [k, v] of a.entries) {
        const w = be.get(k);
        if (!w || !valuesEqual(v, w, depth + 1)) return false;
      }
      return true;
    }
  }
}

/** Keys whose values differ between two dictionaries (added, removed or changed). */
export function changedKeys(a: PdfDict, b: PdfDict): string[] {
  const keys = new Set([...a.entries.keys(), ...b.entries.keys()]);
  return [...keys].filter((k) => {
    const x = a.entries.get(k);
    const y = b.entries.get(k);
    return !x || !y || !valuesEqual(x, y);
  });
}

/** Every reference inside a value (not following them). */
export function collectRefs(v: PdfValue, out: PdfRef[] = [], depth = 0): PdfRef[] {
  if (depth > 64) return out;
  if (v.kind === "ref") out.push(v);
  else if (v.kind === "array") for (const x of v.items) collectRefs(x, out, depth + 1);
  else if (v.kind === "dict") for (const x of v.entries.values()) collectRefs(x, out, depth + 1);
  return out;
}

/** Decodes a PDF text string: UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding (~Latin-1). */
export function textOf(v: PdfValue | undefined): string | undefined {
  if (v?.kind !== "string") return undefined;
  const b = v.bytes;
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const swapped = Buffer.from(b.subarray(2));
    if (swapped.length % 2 === 1) return undefined;
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString("utf8");
  return b.toString("latin1");
}
