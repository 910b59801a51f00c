import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString, type PDFContext } from "pdf-lib";

/** What the signer must know about the form fields a document already has. */
export interface ExistingFields {
  /** Partial names (/T) of the top-level fields, to pick a unique new name. */
  topLevelNames: Set<string>;
  /** Signature fields that carry a signature value (/V). */
  signedCount: number;
  /** /P of an existing DocMDP certification, if the document is certified. */
  docMdpPermission?: number;
}

const MAX_DEPTH = 32;

export function scanExistingFields(context: PDFContext, catalog: PDFDict): ExistingFields {
  const result: ExistingFields = { topLevelNames: new Set(), signedCount: 0 };
  const acroForm = catalog.lookup(PDFName.of("AcroForm"));
  const fields = acroForm instanceof PDFDict ? acroForm.lookup(PDFName.of("Fields")) : undefined;
  const seen = new Set<PDFDict>();
  const visit = (entry: unknown, inheritedFt: PDFName | undefined, depth: number): void => {
    const field = entry instanceof PDFRef ? context.lookup(entry) : entry;
    if (!(field instanceof PDFDict) || seen.has(field) || depth > MAX_DEPTH) return;
    seen.add(field);
    const t = field.lookup(PDFName.of("T"));
    if (depth === 0 && (t instanceof PDFString || t instanceof PDFHexString)) result.topLevelNames.add(t.decodeText());
    const ft = field.lookup(PDFName.of("FT"));
    const type = ft instanceof PDFName ? ft : inheritedFt;
    if (type === PDFName.of("Sig") && field.get(PDFName.of("V")) !== undefined) result.signedCount++;
    const kids = field.lookup(PDFName.of("Kids"));
    if (kids instanceof PDFArray) kids.asArray().forEach((k) => visit(k, type, depth + 1));
  };
  if (fields instanceof PDFArray) fields.asArray().forEach((f) => visit(f, undefined, 0));
  const perms = catalog.lookup(PDFName.of("Perms"));
  const docMdp = perms instanceof PDFDict ? perms.lookup(PDFName.of("DocMDP")) : undefined;
  if (docMdp instanceof PDFDict) result.docMdpPermission = docMdpP(docMdp);
  return result;
}

/** The /P of a certification signature's DocMDP transform parameters (default 2). */
function docMdpP(sig: PDFDict): number {
  const refs = sig.lookup(PDFName.of("Reference"));
  if (refs instanceof PDFArray) {
    for (let i = 0; i < refs.size(); i++) {
      const sigRef = refs.lookup(i);
      if (!(sigRef instanceof PDFDict)) continue;
      const params = sigRef.lookup(PDFName.of("TransformParams"));
      const p = params instanceof PDFDict ? params.lookup(PDFName.of("P")) : undefined;
      if (p instanceof PDFNumber) return p.asNumber();
    }
  }
  return 2;
}

/** "Signature1", "Signature2", ...: the first one not already taken. */
export function uniqueSignatureFieldName(existing: ExistingFields): string {
  for (let n = existing.signedCount + 1; ; n++) {
    const name = `Signature${n}`;
    if (!existing.topLevelNames.has(name)) return name;
  }
}
