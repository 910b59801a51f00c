import { randomBytes } from "node:crypto";
import { PDFDocument, PDFName } from "pdf-lib";

/**
 * A stand-in for a scanned file: one full-page greyscale image per page. The pixels are
 * noise so that Flate cannot shrink them, which gives the size of a real scan.
 */
export async function makeScannedPdf(pages: number, bytesPerPage: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const side = Math.ceil(Math.sqrt(bytesPerPage));
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    const image = doc.context.flateStream(randomBytes(side * side), {
      Type: "XObject",
      Subtype: "Image",
      Width: side,
      Height: side,
      ColorSpace: "DeviceGray",
      BitsPerComponent: 8,
    });
    const ref = doc.context.register(image);
    const name = page.node.newXObject("Scan", ref);
    const content = doc.context.stream(`q 595 0 0 842 0 0 cm ${name.asString()} Do Q`);
    page.node.set(PDFName.of("Contents"), doc.context.register(content));
  }
  return Buffer.from(await doc.save());
}
