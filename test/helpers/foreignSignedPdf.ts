import forge from "node-forge";
import { PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, StandardFonts } from "pdf-lib";

const CONTENTS_BYTES = 8192;
const RANGE_PLACEHOLDER = "**********";

/**
 * A PDF signed the way other tools (@signpdf and friends) do it, not with mohar's writer: pdf-lib
 * writes the whole document with an adbe.pkcs7.detached placeholder (full save, classic xref),
 * the ByteRange is patched textually and node-forge builds the PKCS#7.
 */
export async function makeForeignSignedPdf(certPem: string, keyPem: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawText("Letter signed by another tool", { x: 72, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  const ctx = doc.context;
  const placeholder = PDFName.of(RANGE_PLACEHOLDER);
  const sig = ctx.register(
    ctx.obj({
      Type: "Sig",
      Filter: "Adobe.PPKLite",
      SubFilter: "adbe.pkcs7.detached",
      ByteRange: [PDFNumber.of(0), placeholder, placeholder, placeholder],
      Contents: PDFHexString.of("0".repeat(CONTENTS_BYTES * 2)),
      Reason: PDFString.of("Issued"),
      M: PDFString.fromDate(new Date()),
    }),
  );
  const widget = ctx.register(
    ctx.obj({ Type: "Annot", Subtype: "Widget", FT: "Sig", T: PDFString.of("Signature1"), V: sig, F: 4, P: page.ref, Rect: [0, 0, 0, 0] }),
  );
  page.node.set(PDFName.of("Annots"), ctx.obj([widget]));
  doc.catalog.set(PDFName.of("AcroForm"), ctx.obj({ Fields: [widget], SigFlags: 3 }));
  const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));

  const rangeText = `[ 0 /${RANGE_PLACEHOLDER} /${RANGE_PLACEHOLDER} /${RANGE_PLACEHOLDER} ]`;
  const rangeAt = pdf.indexOf(rangeText, 0, "latin1");
  const start = pdf.indexOf(`<${"0".repeat(CONTENTS_BYTES * 2)}>`, 0, "latin1");
  if (rangeAt < 0 || start < 0) throw new Error("placeholder not found in pdf-lib output");
  const end = start + CONTENTS_BYTES * 2 + 2;
  const range = [0, start, end, pdf.length - end];
  pdf.write(`[${range.join(" ")}]`.padEnd(rangeText.length, " "), rangeAt, "latin1");

  const signed = Buffer.concat([pdf.subarray(0, start), pdf.subarray(end)]);
  const cert = forge.pki.certificateFromPem(certPem);
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(signed.toString("binary"));
  p7.addCertificate(cert);
  p7.addSigner({
    key: forge.pki.privateKeyFromPem(keyPem),
    certificate: cert,
    digestAlgorithm: forge.pki.oids.sha256!,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest! },
      { type: forge.pki.oids.signingTime!, value: new Date().toISOString() },
    ],
  });
  p7.sign({ detached: true });
  const der = Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), "binary");
  pdf.write(der.toString("hex"), start + 1, "latin1");
  return pdf;
}
