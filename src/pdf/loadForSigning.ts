import { PDFDocument } from "pdf-lib";
import { MoharError } from "../errors.js";

/**
 * Parses a PDF with pdf-lib for reading only: the signer never saves it through pdf-lib, it
 * appends an incremental update instead. Metadata updates are off so the parsed objects are
 * exactly the file's.
 */
export async function loadForSigning(pdf: Buffer): Promise<PDFDocument> {
  if (pdf.length < 8 || pdf.indexOf("%PDF-", 0, "latin1") < 0 || pdf.indexOf("%PDF-", 0, "latin1") > 1024) {
    throw new MoharError("bad_input", "pdf.invalid", "the file is not a PDF (no %PDF- header)");
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: false });
  } catch (e) {
    throw new MoharError("bad_input", "pdf.invalid", `the PDF cannot be parsed: ${(e as Error).message}`, { cause: e });
  }
  if (doc.isEncrypted) {
    throw new MoharError("unprocessable", "pdf.encrypted", "the PDF is encrypted; mohar signs only unencrypted PDFs");
  }
  return doc;
}
