import type { FontNames } from "@pdf-lib/standard-fonts";
import { StandardFontEmbedder, StandardFonts } from "pdf-lib";
import { displayDateIst } from "./pdfDate.js";

/** What the visible signature block says. */
export interface AppearanceText {
  signerName: string;
  designation?: string;
  signingTime: Date;
  reason?: string;
}

// pdf-lib exports the embedder with its font-package enum type; both enums hold the same names.
const HELVETICA = StandardFonts.Helvetica as string as FontNames;
const MAX_FONT_SIZE = 10;
const LINE_SPACING = 1.25;
const PADDING = 3;

const num = (n: number): string => String(Math.round(n * 100) / 100);

/** The lines of the signature block, in reading order. */
export function appearanceLines(t: AppearanceText): string[] {
  const lines = [`Digitally signed by ${t.signerName}`];
  if (t.designation) lines.push(t.designation);
  lines.push(`Date: ${displayDateIst(t.signingTime)}`);
  if (t.reason) lines.push(`Reason: ${t.reason}`);
  return lines;
}

/**
 * The /AP /N Form XObject body (dictionary + stream) for a signature widget of the given size:
 * a border and the text lines in standard Helvetica, sized to fit the rectangle. Standard fonts
 * only carry WinAnsi, so characters outside it are shown as '?' (the signature dictionary keeps
 * the full Unicode name).
 */
export function buildAppearanceStream(width: number, height: number, text: AppearanceText): Buffer {
  const font = StandardFontEmbedder.for(HELVETICA);
  const lines = appearanceLines(text).map((l) => toWinAnsi(font, l));
  const innerW = Math.max(width - 2 * PADDING, 1);
  const innerH = Math.max(height - 2 * PADDING, 1);
  const widest = Math.max(...lines.map((l) => font.widthOfTextAtSize(l, 1)));
  const size = Math.min(MAX_FONT_SIZE, innerH / (lines.length * LINE_SPACING), widest > 0 ? innerW / widest : MAX_FONT_SIZE);
  const leading = size * LINE_SPACING;
  const ops = [
    "q",
    "0.6 w 0.1 0.2 0.5 RG",
    `0.3 0.3 ${num(width - 0.6)} ${num(height - 0.6)} re S`,
    "BT",
    `/Helv ${num(size)} Tf 0 0 0 rg ${num(leading)} TL`,
    `${num(PADDING)} ${num(height - PADDING - size)} Td`,
    ...lines.map((l, i) => `${i > 0 ? "T* " : ""}${font.encodeText(l).toString()} Tj`),
    "ET",
    "Q",
  ];
  const content = ops.join("\n");
  const dict =
    `<< /Type /XObject /Subtype /Form /BBox [0 0 ${num(width)} ${num(height)}] ` +
    "/Resources << /Font << /Helv << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> >> >> " +
    `/Length ${Buffer.byteLength(content, "latin1")} >>`;
  return Buffer.from(`${dict}\nstream\n${content}\nendstream`, "latin1");
}

function toWinAnsi(font: StandardFontEmbedder, s: string): string {
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += font.encoding.canEncodeUnicodeCodePoint(cp) ? ch : "?";
  }
  return out;
}
