import { PDFDocument, StandardFonts } from "pdf-lib";

/** A plain unsigned PDF as pdf-lib writes it: xref stream + object streams unless classic. */
export async function makePdf(opts: { pages?: number; classicXref?: boolean; title?: string } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < (opts.pages ?? 1); i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`${opts.title ?? "Notesheet"} - page ${i + 1}`, { x: 72, y: 760, size: 14, font });
  }
  return Buffer.from(await doc.save({ useObjectStreams: !opts.classicXref }));
}
