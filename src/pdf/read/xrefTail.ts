import { MoharError } from "../../errors.js";
import { asInt, type PdfRef, type PdfValue } from "./rawObjects.js";
import type { XrefSection } from "./xrefSection.js";

/** What an incremental update needs to know about the newest cross-reference section. */
export interface XrefTail {
  /** Byte offset of the newest section: the new section's /Prev. */
  offset: number;
  kind: "table" | "stream";
  /** Trailer /Size: the first object number free for new objects. */
  size: number;
  root: PdfRef;
  info?: PdfRef;
  id?: PdfValue;
}

const TAIL_WINDOW = 2048;

export function xrefBroken(detail: string): MoharError {
  return new MoharError("pdf.xref_broken", `the PDF's cross-reference data is damaged: ${detail}`);
}

/** The last `startxref` keyword near the end of the file: where it sits and the offset it names. */
export function findStartXrefKeyword(pdf: Buffer): { at: number; offset: number } {
  const from = Math.max(0, pdf.length - TAIL_WINDOW);
  const at = pdf.lastIndexOf("startxref", pdf.length, "latin1");
  if (at < from) throw xrefBroken("no startxref near the end of the file");
  const m = /^startxref\s+(\d+)/.exec(pdf.toString("latin1", at, Math.min(pdf.length, at + 40)));
  if (!m) throw xrefBroken("startxref is not followed by an offset");
  const offset = Number(m[1]);
  if (!Number.isSafeInteger(offset) || offset >= at) throw xrefBroken("startxref points outside the file");
  return { at, offset };
}

/** The offset named by the last `startxref` keyword in the file. */
export function findStartXref(pdf: Buffer): number {
  return findStartXrefKeyword(pdf).offset;
}

/**
 * The tail of the newest section, read exactly where startxref says (an update's /Prev must name
 * the real section, so no recovery from bad offsets here).
 */
export function xrefTailOf(newest: Pick<XrefSection, "offset" | "kind" | "trailer">): XrefTail {
  const t = newest.trailer.entries;
  const size = asInt(t.get("Size"));
  const root = t.get("Root");
  if (size === undefined || size < 0 || root?.kind !== "ref") throw xrefBroken("the trailer lacks /Size or /Root");
  const info = t.get("Info");
  const id = t.get("ID");
  return {
    offset: newest.offset,
    kind: newest.kind,
    size,
    root,
    info: info?.kind === "ref" ? info : undefined,
    id: id?.kind === "array" ? id : undefined,
  };
}
