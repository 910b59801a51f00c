import { PDFArray, PDFDict, PDFName, PDFNumber, PDFObjectParser, PDFRawStream, PDFRef, type PDFContext, type PDFObject } from "pdf-lib";
import { MoharError } from "../errors.js";

/** What an incremental update needs to know about the newest cross-reference section. */
export interface XrefTail {
  /** Byte offset of the newest section: the new section's /Prev. */
  offset: number;
  kind: "table" | "stream";
  /** Trailer /Size: the first object number free for new objects. */
  size: number;
  root: PDFRef;
  info?: PDFRef;
  id?: PDFArray;
}

const TAIL_WINDOW = 2048;

function isWhite(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;
}

function broken(detail: string): MoharError {
  return new MoharError("pdf.xref_broken", `the PDF's cross-reference data is damaged: ${detail}`);
}

/** The offset named by the last `startxref` keyword in the file. */
export function findStartXref(pdf: Buffer): number {
  const from = Math.max(0, pdf.length - TAIL_WINDOW);
  const at = pdf.lastIndexOf("startxref", pdf.length, "latin1");
  if (at < from) throw broken("no startxref near the end of the file");
  const m = /^startxref\s+(\d+)/.exec(pdf.toString("latin1", at, Math.min(pdf.length, at + 40)));
  if (!m) throw broken("startxref is not followed by an offset");
  const offset = Number(m[1]);
  if (!Number.isSafeInteger(offset) || offset >= at) throw broken("startxref points outside the file");
  return offset;
}

/**
 * Reads the newest cross-reference section (classic table + trailer, or xref stream) at the
 * startxref offset. pdf-lib recovers from bad offsets silently, but an update's /Prev must name
 * the real section, so this parser insists on finding it exactly where startxref says.
 */
export function readXrefTail(pdf: Buffer, context: PDFContext): XrefTail {
  const offset = findStartXref(pdf);
  let pos = offset;
  while (pos < pdf.length && isWhite(pdf[pos]!)) pos++;
  const head = pdf.toString("latin1", pos, Math.min(pdf.length, pos + 64));
  let dict: PDFDict;
  let kind: XrefTail["kind"];
  if (head.startsWith("xref")) {
    kind = "table";
    const t = pdf.indexOf("trailer", pos, "latin1");
    if (t < 0) throw broken("the xref table has no trailer");
    const parsed = parseAt(pdf, t + "trailer".length, context);
    if (!(parsed instanceof PDFDict)) throw broken("the trailer is not a dictionary");
    dict = parsed;
  } else {
    const m = /^(\d+)\s+(\d+)\s+obj/.exec(head);
    if (!m) throw broken("startxref points at neither an xref table nor an xref stream");
    kind = "stream";
    const parsed = parseAt(pdf, pos + m[0].length, context);
    if (!(parsed instanceof PDFRawStream) || parsed.dict.get(PDFName.of("Type")) !== PDFName.of("XRef")) {
      throw broken("startxref points at an object that is not an xref stream");
    }
    dict = parsed.dict;
  }
  const size = dict.get(PDFName.of("Size"));
  const root = dict.get(PDFName.of("Root"));
  if (!(size instanceof PDFNumber) || !(root instanceof PDFRef)) throw broken("the trailer lacks /Size or /Root");
  const info = dict.get(PDFName.of("Info"));
  const id = dict.get(PDFName.of("ID"));
  return {
    offset,
    kind,
    size: size.asNumber(),
    root,
    info: info instanceof PDFRef ? info : undefined,
    id: id instanceof PDFArray ? id : undefined,
  };
}

function parseAt(pdf: Buffer, at: number, context: PDFContext): PDFObject {
  try {
    return PDFObjectParser.forBytes(pdf.subarray(at), context).parseObject();
  } catch (e) {
    throw broken(`cannot parse the trailer (${(e as Error).message})`);
  }
}
