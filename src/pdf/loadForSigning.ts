import type { PDFDocument } from "pdf-lib";
import { MoharError } from "../errors.js";
import { parseWithPdfLib } from "./pdfLibLoad.js";

/**
 * Parses a PDF with pdf-lib for reading only: the signer never saves it through pdf-lib, it
 * appends an incremental update instead. Metadata updates are off so the parsed objects are
 * exactly the file's.
 */
export async function loadForSigning(pdf: Buffer): Promise<PDFDocument> {
  const header = pdf.indexOf("%PDF-", 0, "latin1");
  if (header < 0 || header > 1024) {
    throw new MoharError("pdf.not_pdf", "the file is not a PDF: there is no %PDF- header in its first 1024 bytes");
  }
  let doc: PDFDocument;
  try {
    doc = await parseWithPdfLib(pdf, { ignoreEncryption: true });
  } catch (e) {
    if (e instanceof MoharError) throw e;
    throw new MoharError("pdf.unparsable", `the PDF cannot be parsed: ${(e as Error).message}`, { cause: e });
  }
  if (doc.isEncrypted) {
    throw new MoharError("pdf.encrypted", "the PDF is encrypted; mohar signs only unencrypted PDFs");
  }
  return doc;
}
