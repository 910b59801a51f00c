import { devanagariAppearanceFont, drawableText } from "./devanagariAppearanceFont.js";
import { devanagariFont } from "./devanagariFont.js";
import { shapeLine } from "./devanagariShaper.js";
import { ObjectChanges } from "./objectChanges.js";
import type { PdfRef } from "./rawObjects.js";
import { refString } from "./rawWriter.js";
import { pdfTextString } from "./textString.js";

/** A report as a PDF: heading lines, then a table that runs over as many pages as it needs. */
export interface TablePdf {
  /** Document title (also the PDF's /Title). */
  title: string;
  /** Lines under the title: office, date, who made it. */
  heading: string[];
  /** Column labels may have several lines (e.g. Hindi over English), each fitted to the column. */
  columns: { label: string[]; width: number; align: "left" | "right" }[];
  rows: string[][];
  /** A last row set in bold rule: the totals. */
  totals?: string[];
  /** Printed at the foot of every page, before "page i of n". */
  footer: string;
  /** "page {i} of {n}" in the reader's language. */
  pageLabel(i: number, n: number): string;
  /** The /Lang of the document (BCP 47). */
  lang: string;
  createdAt: Date;
}

const PAGE_W = 595.28; // A4 portrait, in points
const PAGE_H = 841.89;
const MARGIN = 40;
const TITLE_SIZE = 14;
const TEXT_SIZE = 9;
const ROW_H = 16;
const num = (n: number): string => String(Math.round(n * 100) / 100);
const latin1 = (s: string): Buffer => Buffer.from(s, "latin1");

/**
 * Writes a report table as a new PDF with its text in Noto Sans Devanagari (shaped with HarfBuzz,
 * so Hindi office names and headings read and extract correctly; Latin text uses the same font).
 * A cell too wide for its column is cut with "...". One revision, a classic cross-reference table.
 */
export async function writeTablePdf(t: TablePdf): Promise<Buffer> {
  const shaping = await devanagariFont();
  const upem = shaping.file.unitsPerEm;
  const widthOf = (text: string, size: number): number => (shapeLine(shaping, drawableText(shaping.file, text)).advance / upem) * size;
  const fit = (text: string, width: number): string => {
    if (widthOf(text, TEXT_SIZE) <= width) return text;
    const chars = [...text];
    while (chars.length > 0 && widthOf(`${chars.join("")}...`, TEXT_SIZE) > width) chars.pop();
    return `${chars.join("")}...`;
  };
  const tableRows = [...t.rows, ...(t.totals ? [t.totals] : [])].map((r) => r.map((cell, i) => fit(cell, (t.columns[i]?.width ?? 0) - 6)));
  const labelLines = Math.max(1, ...t.columns.map((c) => c.label.length));
  const header = Array.from({ length: labelLines }, (_, line) => t.columns.map((c) => fit(c.label[line] ?? "", c.width - 6)));
  const top = PAGE_H - MARGIN - TITLE_SIZE * 1.6 - t.heading.length * ROW_H - labelLines * ROW_H;
  const perPage = Math.max(1, Math.floor((top - MARGIN - 2 * ROW_H) / ROW_H) - 1);
  const pages: string[][][] = [];
  for (let i = 0; i < tableRows.length; i += perPage) pages.push(tableRows.slice(i, i + perPage));
  if (pages.length === 0) pages.push([]);

  // Every string the pages show, in one list: the font subset is made once, for all of them.
  const texts: string[] = [];
  const index = new Map<string, number>();
  const textIndex = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = texts.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  const labels = pages.map((_, i) => `${t.footer}    ${t.pageLabel(i + 1, pages.length)}`);
  [t.title, ...t.heading, ...header.flat(), ...tableRows.flat(), ...labels].forEach(textIndex);

  const changes = new ObjectChanges(1);
  const catalog = changes.allocate();
  const pageTree = changes.allocate();
  const info = changes.allocate();
  const font = await devanagariAppearanceFont(changes, texts);
  const show = (s: string, size: number, x: number, y: number, align: "left" | "right" = "left", width = 0): string[] => {
    const i = textIndex(s);
    const dx = align === "right" ? width - (font.widths[i] ?? 0) * size : 0;
    return ["BT", `/${font.resourceName} ${num(size)} Tf`, `${num(x + dx)} ${num(y)} Td`, ...font.show(i, size), "ET"];
  };
  const tableWidth = t.columns.reduce((w, c) => w + c.width, 0);
  const rowOps = (cells: string[], y: number): string[] => {
    let x = MARGIN;
    return t.columns.flatMap((c, i) => {
      const ops = show(cells[i] ?? "", TEXT_SIZE, x + 3, y + 4.5, c.align, c.width - 6);
      x += c.width;
      return ops;
    });
  };

  const pageRefs: PdfRef[] = [];
  pages.forEach((rows, p) => {
    const ops: string[] = ["0 0 0 rg 0 0 0 RG"];
    let y = PAGE_H - MARGIN - TITLE_SIZE;
    ops.push(...show(t.title, TITLE_SIZE, MARGIN, y));
    y -= TITLE_SIZE * 0.6;
    for (const line of t.heading) ops.push(...show(line, TEXT_SIZE + 1, MARGIN, (y -= ROW_H)));
    y -= ROW_H * (0.5 + labelLines);
    // The header rows on a grey band, then a rule under each row; the totals row gets a heavier rule above.
    ops.push("q 0.9 g", `${num(MARGIN)} ${num(y)} ${num(tableWidth)} ${num(ROW_H * labelLines)} re f Q`);
    header.forEach((cells, line) => ops.push(...rowOps(cells, y + (labelLines - 1 - line) * ROW_H)));
    rows.forEach((cells, r) => {
      y -= ROW_H;
      const isTotals = t.totals !== undefined && p === pages.length - 1 && r === rows.length - 1;
      if (isTotals) ops.push(`1 w ${num(MARGIN)} ${num(y + ROW_H)} m ${num(MARGIN + tableWidth)} ${num(y + ROW_H)} l S`);
      ops.push(...rowOps(cells, y));
      ops.push(`0.3 w ${num(MARGIN)} ${num(y)} m ${num(MARGIN + tableWidth)} ${num(y)} l S`);
    });
    ops.push(...show(labels[p] as string, TEXT_SIZE - 1, MARGIN, MARGIN / 2));
    const content = changes.allocate();
    changes.setRaw(content, stream(ops.join("\n")));
    const page = changes.allocate();
    changes.setRaw(
      page,
      latin1(
        `<< /Type /Page /Parent ${refString(pageTree)} /MediaBox [0 0 ${num(PAGE_W)} ${num(PAGE_H)}] ` +
          `/Resources << /Font << /${font.resourceName} ${font.resource} >> >> /Contents ${refString(content)} >>`,
      ),
    );
    pageRefs.push(page);
  });
  changes.setRaw(pageTree, latin1(`<< /Type /Pages /Kids [${pageRefs.map(refString).join(" ")}] /Count ${pageRefs.length} >>`));
  changes.setRaw(catalog, latin1(`<< /Type /Catalog /Pages ${refString(pageTree)} /Lang ${pdfTextString(t.lang)} >>`));
  changes.setRaw(info, latin1(`<< /Title ${pdfTextString(t.title)} /Producer (mohar) /CreationDate ${pdfTextString(pdfDate(t.createdAt))} >>`));
  return writeNewPdf(changes, catalog, info);
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
