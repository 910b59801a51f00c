import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { formatReport } from "./formatReport.js";
import type { Indication, VerificationReport } from "./report.js";

/** Noto Sans Devanagari has Latin too: names and reasons in Hindi print as they were signed. */
const FONT_FILE = "@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf";
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const SIZE = 9.5;
const LEADING = 14;
const COLOURS: Record<Indication, [number, number, number]> = {
  TOTAL_PASSED: [0.16, 0.54, 0.16],
  INDETERMINATE: [0.84, 0.54, 0.06],
  TOTAL_FAILED: [0.75, 0.22, 0.17],
};

export interface ReportPdfFacts {
  /** SHA-256 (hex) of the PDF that was verified. */
  sha256: string;
  /** When the verification ran. */
  verifiedAt: Date;
  /** What was verified, e.g. "uploaded file" or "document <id> version 2". */
  subject: string;
}

/** Breaks `text` into lines no wider than `width` at `size`, at spaces where it can. */
function wrap(font: PDFFont, text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/(?<= )/)) {
    if (line && font.widthOfTextAtSize(line + word, SIZE) > width) {
      out.push(line.trimEnd());
      line = word.startsWith(" ") ? word.trimStart() : `    ${word}`;
    } else line += word;
  }
  out.push(line.trimEnd());
  return out;
}

/**
 * The verification report as a PDF to file or print: the same text `mohar verify` prints (the
 * verdict of the document and of each signature, the signer, times, certificate chain,
 * revocation and each later change, allowed or not), headed by what was verified and its SHA-256.
 * It is a plain account of one verification, not itself signed.
 */
export async function reportPdf(report: VerificationReport, facts: ReportPdfFacts): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await readFile(createRequire(import.meta.url).resolve(FONT_FILE)), { subset: true });
  doc.setTitle("mohar verification report");
  doc.setProducer("mohar");
  doc.setCreationDate(facts.verifiedAt);
  const width = A4.width - 2 * MARGIN;
  let page: PDFPage = doc.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  const newPageIfFull = (): void => {
    if (y >= MARGIN + LEADING) return;
    page = doc.addPage([A4.width, A4.height]);
    y = A4.height - MARGIN;
  };
  const write = (text: string, size = SIZE, colour: [number, number, number] = [0.1, 0.1, 0.1]): void => {
    for (const line of wrap(font, text, width)) {
      newPageIfFull();
      page.drawText(line, { x: MARGIN, y, size, font, color: rgb(...colour) });
      y -= size > SIZE ? size * 1.5 : LEADING;
    }
  };
  write("mohar — verification report / सत्यापन रिपोर्ट", 15);
  write(`Verified: ${facts.subject}`);
  write(`SHA-256: ${facts.sha256}`);
  write(`Time of verification: ${facts.verifiedAt.toISOString()}`);
  y -= LEADING / 2;
  write(`${report.status}${report.subIndication ? ` / ${report.subIndication}` : ""}`, 13, COLOURS[report.status]);
  for (const line of formatReport(report).split("\n")) {
    const status = /^\s+Status:\s+(TOTAL_PASSED|INDETERMINATE|TOTAL_FAILED)/.exec(line)?.[1] as Indication | undefined;
    write(line.replace(/ {2,}/g, "  "), SIZE, status ? COLOURS[status] : /NOT ALLOWED/.test(line) ? COLOURS.TOTAL_FAILED : undefined);
  }
  return Buffer.from(await doc.save());
}
