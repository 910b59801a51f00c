import type { FontNames } from "@pdf-lib/standard-fonts";

/** A font the signature block's lines are set in, as the block's layout needs it. */
export interface AppearanceFont {
  /** Its name in the appearance's /Resources /Font, and the value there (a dictionary or a reference). */
  resourceName: string;
  resource: string;
  /** Each line's advance at font size 1. */
  widths: number[];
  /** In multiples of the font size: first baseline below the top, room below the last baseline, baseline to baseline. */
  ascent: number;
  descent: number;
  leading: number;
  /** Operators that show line `index` from the current text position, at font size `size`. */
  show(index: number, size: number): string[];
}

/**
 * Standard Helvetica, which every reader has, so nothing is embedded: the font for a block whose
 * lines are all in WinAnsi (most are English), or undefined when a character is not. pdf-lib (its
 * metrics and WinAnsi encoder) is loaded only when a visible block is drawn: `mohar verify`, which
 * shares this folder, never needs it.
 */
export async function helveticaFont(lines: readonly string[]): Promise<AppearanceFont | undefined> {
  const { StandardFontEmbedder, StandardFonts } = await import("pdf-lib");
  // pdf-lib exports the embedder with its font-package enum type; both enums hold the same names.
  const font = StandardFontEmbedder.for(StandardFonts.Helvetica as string as FontNames);
  if (!lines.every((l) => [...l].every((ch) => font.encoding.canEncodeUnicodeCodePoint(ch.codePointAt(0)!)))) return undefined;
  return {
    resourceName: "Helv",
    resource: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    widths: lines.map((l) => font.widthOfTextAtSize(l, 1)),
    ascent: 1,
    descent: 0.25,
    leading: 1.25,
    show: (index) => [`${font.encodeText(lines[index]!).toString()} Tj`],
  };
}
