import type { IndirectObject, PdfDict, PdfValue } from "./rawObjects.js";

/** Thrown by the raw parser; callers turn it into a report finding or a MoharError. */
export class PdfSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = "PdfSyntaxError";
  }
}

const MAX_DEPTH = 100;

export function isWhite(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}

function isDelim(c: number | undefined): boolean {
  return (
    c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d ||
    c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25
  );
}

/** Regular characters (neither white space nor delimiters), by byte: the tokenizer's inner loop. */
const REGULAR = new Uint8Array(256).map((_, c) => (isWhite(c) || isDelim(c) ? 0 : 1));

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** Integers of up to this many digits are summed exactly; longer ones go through Number() as before. */
const EXACT_DIGITS = 15;

/** The value of the unsigned digits buf[from, to), as Number() of their text gives it. */
function digitsValue(buf: Buffer, from: number, to: number): number {
  if (to - from > EXACT_DIGITS) return Number(buf.toString("latin1", from, to));
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + ((buf[i] as number) - 0x30);
  return v;
}

/** Short tokens (names, keywords) are built from their bytes: cheaper than a call into Buffer#toString. */
function latin1(buf: Buffer, from: number, to: number): string {
  if (to - from > 16) return buf.toString("latin1", from, to);
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCharCode(buf[i] as number);
  return s;
}

/** Past white space and comments from `pos`. */
export function skipWs(b: Buffer, pos: number): number {
  while (pos < b.length) {
    const c = b[pos];
    if (isWhite(c)) pos++;
    else if (c === 0x25) {
      while (pos < b.length && b[pos] !== 0x0a && b[pos] !== 0x0d) pos++;
    } else break;
  }
  return pos;
}

/** Where the run of regular characters that starts at `from` ends. */
export function runEnd(b: Buffer, from: number): number {
  let end = from;
  while (end < b.length && REGULAR[b[end] as number] === 1) end++;
  return end;
}

/** Whether buf[from, to) is one or more decimal digits. */
export function allDigits(buf: Buffer, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) if (!isDigit(buf[i])) return false;
  return true;
}

/**
 * The number a token buf[from, to) spells ([+-]?(\d+\.?\d*|\.\d+), as Number() reads it), or
 * undefined when it is no number. Read from the bytes: numbers are most of a PDF's tokens.
 */
function numberToken(buf: Buffer, from: number, to: number): { value: number; integer: boolean } | undefined {
  let i = from;
  const sign = buf[i];
  if (sign === 0x2b || sign === 0x2d) i++;
  const intStart = i;
  while (i < to && isDigit(buf[i])) i++;
  const intDigits = i - intStart;
  if (i === to) {
    if (intDigits === 0) return undefined;
    const v = digitsValue(buf, intStart, to);
    return { value: sign === 0x2d ? -v : v, integer: true };
  }
  if (buf[i] !== 0x2e) return undefined;
  i++;
  const fracStart = i;
  while (i < to && isDigit(buf[i])) i++;
  if (i !== to || (intDigits === 0 && i === fracStart)) return undefined;
  return { value: Number(buf.toString("latin1", from, to)), integer: false };
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * A cursor over PDF bytes that reads values with their offsets. Bounded recursion and no
 * backtracking beyond a few tokens, so hostile input costs linear time.
 */
export class RawParser {
  pos: number;

  constructor(readonly buf: Buffer, pos = 0) {
    this.pos = pos;
  }

  skipWs(): void {
    this.pos = skipWs(this.buf, this.pos);
  }

  /** A bare keyword or number token (regular characters), without consuming it if `peek`. */
  word(peek = false): string {
    this.skipWs();
    const end = this.runEnd(this.pos);
    const w = latin1(this.buf, this.pos, end);
    if (!peek) this.pos = end;
    return w;
  }

  /** Reads a token as `word()` does: its value when it is all decimal digits, else undefined (no string made of it). */
  digitsWord(): number | undefined {
    this.skipWs();
    const at = this.pos;
    this.pos = this.runEnd(at);
    return allDigits(this.buf, at, this.pos) ? digitsValue(this.buf, at, this.pos) : undefined;
  }

  private runEnd(from: number): number {
    return runEnd(this.buf, from);
  }

  /**
   * Whether an object header `N G obj` follows (after white space and comments), as three calls of
   * `word()` would read it; the cursor moves past what was read.
   */
  objectHeaderAhead(): boolean {
    const b = this.buf;
    for (let i = 0; i < 2; i++) {
      this.skipWs();
      const end = this.runEnd(this.pos);
      if (!allDigits(b, this.pos, end)) return false;
      this.pos = end;
    }
    this.skipWs();
    const at = this.pos;
    this.pos = this.runEnd(at);
    return this.pos - at === 3 && b[at] === 0x6f && b[at + 1] === 0x62 && b[at + 2] === 0x6a;
  }

  expectWord(w: string): void {
    const at = this.pos;
    if (!this.keyword(w)) throw new PdfSyntaxError(`expected "${w}"`, at);
  }

  /** Reads a token as `word()` does and says whether it is `w` (ASCII), without making a string of it. */
  keyword(w: string): boolean {
    this.skipWs();
    const at = this.pos;
    this.pos = this.runEnd(at);
    if (this.pos - at !== w.length) return false;
    for (let i = 0; i < w.length; i++) if (this.buf[at + i] !== w.charCodeAt(i)) return false;
    return true;
  }

  readValue(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) throw new PdfSyntaxError("nesting too deep", this.pos);
    this.skipWs();
    const b = this.buf;
    const c = b[this.pos];
    if (c === undefined) throw new PdfSyntaxError("unexpected end of data", this.pos);
    if (c === 0x2f) return { kind: "name", value: this.readName() };
    if (c === 0x28) return this.readLiteralString();
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) return this.readDict(depth);
      return this.readHexString();
    }
    if (c === 0x5b) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipWs();
        if (this.pos >= b.length) throw new PdfSyntaxError("unterminated array", this.pos);
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return { kind: "array", items };
        }
        items.push(this.readValue(depth + 1));
      }
    }
    const at = this.pos;
    const end = this.runEnd(at);
    if (end === at) throw new PdfSyntaxError(`unexpected character 0x${c.toString(16)}`, at);
    const n = numberToken(b, at, end);
    if (n) {
      this.pos = end;
      // "n g R" is a reference: look ahead two tokens without committing.
      if (n.integer && isDigit(c)) {
        this.skipWs();
        const gAt = this.pos;
        const gEnd = this.runEnd(gAt);
        if (allDigits(b, gAt, gEnd)) {
          this.pos = gEnd;
          this.skipWs();
          if (this.runEnd(this.pos) === this.pos + 1 && b[this.pos] === 0x52) {
            this.pos++;
            return { kind: "ref", num: n.value, gen: digitsValue(b, gAt, gEnd) };
          }
        }
        this.pos = end;
      }
      return { kind: "number", value: n.value, integer: n.integer };
    }
    const w = b.toString("latin1", at, end);
    this.pos = end;
    if (w === "null") return { kind: "null" };
    if (w === "true" || w === "false") return { kind: "bool", value: w === "true" };
    throw new PdfSyntaxError(`unexpected token "${w.slice(0, 20)}"`, at);
  }

  private readName(): string {
    const b = this.buf;
    this.pos++;
    const end = this.runEnd(this.pos);
    const raw = latin1(b, this.pos, end);
    this.pos = end;
    return raw.includes("#") ? raw.replace(/#([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : raw;
  }

  private readDict(depth: number): PdfDict {
    const b = this.buf;
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipWs();
      if (this.pos >= b.length) throw new PdfSyntaxError("unterminated dictionary", this.pos);
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return { kind: "dict", entries };
      }
      if (b[this.pos] !== 0x2f) throw new PdfSyntaxError("dictionary key is not a name", this.pos);
      const key = this.readName();
      entries.set(key, this.readValue(depth + 1));
    }
  }

  private readHexString(): PdfValue {
    const b = this.buf;
    const start = this.pos;
    // Signature /Contents are tens of KB of hex: decode a run of hex digits in one call.
    const close = b.indexOf(0x3e, start + 1);
    if (close > 0 && (close - start - 1) % 2 === 0) {
      let plain = true;
      for (let i = start + 1; i < close && plain; i++) plain = hexVal(b[i] as number) >= 0;
      if (plain) {
        this.pos = close + 1;
        return { kind: "string", bytes: Buffer.from(b.toString("latin1", start + 1, close), "hex"), hex: true, start, end: this.pos };
      }
    }
    this.pos++;
    const nibbles: number[] = [];
    for (;;) {
      const c = b[this.pos];
      if (c === undefined) throw new PdfSyntaxError("unterminated hex string", start);
      this.pos++;
      if (c === 0x3e) break;
      if (isWhite(c)) continue;
      const v = hexVal(c);
      if (v < 0) throw new PdfSyntaxError("bad character in hex string", this.pos - 1);
      nibbles.push(v);
    }
    if (nibbles.length % 2 === 1) nibbles.push(0);
    const bytes = Buffer.alloc(nibbles.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = ((nibbles[2 * i] as number) << 4) | (nibbles[2 * i + 1] as number);
    return { kind: "string", bytes, hex: true, start, end: this.pos };
  }

  private readLiteralString(): PdfValue {
    const b = this.buf;
    const start = this.pos;
    this.pos++;
    const out: number[] = [];
    let nest = 1;
    for (;;) {
      const c = b[this.pos];
      if (c === undefined) throw new PdfSyntaxError("unterminated string", start);
      this.pos++;
      if (c === 0x5c) {
        const e = b[this.pos];
        if (e === undefined) throw new PdfSyntaxError("unterminated string", start);
        this.pos++;
        const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (simple[e] !== undefined) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let i = 0; i < 2 && (b[this.pos] ?? 0) >= 0x30 && (b[this.pos] ?? 0) <= 0x37; i++) v = v * 8 + ((b[this.pos++] as number) - 0x30);
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++;
        } else if (e !== 0x0a) out.push(e);
        continue;
      }
      if (c === 0x28) nest++;
      if (c === 0x29 && --nest === 0) break;
      out.push(c);
    }
    return { kind: "string", bytes: Buffer.from(out), hex: false, start, end: this.pos };
  }

  /**
   * Reads `num gen obj value [stream ... endstream] endobj` at the cursor. `lengthOf` resolves an
   * indirect /Length; when it is missing or wrong the stream ends at the next `endstream`.
   */
  readIndirect(lengthOf: (v: PdfValue) => number | undefined = () => undefined): IndirectObject {
    this.skipWs();
    const start = this.pos;
    const b = this.buf;
    const numbers: number[] = [];
    for (let i = 0; i < 2; i++) {
      this.skipWs();
      const end = this.runEnd(this.pos);
      if (!allDigits(b, this.pos, end)) throw new PdfSyntaxError("expected an object header", start);
      numbers.push(digitsValue(b, this.pos, end));
      this.pos = end;
    }
    this.expectWord("obj");
    const value = this.readValue();
    let stream: Buffer | null = null;
    const save = this.pos;
    if (this.keyword("stream")) {
      if (value.kind !== "dict") throw new PdfSyntaxError("stream without a dictionary", save);
      if (b[this.pos] === 0x0d) this.pos++;
      if (b[this.pos] === 0x0a) this.pos++;
      const dataStart = this.pos;
      const declared = lengthOf(value.entries.get("Length") ?? { kind: "null" });
      let dataEnd = -1;
      if (declared !== undefined && declared >= 0 && dataStart + declared <= b.length) {
        const p = new RawParser(b, dataStart + declared);
        if (p.keyword("endstream")) {
          dataEnd = dataStart + declared;
          this.pos = p.pos;
        }
      }
      if (dataEnd < 0) {
        const k = b.indexOf("endstream", dataStart, "latin1");
        if (k < 0) throw new PdfSyntaxError("unterminated stream", dataStart);
        dataEnd = k;
        if (b[dataEnd - 1] === 0x0a) dataEnd--;
        if (b[dataEnd - 1] === 0x0d) dataEnd--;
        this.pos = k + "endstream".length;
      }
      stream = b.subarray(dataStart, dataEnd);
    } else this.pos = save;
    const beforeEnd = this.pos;
    if (!this.keyword("endobj")) this.pos = beforeEnd;
    return { num: numbers[0] as number, gen: numbers[1] as number, value, stream, start, end: this.pos };
  }
}
