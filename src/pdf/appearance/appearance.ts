import { helveticaFont } from "./appearanceFont.js";
import { devanagariAppearanceFont } from "./devanagariAppearanceFont.js";
import type { ObjectChanges } from "../write/objectChanges.js";
import type { PdfRef } from "../read/rawObjects.js";
import { displayDateIst } from "../read/pdfDate.js";

/** What the visible signature block says. */
export interface AppearanceText {
  signerName: string;
  designation?: string;
  signingTime: Date;
  reason?: string;
}

const MAX_FONT_SIZE = 10;
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
 * Adds the /AP /N Form XObject for a signature widget of the given size to `changes` and returns
 * its reference: a white box (it covers the page text under it), a border and the text lines,
 * sized to fit. Lines all in WinAnsi are set in standard Helvetica; otherwise (Hindi names,
 * designations, reasons) all lines are shaped and set in an embedded Noto Sans Devanagari subset,
 * whose objects join the same update.
 */
export async function addAppearance(changes: ObjectChanges, rectWidth: number, rectHeight: number, text: AppearanceText, pageRotation = 0): Promise<PdfRef> {
  // On a page shown rotated (/Rotate), the block is laid out as the reader sees it and turned back
  // into page space by the form's /Matrix, so its text reads upright.
  const turned = pageRotation === 90 || pageRotation === 270;
  const width = turned ? rectHeight : rectWidth;
  const height = turned ? rectWidth : rectHeight;
  const lines = appearanceLines(text);
  const font = (await helveticaFont(lines)) ?? (await devanagariAppearanceFont(changes, lines));
  const innerW = Math.max(width - 2 * PADDING, 1);
  const innerH = Math.max(height - 2 * PADDING, 1);
  const widest = Math.max(...font.widths);
  const tallest = font.ascent + (lines.length - 1) * font.leading + font.descent;
  const size = Math.min(MAX_FONT_SIZE, innerH / tallest, widest > 0 ? innerW / widest : MAX_FONT_SIZE);
  const ops = [
    "q",
    `1 1 1 rg 0 0 ${num(width)} ${num(height)} re f`,
    "0.6 w 0.1 0.2 0.5 RG",
    `0.3 0.3 ${num(width - 0.6)} ${num(height - 0.6)} re S`,
    "BT",
    `/${font.resourceName} ${num(size)} Tf 0 0 0 rg ${num(size * font.leading)} TL`,
    `${num(PADDING)} ${num(height - PADDING - size * font.ascent)} Td`,
    ...lines.flatMap((_, i) => (i > 0 ? ["T*", ...font.show(i, size)] : font.show(i, size))),
    "ET",
    "Q",
  ];
  const content = ops.join("\n");
  const dict =
    `<< /Type /XObject /Subtype /Form /BBox [0 0 ${num(width)} ${num(height)}] ${formMatrix(pageRotation, width, height)}` +
    `/Resources << /Font << /${font.resourceName} ${font.resource} >> >> ` +
    `/Length ${Buffer.byteLength(content, "latin1")} >>`;
  const ref = changes.allocate();
  changes.setRaw(ref, Buffer.from(`${dict}\nstream\n${content}\nendstream`, "latin1"));
  return ref;
}

/** The /Matrix that undoes a page rotation (clockwise, in degrees) for a block of the given shown size. */
function formMatrix(rotation: number, width: number, height: number): string {
  switch (rotation) {
    case 90:
      return `/Matrix [0 1 -1 0 ${num(height)} 0] `;
    case 180:
      return `/Matrix [-1 0 0 -1 ${num(width)} ${num(height)}] `;
    case 270:
      return `/Matrix [0 -1 1 0 0 ${num(width)}] `;
    default:
      return "";
  }
}
