import { devanagariAppearanceFont, drawableText } from "../appearance/devanagariAppearanceFont.js";
import { devanagariFont } from "../appearance/devanagariFont.js";
import { shapeLine } from "../appearance/devanagariShaper.js";
import { ObjectChanges } from "./objectChanges.js";
import type { PdfRef } from "../read/rawObjects.js";
import { refString } from "./rawWriter.js";
import { pdfTextString } from "./textString.js";

/** A colour as red, green, blue from 0 to 1 (e.g. a verdict's green or red). */
export type Rgb = readonly [number, number, number];

export interface TableColumn {
  /** Column labels may have several lines (e.g. Hindi over English), each fitted to the column. */
  label: string[];
  width: number;
  align: "left" | "right";
}

/** What a document is made of, top to bottom; each block starts where the one before ended, on a new page when full. */
export type PdfBlock =
  /** A heading line (wrapped if long): 14 pt by default. */
  | { kind: "heading"; text: string; size?: number; colour?: Rgb }
  /** Running text, wrapped at spaces to the page width. */
  | { kind: "paragraph"; text: string; size?: number; colour?: Rgb }
  /** Labels on the left, their values (wrapped, each in its own colour) on the right. */
  | { kind: "keyValue"; rows: { key: string; value: string; colour?: Rgb }[]; keyWidth?: number }
  /** A table whose header row is repeated on every page it runs over; a cell too wide for its column is cut with "...". */
  | { kind: "table"; columns: TableColumn[]; rows: string[][]; totals?: string[] };

/** A document of blocks as a PDF, e.g. the verification report. */
export interface DocumentPdf {
  /** The PDF's /Title. */
  title: string;
  blocks: PdfBlock[];
  /** Printed at the foot of every page, before "page i of n". */
  footer: string;
  /** "page {i} of {n}" in the reader's language. */
  pageLabel(i: number, n: number): string;
  /** The /Lang of the document (BCP 47). */
  lang: string;
  createdAt: Date;
}

/** A report as a PDF: heading lines, then a table that runs over as many pages as it needs. */
export interface TablePdf extends Omit<DocumentPdf, "blocks"> {
  /** Lines under the title: office, date, who made it. */
  heading: string[];
  columns: TableColumn[];
  rows: string[][];
  /** A last row set in bold rule: the totals. */
  totals?: string[];
}

const PAGE_W = 595.28; // A4 portrait, in points
const PAGE_H = 841.89;
const MARGIN = 40;
const TITLE_SIZE = 14;
const TEXT_SIZE = 9;
const ROW_H = 16;
/** Baseline to baseline for running text, as a multiple of its size: Devanagari needs room for matras above and below. */
const LEADING = 1.55;
const BLACK: Rgb = [0, 0, 0];
const num = (n: number): string => String(Math.round(n * 100) / 100);
const latin1 = (s: string): Buffer => Buffer.from(s, "latin1");

/** One string drawn at a baseline, or raw drawing operators (rules, bands). */
type Mark = { text: string; size: number; x: number; y: number; colour: Rgb; alignRightIn?: number } | { ops: string[] };

/** A table as one document: the title as its heading, the heading lines as paragraphs, then the table. */
export function writeTablePdf(t: TablePdf): Promise<Buffer> {
  const { heading, columns, rows, totals, ...rest } = t;
  return writeDocumentPdf({
    ...rest,
    blocks: [
      { kind: "heading", text: t.title },
      ...heading.map((text): PdfBlock => ({ kind: "paragraph", text, size: TEXT_SIZE + 1 })),
      { kind: "table", columns, rows, ...(totals ? { totals } : {}) },
    ],
  });
}

/**
 * Writes blocks as a new PDF with their text in Noto Sans Devanagari (shaped with HarfBuzz, so Hindi
 * conjuncts, matras and reph are placed and extract correctly; Latin text uses the same font).
 * One revision, a classic cross-reference table.
 */
export async function writeDocumentPdf(d: DocumentPdf): Promise<Buffer> {
  const pages = await layOut(d.blocks);
  const labels = pages.map((_, i) => `${d.footer}    ${d.pageLabel(i + 1, pages.length)}`);
  pages.forEach((marks, i) => marks.push({ text: labels[i] as string, size: TEXT_SIZE - 1, x: MARGIN, y: MARGIN / 2, colour: BLACK }));

  // Every string the pages show, in one list: the font subset is made once, for all of them.
  const texts: string[] = [];
  const index = new Map<string, number>();
  for (const m of pages.flat()) {
    if ("text" in m && !index.has(m.text)) index.set(m.text, texts.push(m.text) - 1);
  }
  const changes = new ObjectChanges(1);
  const catalog = changes.allocate();
  const pageTree = changes.allocate();
  const info = changes.allocate();
  const font = await devanagariAppearanceFont(changes, texts);
  const draw = (m: Mark): string[] => {
    if ("ops" in m) return m.ops;
    const i = index.get(m.text) as number;
    const dx = m.alignRightIn !== undefined ? m.alignRightIn - (font.widths[i] ?? 0) * m.size : 0;
    return ["BT", `${m.colour.map(num).join(" ")} rg`, `/${font.resourceName} ${num(m.size)} Tf`, `${num(m.x + dx)} ${num(m.y)} Td`, ...font.show(i, m.size), "ET"];
  };

  const pageRefs = pages.map((marks) => {
    const content = changes.allocate();
    changes.setRaw(content, stream(["0 0 0 rg 0 0 0 RG", ...marks.flatMap(draw)].join("\n")));
    const page = changes.allocate();
    changes.setRaw(
      page,
      latin1(
        `<< /Type /Page /Parent ${refString(pageTree)} /MediaBox [0 0 ${num(PAGE_W)} ${num(PAGE_H)}] ` +
          `/Resources << /Font << /${font.resourceName} ${font.resource} >> >> /Contents ${refString(content)} >>`,
      ),
    );
    return page;
  });
  changes.setRaw(pageTree, latin1(`<< /Type /Pages /Kids [${pageRefs.map(refString).join(" ")}] /Count ${pageRefs.length} >>`));
  changes.setRaw(catalog, latin1(`<< /Type /Catalog /Pages ${refString(pageTree)} /Lang ${pdfTextString(d.lang)} >>`));
  changes.setRaw(info, latin1(`<< /Title ${pdfTextString(d.title)} /Producer (mohar) /CreationDate ${pdfTextString(pdfDate(d.createdAt))} >>`));
  return writeNewPdf(changes, catalog, info);
}

/** The blocks cut into pages of marks: text is measured with the same shaping that draws it. */
async function layOut(blocks: readonly PdfBlock[]): Promise<Mark[][]> {
  const shaping = await devanagariFont();
  const upem = shaping.file.unitsPerEm;
  const widthOf = (text: string, size: number): number => (shapeLine(shaping, drawableText(shaping.file, text)).advance / upem) * size;
  const fit = (text: string, width: number): string => {
    if (widthOf(text, TEXT_SIZE) <= width) return text;
    const chars = graphemes(text);
    while (chars.length > 0 && widthOf(`${chars.join("")}...`, TEXT_SIZE) > width) chars.pop();
    return `${chars.join("")}...`;
  };
  /** `text` in lines no wider than `width`, broken at spaces, or inside a word longer than a line. */
  const wrap = (text: string, size: number, width: number): string[] => {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (widthOf(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = "";
      for (const g of graphemes(word)) {
        if (line && widthOf(line + g, size) > width) {
          lines.push(line);
          line = "";
        }
        line += g;
      }
    }
    lines.push(line);
    return lines;
  };

  const width = PAGE_W - 2 * MARGIN;
  const bottom = MARGIN + 8; // room for the footer
  const pages: Mark[][] = [[]];
  let y = PAGE_H - MARGIN; // the top of what comes next
  let onPage = pages[0] as Mark[];
  /** Makes room for `height` points, on a new page when this one is full; false when a new page was started. */
  const room = (height: number): boolean => {
    if (y - height >= bottom || y === PAGE_H - MARGIN) return true;
    pages.push((onPage = []));
    y = PAGE_H - MARGIN;
    return false;
  };
  const text = (s: string, size: number, x: number, baseline: number, colour: Rgb = BLACK, alignRightIn?: number): void => {
    onPage.push({ text: s, size, x, y: baseline, colour, ...(alignRightIn !== undefined ? { alignRightIn } : {}) });
  };

  blocks.forEach((b, n) => {
    if (b.kind === "heading" || b.kind === "paragraph") {
      const size = b.size ?? (b.kind === "heading" ? TITLE_SIZE : TEXT_SIZE);
      const step = b.kind === "heading" ? size * 1.6 : Math.max(size * LEADING, b.size ? ROW_H : 0);
      if (b.kind === "heading" && n > 0) y -= size * 0.4;
      for (const line of wrap(b.text, size, width)) {
        room(step);
        text(line, size, MARGIN, y - step * 0.72, b.colour);
        y -= step;
      }
    } else if (b.kind === "keyValue") {
      const keyWidth = b.keyWidth ?? 150;
      const step = TEXT_SIZE * LEADING;
      for (const r of b.rows) {
        const keys = wrap(r.key, TEXT_SIZE, keyWidth - 8);
        const values = wrap(r.value, TEXT_SIZE, width - keyWidth);
        const lines = Math.max(keys.length, values.length);
        room(lines * step);
        keys.forEach((k, i) => text(k, TEXT_SIZE, MARGIN, y - step * (i + 0.72), [0.3, 0.3, 0.3]));
        values.forEach((v, i) => text(v, TEXT_SIZE, MARGIN + keyWidth, y - step * (i + 0.72), r.colour));
        y -= lines * step;
      }
    } else {
      const tableWidth = b.columns.reduce((w, c) => w + c.width, 0);
      const labelLines = Math.max(1, ...b.columns.map((c) => c.label.length));
      const header = Array.from({ length: labelLines }, (_, line) => b.columns.map((c) => fit(c.label[line] ?? "", c.width - 6)));
      const cells = (row: string[], top: number): void => {
        let x = MARGIN;
        b.columns.forEach((c, i) => {
          text(fit(row[i] ?? "", c.width - 6), TEXT_SIZE, x + 3, top - ROW_H + 4.5, BLACK, c.align === "right" ? c.width - 6 : undefined);
          x += c.width;
        });
      };
      // The header rows on a grey band, on the first page of the table and again on every page it runs over.
      const headerRows = (): void => {
        y -= ROW_H / 2;
        onPage.push({ ops: ["q 0.9 g", `${num(MARGIN)} ${num(y - ROW_H * labelLines)} ${num(tableWidth)} ${num(ROW_H * labelLines)} re f Q`] });
        header.forEach((row) => {
          cells(row, y);
          y -= ROW_H;
        });
      };
      room(ROW_H * (labelLines + 1.5));
      headerRows();
      const all = [...b.rows, ...(b.totals ? [b.totals] : [])];
      all.forEach((row, r) => {
        if (!room(ROW_H)) headerRows();
        // A rule under each row; the totals row gets a heavier rule above.
        if (b.totals && r === all.length - 1) onPage.push({ ops: [`1 w ${num(MARGIN)} ${num(y)} m ${num(MARGIN + tableWidth)} ${num(y)} l S`] });
        cells(row, y);
        y -= ROW_H;
        onPage.push({ ops: [`0.3 w ${num(MARGIN)} ${num(y)} m ${num(MARGIN + tableWidth)} ${num(y)} l S`] });
      });
    }
  });
  return pages;
}

/** User-perceived characters: a cut never separates a consonant from its matra or virama. */
function graphemes(s: string): string[] {
  return [...new Intl.Segmenter("hi", { granularity: "grapheme" }).segment(s)].map((g) => g.segment);
}

function stream(content: string): Buffer {
  const body = latin1(content);
  return Buffer.concat([latin1(`<< /Length ${body.length} >>\nstream\n`), body, latin1("\nendstream")]);
}

function pdfDate(d: Date): string {
  return `D:${d.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
}

/** A whole PDF file of the objects allocated in `changes` (numbered 1..n), with a classic xref table. */
function writeNewPdf(changes: ObjectChanges, root: PdfRef, info: PdfRef): Buffer {
  const objects = changes.toUpdateObjects().sort((a, b) => a.ref.num - b.ref.num);
  const chunks: Buffer[] = [latin1("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  for (const { ref, body } of objects) {
    if (ref.num !== offsets.length + 1) throw new Error(`object ${ref.num} was allocated but never written`);
    offsets.push(offset);
    const part = Buffer.concat([latin1(`${ref.num} 0 obj\n`), Buffer.from(body), latin1("\nendobj\n")]);
    chunks.push(part);
    offset += part.length;
  }
  const size = offsets.length + 1;
  const xref = ["xref", `0 ${size}`, "0000000000 65535 f \n" + offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n `).join("\n")].join("\n");
  chunks.push(latin1(`${xref}\ntrailer\n<< /Size ${size} /Root ${refString(root)} /Info ${refString(info)} >>\nstartxref\n${offset}\n%%EOF\n`));
  return Buffer.concat(chunks);
}
