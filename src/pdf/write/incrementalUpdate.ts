import type { PdfRef } from "../read/rawObjects.js";
import { refString, serializeValue } from "./rawWriter.js";
import type { XrefTail } from "../read/xrefTail.js";

/** One indirect object of an update: its number/generation and its serialized body. */
export interface UpdateObject {
  ref: PdfRef;
  body: Uint8Array;
}

export interface IncrementalUpdate {
  /** The original bytes followed by the update. */
  bytes: Buffer;
  /** Offset in `bytes` where each object's body (after "N G obj\n") starts, by object number. */
  bodyOffsets: Map<number, number>;
}

const latin1 = (s: string): Buffer => Buffer.from(s, "latin1");

/**
 * Appends `objects` and a new cross-reference section to `original` (ISO 32000-1 §7.5.6). Every
 * earlier byte is kept, so signatures over earlier revisions stay valid. The section has the same
 * form as the newest existing one: a classic table after a table, an xref stream after a stream.
 */
export function writeIncrementalUpdate(original: Buffer, tail: XrefTail, objects: UpdateObject[]): IncrementalUpdate {
  const sorted = [...objects].sort((a, b) => a.ref.num - b.ref.num);
  const chunks: Buffer[] = [];
  let offset = original.length;
  const push = (b: Buffer): void => {
    chunks.push(b);
    offset += b.length;
  };
  const last = original[original.length - 1];
  if (last !== 0x0a && last !== 0x0d) push(latin1("\n"));

  const entries: { num: number; gen: number; offset: number }[] = [];
  const bodyOffsets = new Map<number, number>();
  for (const { ref, body } of sorted) {
    entries.push({ num: ref.num, gen: ref.gen, offset });
    const header = latin1(`${ref.num} ${ref.gen} obj\n`);
    push(header);
    bodyOffsets.set(ref.num, offset);
    push(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    push(latin1("\nendobj\n"));
  }
  const maxNum = sorted.reduce((m, o) => Math.max(m, o.ref.num), 0);
  const xrefOffset = offset;
  if (tail.kind === "table") {
    push(classicSection(entries, tail, Math.max(tail.size, maxNum + 1), xrefOffset));
  } else {
    push(streamSection(entries, tail, Math.max(tail.size, maxNum + 1), xrefOffset));
  }
  return { bytes: Buffer.concat([original, ...chunks]), bodyOffsets };
}

function trailerEntries(tail: XrefTail, size: number): string {
  let s = `/Size ${size} /Root ${refString(tail.root)}`;
  if (tail.info) s += ` /Info ${refString(tail.info)}`;
  if (tail.id) s += ` /ID ${serializeValue(tail.id)}`;
  return `${s} /Prev ${tail.offset}`;
}

/** Consecutive object numbers form one subsection. */
function subsections<T extends { num: number }>(entries: T[]): T[][] {
  const out: T[][] = [];
  for (const e of entries) {
    const cur = out[out.length - 1];
    if (cur && cur[cur.length - 1]!.num + 1 === e.num) cur.push(e);
    else out.push([e]);
  }
  return out;
}

function classicSection(entries: { num: number; gen: number; offset: number }[], tail: XrefTail, size: number, at: number): Buffer {
  let s = "xref\n";
  for (const sub of subsections(entries)) {
    s += `${sub[0]!.num} ${sub.length}\n`;
    // Each entry is exactly 20 bytes, ending in a two-character end-of-line.
    for (const e of sub) s += `${String(e.offset).padStart(10, "0")} ${String(e.gen).padStart(5, "0")} n\r\n`;
  }
  s += `trailer\n<< ${trailerEntries(tail, size)} >>\nstartxref\n${at}\n%%EOF\n`;
  return latin1(s);
}

function streamSection(entries: { num: number; gen: number; offset: number }[], tail: XrefTail, size: number, at: number): Buffer {
  // The xref stream is itself an object of this section, numbered after everything else.
  const selfNum = size;
  const all = [...entries, { num: selfNum, gen: 0, offset: at }];
  const offsetWidth = at < 2 ** 32 ? 4 : 6;
  const genWidth = 2;
  const rowWidth = 1 + offsetWidth + genWidth;
  const data = Buffer.alloc(all.length * rowWidth);
  all.forEach((e, i) => {
    const row = i * rowWidth;
    data[row] = 1; // type 1: an uncompressed object at a byte offset
    data.writeUIntBE(e.offset, row + 1, offsetWidth);
    data.writeUInt16BE(e.gen, row + 1 + offsetWidth);
  });
  const index = subsections(all).map((sub) => `${sub[0]!.num} ${sub.length}`).join(" ");
  const dict =
    `<< /Type /XRef ${trailerEntries(tail, selfNum + 1)} /W [1 ${offsetWidth} ${genWidth}] ` +
    `/Index [${index}] /Length ${data.length} >>`;
  return Buffer.concat([
    latin1(`${selfNum} 0 obj\n${dict}\nstream\n`),
    data,
    latin1(`\nendstream\nendobj\nstartxref\n${at}\n%%EOF\n`),
  ]);
}
