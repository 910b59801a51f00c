import type { PdfDict, PdfValue } from "./rawObjects.js";
import { allDigits, PdfSyntaxError, RawParser, runEnd, skipWs } from "./rawParser.js";

const MAX_DEPTH = 100;

/** Past the value at `pos` (after white space), building nothing; a reference `n g R` counts as one value. */
function skipValue(b: Buffer, pos: number, depth: number): number {
  if (depth > MAX_DEPTH) throw new PdfSyntaxError("nesting too deep", pos);
  pos = skipWs(b, pos);
  const c = b[pos];
  if (c === undefined) throw new PdfSyntaxError("unexpected end of data", pos);
  if (c === 0x2f) return runEnd(b, pos + 1);
  if (c === 0x28) {
    let nest = 0;
    for (let i = pos; i < b.length; i++) {
      const x = b[i];
      if (x === 0x5c) i++;
      else if (x === 0x28) nest++;
      else if (x === 0x29 && --nest === 0) return i + 1;
    }
    throw new PdfSyntaxError("unterminated string", pos);
  }
  if (c === 0x3c && b[pos + 1] === 0x3c) return skimEntries(b, pos, null, depth).end;
  if (c === 0x3c) {
    const close = b.indexOf(0x3e, pos + 1);
    if (close < 0) throw new PdfSyntaxError("unterminated hex string", pos);
    return close + 1;
  }
  if (c === 0x5b) {
    pos++;
    for (;;) {
      pos = skipWs(b, pos);
      if (pos >= b.length) throw new PdfSyntaxError("unterminated array", pos);
      if (b[pos] === 0x5d) return pos + 1;
      pos = skipValue(b, pos, depth + 1);
    }
  }
  const end = runEnd(b, pos);
  if (end === pos) throw new PdfSyntaxError(`unexpected character 0x${c.toString(16)}`, pos);
  if (allDigits(b, pos, end)) {
    // "n g R": look two tokens ahead.
    const gAt = skipWs(b, end);
    const gEnd = runEnd(b, gAt);
    if (allDigits(b, gAt, gEnd)) {
      const rAt = skipWs(b, gEnd);
      if (b[rAt] === 0x52 && runEnd(b, rAt) === rAt + 1) return rAt + 1;
    }
  }
  return end;
}

/** The key among `keys` that buf[from, to) spells, compared byte by byte (no string made of every key read). */
function wanted(b: Buffer, from: number, to: number, keys: readonly string[]): string | undefined {
  const len = to - from;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    if (key.length !== len) continue;
    let i = 0;
    while (i < len && b[from + i] === key.charCodeAt(i)) i++;
    if (i === len) return key;
  }
  return undefined;
}

/** The dictionary at `pos` walked entry by entry; the values of `keys` (names as the parser gives them) parsed, the rest skipped. */
function skimEntries(b: Buffer, pos: number, keys: readonly string[] | null, depth: number): { dict: PdfDict; end: number } {
  const entries = new Map<string, PdfValue>();
  pos += 2;
  for (;;) {
    pos = skipWs(b, pos);
    if (pos >= b.length) throw new PdfSyntaxError("unterminated dictionary", pos);
    if (b[pos] === 0x3e && b[pos + 1] === 0x3e) return { dict: { kind: "dict", entries }, end: pos + 2 };
    if (b[pos] !== 0x2f) throw new PdfSyntaxError("dictionary key is not a name", pos);
    const keyEnd = runEnd(b, pos + 1);
    // A key with a #xx escape (/P#72ev is /Prev to RawParser, the whole reader and the verifier):
    // not matched byte by byte here, so the caller reads the whole object instead.
    if (keys) for (let i = pos + 1; i < keyEnd; i++) if (b[i] === 0x23) throw new PdfSyntaxError("dictionary key written with a #xx escape", pos);
    const key = keys ? wanted(b, pos + 1, keyEnd, keys) : undefined;
    if (key !== undefined) {
      const p = new RawParser(b, keyEnd);
      entries.set(key, p.readValue(depth + 1));
      pos = p.pos;
    } else pos = skipValue(b, keyEnd, depth + 1);
  }
}

/**
 * The entries `keys` of the dictionary at `pos` (after white space), parsed as RawParser parses
 * them; every other value is stepped over without being built. For a dictionary read only for a
 * few entries (an older xref section's /Prev and /Index), several times cheaper than reading it
 * whole. A key of that dictionary written with a #xx escape throws PdfSyntaxError: it could spell
 * one of `keys`, and the caller reads the object whole (as RawParser, which decodes it).
 */
export function skimDict(buf: Buffer, pos: number, keys: readonly string[]): { dict: PdfDict; end: number } {
  pos = skipWs(buf, pos);
  if (buf[pos] !== 0x3c || buf[pos + 1] !== 0x3c) throw new PdfSyntaxError("expected a dictionary", pos);
  return skimEntries(buf, pos, keys, 0);
}
