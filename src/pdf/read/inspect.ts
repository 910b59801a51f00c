import type { PDFDocument, PDFSignature as PdfLibSignature } from "pdf-lib";
import { MoharError } from "../../errors.js";
import { findStartXref } from "./xrefTail.js";
import { preparePdfSignature } from "../write/preparePdfSignature.js";
import { readPdfStructure } from "./revisions.js";
import { findSignatureFields } from "./signatureDicts.js";

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

  // pdf-lib is loaded when a PDF is first checked, not with this folder (`mohar verify` never needs it).
  const [{ parseWithPdfLib }, { PDFSignature }] = await Promise.all([import("./pdfLibLoad.js"), import("pdf-lib")]);
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
  await assertSignableAndVerifiable(buf);
  return {
    pageCount,
    pdfVersion: header[1],
    sizeBytes: buf.length,
    signatureCount: countSignatureFields(doc, PDFSignature),
    revisions: countOccurrences(buf, "%%EOF"),
  };
}

/**
 * What is accepted must be signable, and once signed, verifiable (issue #19: of 169 fuzzed uploads
 * accepted, 43 could not be signed and 16 that mohar signed its own verification refused). So the
 * upload check does what signing will do, with the same code: it prepares a trial signature (not
 * kept), and reads the result with the verifier's structure reader, which must find the new
 * signature field in the newest revision. A /Prev loop, a degenerate cross-reference stream, an
 * xref table whose entries do not parse, a /Root that is not a catalog, or a file with as many
 * revisions as the verifier reads, are refused now (422) rather than after an officer signed.
 * A document certified with no changes allowed (DocMDP P=1) is accepted unsigned: it may be kept
 * and verified, never signed.
 */
async function assertSignableAndVerifiable(buf: Buffer): Promise<void> {
  let trial: Awaited<ReturnType<typeof preparePdfSignature>>;
  try {
    trial = await preparePdfSignature(buf, { signingTime: new Date() });
  } catch (err) {
    if (err instanceof MoharError && err.code === "pdf.certified_no_changes") return;
    if (err instanceof MoharError) throw new MoharError(err.code, `the PDF could not be signed later: ${err.message}`, { cause: err });
    throw err;
  }
  const structure = readPdfStructure(trial.bytes);
  const newest = structure.revisions[structure.revisions.length - 1];
  // A newest revision rebuilt by scanning (damaged cross-reference data) does not chain up either.
  const fields = newest && !newest.repaired ? findSignatureFields(newest.objects, newest.trailer.entries.get("Root")) : [];
  if (!fields.some((f) => f.fieldName === trial.fieldName)) {
    throw new MoharError("pdf.xref_broken", "the PDF's cross-reference data is damaged: a signature added to it would not be found by a verifier (its revisions do not chain up to the newest one)");
  }
}

function encrypted(): MoharError {
  return new MoharError(
    "pdf.encrypted",
    "the PDF is encrypted or password-protected: mohar keeps only documents it can sign, and it does not write encrypted updates (a signature's revision would have to encrypt its strings and streams with the document's key); upload a copy without encryption (e.g. made by qpdf --decrypt). An encrypted signed PDF can still be verified (POST /v1/verify)",
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

function countSignatureFields(doc: PDFDocument, PDFSignature: typeof PdfLibSignature): number {
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
