import { PDFSignature, type PDFDocument } from "pdf-lib";
import { MoharError } from "../errors.js";
import { findStartXref } from "./xrefTail.js";
import { parseWithPdfLib } from "./pdfLibLoad.js";

export interface PdfInfo {
  /** Number of pages in the page tree. */
  pageCount: number;
  /** Version from the `%PDF-x.y` header, e.g. "1.7". */
  pdfVersion: string;
  sizeBytes: number;
  /** Signature fields in the AcroForm (signed or not). */
  signatureCount: number;
  /** `%%EOF` markers: 1 for an original file, one more per incremental update. */
  revisions: number;
}

export interface InspectOptions {
  /** Refuse documents with more pages than this. */
  maxPages?: number;
}

const HEADER_WINDOW = 1024;
const TRAILER_WINDOW = 1024;

/**
 * Checks that `buf` is a complete, parsable, unencrypted PDF and describes it. Throws a
 * MoharError naming what is wrong, so a caller can refuse the upload before storing it.
 */
export async function inspectPdf(buf: Buffer, options: InspectOptions = {}): Promise<PdfInfo> {
  const head = buf.subarray(0, HEADER_WINDOW).toString("latin1");
  const header = /%PDF-(\d+\.\d+)/.exec(head);
  if (!header?.[1]) {
    throw new MoharError("pdf.not_pdf", "the file is not a PDF: there is no %PDF- header in its first 1024 bytes");
  }
  const tail = buf.subarray(Math.max(0, buf.length - TRAILER_WINDOW)).toString("latin1");
  if (!tail.includes("%%EOF") || !tail.includes("startxref")) {
    throw new MoharError(
      "pdf.truncated",
      "the PDF is truncated or damaged: there is no startxref and %%EOF at its end",
    );
  }
  if (hasEncryptInLastTrailer(buf)) throw encrypted();

  let doc: PDFDocument;
  let pageCount: number;
  try {
    doc = await parseWithPdfLib(buf);
    pageCount = doc.getPageCount();
  } catch (err) {
    if (err instanceof MoharError) throw err;
    if (isEncryptedPdfError(err)) throw encrypted();
    throw new MoharError("pdf.unparsable", `the PDF cannot be parsed: ${(err as Error).message}`, { cause: err });
  }
  if (pageCount < 1) throw new MoharError("pdf.unparsable", "the PDF cannot be parsed: it has no pages");
  // pdf-lib recovers from a bad startxref, but signing appends an update that must point at the
  // real cross-reference section: refuse now what could never be signed later.
  findStartXref(buf);
  const maxPages = options.maxPages;
  if (maxPages !== undefined && pageCount > maxPages) {
    throw new MoharError("pdf.too_many_pages", `the PDF has ${pageCount} pages; at most ${maxPages} are accepted`);
  }
  return {
    pageCount,
    pdfVersion: header[1],
    sizeBytes: buf.length,
    signatureCount: countSignatureFields(doc),
    revisions: countOccurrences(buf, "%%EOF"),
  };
}

function encrypted(): MoharError {
  return new MoharError(
    "pdf.encrypted",
    "the PDF is encrypted or password-protected; upload an unencrypted copy",
  );
}

/**
 * pdf-lib's EncryptedPDFError is an ES5-compiled Error subclass, so `instanceof` does not
 * hold for it; its message is the only reliable mark.
 */
function isEncryptedPdfError(err: unknown): boolean {
  return err instanceof Error && err.message.includes("`PDFDocument.load` is encrypted");
}

/** A classic trailer names /Encrypt; cheap to see before a full parse. */
function hasEncryptInLastTrailer(buf: Buffer): boolean {
  const at = buf.lastIndexOf("trailer", undefined, "latin1");
  if (at < 0) return false;
  const end = buf.indexOf("startxref", at, "latin1");
  return /\/Encrypt\b/.test(buf.subarray(at, end < 0 ? undefined : end).toString("latin1"));
}

function countSignatureFields(doc: PDFDocument): number {
  try {
    return doc
      .getForm()
      .getFields()
      .filter((f) => f instanceof PDFSignature).length;
  } catch {
    // A malformed AcroForm does not make the document unusable as a draft.
    return 0;
  }
}

function countOccurrences(buf: Buffer, needle: string): number {
  let n = 0;
  for (let i = buf.indexOf(needle, 0, "latin1"); i >= 0; i = buf.indexOf(needle, i + needle.length, "latin1")) n++;
  return n;
}
