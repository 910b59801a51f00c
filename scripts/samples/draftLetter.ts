import { PDFDocument, StandardFonts, rgb } from "pdf-lib";
import { setSampleMetadata } from "./sampleMetadata.js";
import { wrapText } from "./wrapText.js";

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 64;

/**
 * Blank area at the bottom right, above the officer's name, where a visible signature goes.
 * PDF user space (origin bottom left), points. Documented in samples/README.md.
 */
export const LETTER_SIGNATURE_BOX = { page: 1, x: 340, y: 150, width: 190, height: 64 } as const;

export const LETTER_FILE_NUMBER = "F.No. 12/34/2026-Estt";

const BODY = [
  "I am directed to refer to your letter No. 4521/Estt dated 2 January 2026 on the subject cited above " +
    "and to say that eleven posts of Junior Assistant in the Collectorate and the Tehsil offices of the " +
    "district have remained vacant since April 2025, which has led to a backlog in the disposal of " +
    "land revenue, caste and income certificate matters.",
  "The District Selection Committee, in its meeting held on 9 January 2026, has recommended that the " +
    "vacancies be filled by direct recruitment through the Subordinate Services Selection Commission, " +
    "and that four posts be filled in the meantime by promotion from the cadre of Record Keepers in " +
    "accordance with the Service Rules. The roster of reservation has been verified by the " +
    "Establishment Section and is enclosed.",
  "You are therefore requested to accord approval to the proposal so that the requisition may be sent " +
    "to the Commission before 31 January 2026. The expenditure will be met from the sanctioned budget " +
    "under the head 2053-District Administration.",
];

/** A one-page English draft letter of a district office, in pdf-lib standard fonts. */
export async function buildDraftLetter(): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  setSampleMetadata(doc, {
    title: "Draft letter: filling up of vacant posts of Junior Assistant",
    subject: LETTER_FILE_NUMBER,
    language: "en-IN",
  });
  const page = doc.addPage([A4.width, A4.height]);
  const regular = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  const italic = await doc.embedFont(StandardFonts.TimesRomanItalic);
  const textWidth = A4.width - 2 * MARGIN;

  const centred = (text: string, y: number, size: number, font = bold): void => {
    page.drawText(text, { x: (A4.width - font.widthOfTextAtSize(text, size)) / 2, y, size, font });
  };
  const rightAligned = (text: string, y: number, size: number, font = regular): void => {
    page.drawText(text, { x: A4.width - MARGIN - font.widthOfTextAtSize(text, size), y, size, font });
  };

  page.drawText("DRAFT", { x: A4.width - MARGIN - 40, y: A4.height - 40, size: 11, font: bold, color: rgb(0.6, 0, 0) });
  centred("Government of Uttar Pradesh", 780, 15);
  centred("Office of the District Magistrate, Sitapur", 762, 13);
  centred("Establishment Section", 746, 11, regular);
  page.drawLine({ start: { x: MARGIN, y: 736 }, end: { x: A4.width - MARGIN, y: 736 }, thickness: 1 });

  let y = 712;
  page.drawText(LETTER_FILE_NUMBER, { x: MARGIN, y, size: 11, font: bold });
  rightAligned("Dated: 15 January 2026", y, 11);

  y -= 30;
  for (const line of ["To,", "The Commissioner,", "Lucknow Division,", "Lucknow."]) {
    page.drawText(line, { x: MARGIN, y, size: 11, font: regular });
    y -= 15;
  }

  y -= 12;
  const subject = "Subject: Filling up of vacant posts of Junior Assistant in the Collectorate, Sitapur - regarding.";
  for (const line of wrapText(subject, bold, 11, textWidth - 40)) {
    page.drawText(line, { x: MARGIN + 40, y, size: 11, font: bold });
    y -= 15;
  }

  y -= 12;
  page.drawText("Sir,", { x: MARGIN, y, size: 11, font: regular });
  y -= 22;
  for (const paragraph of BODY) {
    const lines = wrapText(paragraph, regular, 11, textWidth - 24);
    lines.forEach((line, i) => {
      page.drawText(line, { x: MARGIN + (i === 0 ? 24 : 0), y, size: 11, font: regular });
      y -= 15;
    });
    y -= 8;
  }

  page.drawText("Encl.: Reservation roster (2 pages).", { x: MARGIN, y, size: 11, font: italic });
  rightAligned("Yours faithfully,", y - 10, 11);

  const box = LETTER_SIGNATURE_BOX;
  if (y - 24 < box.y + box.height) throw new Error("letter body runs into the signature box");
  const below = box.y - 16;
  rightAligned("(Anil Kumar Sharma)", below, 11, bold);
  rightAligned("Additional District Magistrate (Admin.)", below - 15, 11);
  rightAligned("Sitapur", below - 30, 11);

  page.drawText("Copy to: Chief Development Officer, Sitapur, for information.", {
    x: MARGIN,
    y: 72,
    size: 10,
    font: italic,
  });
  return doc;
}
