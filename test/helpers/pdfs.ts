import { PDFDocument, StandardFonts } from "pdf-lib";

export interface MakePdfOptions {
  pages?: number;
  text?: string;
  /** pdf-lib's default (true) writes an xref stream; false writes a classic xref table and trailer. */
  useObjectStreams?: boolean;
}

/** A small valid PDF with `pages` pages, each showing `text` and its page number. */
export async function makePdf({ pages = 1, text = "mohar test document", useObjectStreams = true }: MakePdfOptions = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`${text} (page ${i} of ${pages})`, { x: 50, y: 780, size: 12, font });
  }
  return Buffer.from(await doc.save({ useObjectStreams }));
}

/**
 * A PDF whose trailer names an /Encrypt dictionary, as a password-protected file's does.
 * The trailer follows the xref table, so the edit leaves every offset valid.
 */
export async function makeEncryptedLookingPdf(): Promise<Buffer> {
  const plain = (await makePdf({ useObjectStreams: false })).toString("latin1");
  const at = plain.lastIndexOf("trailer");
  const open = plain.indexOf("<<", at);
  const patched =
    plain.slice(0, open + 2) + "\n/Encrypt << /Filter /Standard /V 1 /R 2 /P -4 /O <00> /U <00> >>" + plain.slice(open + 2);
  return Buffer.from(patched, "latin1");
}
