import { MoharError, type ErrorCode } from "../../errors.js";
import { addAppearance } from "../appearance/appearance.js";
import type { DssData } from "../read/dssData.js";
import { addToDss } from "./dssUpdate.js";
import { byteRangeAround, digestByteRange, type ByteRange } from "./byteRange.js";
import { scanExistingFields, uniqueSignatureFieldName } from "./formFields.js";
import { writeIncrementalUpdate } from "./incrementalUpdate.js";
import { loadForSigning, type SigningDocument } from "./loadForSigning.js";
import { XrefNeedsFullRead } from "../read/xrefChain.js";
import { ObjectChanges } from "./objectChanges.js";
import { buildSignatureDictionary, patchByteRange } from "./signatureDictionary.js";
import { addToAcroForm, addToPageAnnots, setDocMdpPermission } from "./signatureField.js";
import { pdfNumber, refString } from "./rawWriter.js";
import { pageForSigning, type SigningPage } from "./signingPage.js";
import { pdfTextString } from "./textString.js";

/** [llx, lly, urx, ury] in PDF user-space points. */
export type Rect = [number, number, number, number];

export interface PdfSignatureOptions {
  signingTime: Date;
  /** Signer's name: /Name in the signature dictionary and the first line of the appearance. */
  name?: string;
  /** Shown under the name in a visible appearance. */
  designation?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** 1-based page that carries the widget; default 1. */
  page?: number;
  /** Visible signature rectangle; omit for an invisible signature. */
  rect?: Rect;
  /** Certification (DocMDP P=2); only allowed as the document's first signature. */
  certify?: boolean;
  /** Bytes reserved for the CMS; default 24 KiB (RSA-4096 chain + timestamp fit). */
  contentsSize?: number;
  /**
   * Validation data (certificates, CRLs, OCSP responses, DER) added to the /DSS in the same
   * update, so the new signature covers it and the whole document (PAdES B-LT).
   */
  dss?: DssData;
  /** A document timestamp (/DocTimeStamp, ETSI.RFC3161) rather than a signature: invisible, no signer fields. */
  docTimeStamp?: boolean;
  /**
   * Read and check every cross-reference section as the verifier does (pdf.xref_broken for a
   * wrong offset anywhere), not lazily: for a file no upload check has seen (the CLI's `sign` on a
   * local file). By default only the entries signing uses are checked (#16), which is enough for
   * stored versions: the upload check refused the rest (its verifier read of the trial update).
   */
  wholeChain?: boolean;
}

export interface PreparedPdfSignature {
  /** The PDF with the update appended, /Contents still zero-filled. */
  bytes: Buffer;
  byteRange: ByteRange;
  /** SHA-256 of the ByteRange bytes: the CMS message digest. */
  contentDigest: Buffer;
  fieldName: string;
}

export const DEFAULT_CONTENTS_SIZE = 24 * 1024;

const badInput = (code: ErrorCode, detail: string): MoharError => new MoharError(code, detail);

/**
 * Appends an incremental update with a new signature field, its widget on the chosen page and a
 * /Sig dictionary whose /Contents is a zero-filled placeholder. The ByteRange is final; the
 * caller signs `contentDigest` and passes the CMS to embedSignature.
 */
export async function preparePdfSignature(pdf: Buffer, opts: PdfSignatureOptions): Promise<PreparedPdfSignature> {
  const contentsSize = opts.contentsSize ?? DEFAULT_CONTENTS_SIZE;
  if (!Number.isInteger(contentsSize) || contentsSize < 1024 || contentsSize > 1024 * 1024) {
    throw badInput("pdf.contents_size", "contentsSize must be an integer number of bytes between 1024 and 1048576");
  }
  if (opts.wholeChain) return prepareSignatureOn(loadForSigning(pdf, { whole: true }), { ...opts, contentsSize });
  try {
    return await prepareSignatureOn(loadForSigning(pdf), { ...opts, contentsSize });
  } catch (e) {
    // Something the lazy read does not take on trust: the chain read whole, as the verifier reads it.
    if (!(e instanceof XrefNeedsFullRead)) throw e;
    return prepareSignatureOn(loadForSigning(pdf, { whole: true }), { ...opts, contentsSize });
  }
}

/** preparePdfSignature on a document already opened (a test looks at what it read). */
export async function prepareSignatureOn(doc: SigningDocument, opts: PdfSignatureOptions): Promise<PreparedPdfSignature> {
  const contentsSize = opts.contentsSize ?? DEFAULT_CONTENTS_SIZE;
  const { bytes: pdf, objects, catalog, tail } = doc;
  const pageNumber = opts.page ?? 1;
  const page = pageForSigning(doc, pageNumber, opts.page ?? pageNumber);
  if (opts.rect) checkRect(opts.rect, page, pageNumber);

  const existing = scanExistingFields(objects, catalog);
  if (opts.certify && existing.signedCount > 0) {
    throw new MoharError("pdf.certify_not_first", "only the first signature can certify a document, and this one is signed already");
  }
  if (existing.docMdpPermission === 1) {
    throw new MoharError("pdf.certified_no_changes", "the document is certified with no changes allowed; it cannot take another signature");
  }
  const fieldName = uniqueSignatureFieldName(existing);

  const changes = new ObjectChanges(doc.firstFree);
  const sigRef = changes.allocate();
  if (opts.docTimeStamp && (opts.certify || opts.rect)) {
    throw new Error("a document timestamp is invisible and cannot certify");
  }
  const sig = opts.docTimeStamp
    ? buildSignatureDictionary({ signingTime: opts.signingTime, certify: false, contentsSize, docTimeStamp: true })
    : buildSignatureDictionary({ ...opts, certify: opts.certify === true, contentsSize });
  changes.setRaw(sigRef, sig.body);

  const rect = opts.rect ?? [0, 0, 0, 0];
  let appearance = "";
  if (opts.rect) {
    const ap = await addAppearance(changes, rect[2] - rect[0], rect[3] - rect[1], {
      signerName: opts.name ?? "unknown signer",
      designation: opts.designation,
      signingTime: opts.signingTime,
      reason: opts.reason,
    }, page.rotation);
    appearance = ` /AP << /N ${refString(ap)} >>`;
  }
  // F 132: Print + Locked.
  const widgetRef = changes.add(
    `<< /Type /Annot /Subtype /Widget /FT /Sig /T ${pdfTextString(fieldName)} /V ${refString(sigRef)} /F 132 ` +
      `/P ${refString(page.ref)} /Rect [${rect.map(pdfNumber).join(" ")}]${appearance} >>`,
  );
  addToPageAnnots(objects, changes, page.ref, page.dict, widgetRef);
  addToAcroForm(objects, changes, tail.root, catalog, widgetRef);
  if (opts.certify) setDocMdpPermission(objects, changes, tail.root, catalog, sigRef);
  if (opts.dss) addToDss(objects, doc.decode, changes, tail.root, catalog, opts.dss);

  const update = writeIncrementalUpdate(pdf, tail, changes.toUpdateObjects());
  const sigAt = update.bodyOffsets.get(sigRef.num)!;
  const byteRange = byteRangeAround(update.bytes.length, sigAt + sig.contentsStart, sigAt + sig.contentsEnd);
  patchByteRange(update.bytes, sigAt + sig.byteRangeAt, byteRange);
  return { bytes: update.bytes, byteRange, contentDigest: digestByteRange(update.bytes, byteRange), fieldName };
}

function checkRect(rect: Rect, page: SigningPage, pageNumber: number): void {
  if (rect.length !== 4 || !rect.every((n) => Number.isFinite(n))) {
    throw badInput("pdf.rect_invalid", "rect must be four finite numbers [llx, lly, urx, ury]");
  }
  const [x1, y1, x2, y2] = rect;
  if (x2 <= x1 || y2 <= y1) throw badInput("pdf.rect_invalid", "rect must have urx > llx and ury > lly");
  // The visible area: a widget outside the CropBox would never be seen.
  const box = page.visibleBox;
  if (!box) {
    throw new MoharError("pdf.page_without_mediabox", `page ${pageNumber} has no readable /MediaBox (it is required, on the page or inherited), so a visible signature cannot be placed on it; sign without rect`);
  }
  if (x1 < box.x || y1 < box.y || x2 > box.x + box.width || y2 > box.y + box.height) {
    throw badInput(
      "pdf.rect_out_of_page",
      `rect [${rect.join(", ")}] lies outside page ${pageNumber}, whose visible area (CropBox) is [${box.x}, ${box.y}, ${box.x + box.width}, ${box.y + box.height}]`,
    );
  }
}
