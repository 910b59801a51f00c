import { PDFArray, PDFDict, PDFName, PDFStream, type PDFDocument } from "pdf-lib";

export interface EmbeddedFont {
  baseFont: string;
  /** True when the font program itself is in the file (FontFile, FontFile2 or FontFile3). */
  embedded: boolean;
}

const FONT_FILE_KEYS = ["FontFile", "FontFile2", "FontFile3"].map((k) => PDFName.of(k));

/**
 * Fonts reachable from every page's resources, including those of form XObjects
 * (the Hindi notesheet draws pango-rendered blocks as embedded pages).
 */
export function listFonts(doc: PDFDocument): EmbeddedFont[] {
  const found = new Map<string, EmbeddedFont>();
  const seen = new Set<PDFDict>();

  const recordFont = (font: PDFDict): void => {
    const baseFont = font.lookupMaybe(PDFName.of("BaseFont"), PDFName)?.decodeText() ?? "(unnamed)";
    // A Type0 font keeps its descriptor on the descendant CIDFont.
    const holder = font.lookupMaybe(PDFName.of("DescendantFonts"), PDFArray)?.lookupMaybe(0, PDFDict) ?? font;
    const descriptor = holder.lookupMaybe(PDFName.of("FontDescriptor"), PDFDict);
    const embedded = FONT_FILE_KEYS.some((k) => descriptor?.has(k) ?? false);
    found.set(baseFont, { baseFont, embedded: embedded || (found.get(baseFont)?.embedded ?? false) });
  };

  const visitResources = (resources: PDFDict | undefined): void => {
    if (!resources || seen.has(resources)) return;
    seen.add(resources);
    const fonts = resources.lookupMaybe(PDFName.of("Font"), PDFDict);
    for (const name of fonts?.keys() ?? []) {
      const font = fonts?.lookupMaybe(name, PDFDict);
      if (font) recordFont(font);
    }
    const xobjects = resources.lookupMaybe(PDFName.of("XObject"), PDFDict);
    for (const name of xobjects?.keys() ?? []) {
      const form = xobjects?.lookupMaybe(name, PDFStream);
      visitResources(form?.dict.lookupMaybe(PDFName.of("Resources"), PDFDict));
    }
  };

  for (const page of doc.getPages()) visitResources(page.node.Resources());
  return [...found.values()].sort((a, b) => a.baseFont.localeCompare(b.baseFont));
}
