import { PDFDocument, StandardFonts, type PDFFont } from "pdf-lib";
import { setSampleMetadata } from "./sampleMetadata.js";
import { wrapText } from "./wrapText.js";

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 64;
const TOP = A4.height - 70;
const BOTTOM = 80;
const SIZE = 12;
const LEADING = 18;

export const NOTESHEET_EN_FILE_NUMBER = "F.No. 12/34/2026-Estt";

interface Note {
  paragraphs: string[];
  officer: string;
  designation: string;
  date: string;
}

const NOTES: Note[] = [
  {
    paragraphs: [
      "The Commissioner, Lucknow Division, has asked vide letter No. 4521/Estt dated 2 January 2026 " +
        "(flag 'A') for a proposal to fill the vacant posts of Junior Assistant in the Collectorate and " +
        "the Tehsil offices of the district.",
      "As per the sanctioned strength of 46 posts, 35 are filled and 11 have been vacant since April 2025. " +
        "The vacancy position, post-wise and office-wise, is placed at flag 'B'. The reservation roster " +
        "has been updated and verified against the service books (flag 'C').",
      "Under the Service Rules, 75 per cent of the posts are to be filled by direct recruitment through " +
        "the Subordinate Services Selection Commission and 25 per cent by promotion from the cadre of " +
        "Record Keepers who have completed five years of service. Four Record Keepers are eligible; their " +
        "annual confidential reports for the last five years are complete.",
      "A draft letter to the Commissioner seeking approval is placed below for consideration.",
    ],
    officer: "R. K. Verma",
    designation: "Section Officer (Establishment)",
    date: "12.01.2026",
  },
  {
    paragraphs: [
      "The proposal at paragraph 1 above has been examined. The vacancy position at flag 'B' tallies " +
        "with the register of posts. The District Selection Committee considered the matter on 9 January " +
        "2026 and its minutes (flag 'D') support the proposal.",
      "It may however be noted that one of the four eligible Record Keepers is facing a departmental " +
        "enquiry; his case may be kept in a sealed cover as per the standing instructions, and only three " +
        "posts filled by promotion for the present, the fourth being kept vacant until the enquiry is over.",
      "The expenditure will be met from the sanctioned budget under the head 2053-District " +
        "Administration; no additional funds are needed in the current financial year.",
      "With the above observation, the draft letter may kindly be approved.",
    ],
    officer: "Sunita Mishra",
    designation: "Under Secretary",
    date: "13.01.2026",
  },
  {
    paragraphs: [
      "I agree with the Under Secretary. The sealed cover procedure is to be followed. The draft letter " +
        "has been revised accordingly and may be issued after approval of the Additional District " +
        "Magistrate (Admin.).",
      "The Establishment Section should also send the requisition for direct recruitment to the " +
        "Commission in the prescribed format, so that the two processes run together and the vacancies " +
        "are filled before the next financial year.",
    ],
    officer: "Arvind Singh",
    designation: "Deputy Secretary",
    date: "14.01.2026",
  },
  {
    paragraphs: [
      "Approved. Issue the letter. Put up the file again after the reply of the Commissioner is received, " +
        "or on 15 February 2026, whichever is earlier.",
    ],
    officer: "Anil Kumar Sharma",
    designation: "Additional District Magistrate (Admin.)",
    date: "15.01.2026",
  },
  {
    paragraphs: [
      "The approved letter was sent to the Commissioner on 16 January 2026 (flag 'E'). The reply of the " +
        "Commissioner's office, letter No. 611/Estt dated 5 February 2026 (flag 'F'), approves filling three " +
        "posts by promotion and directs that the requisition for the remaining eight posts be sent to the " +
        "Commission.",
      "Accordingly, the draft promotion order and the draft requisition to the Commission are placed below " +
        "for perusal and approval. The seniority list of the Record Keepers to be promoted is at flag 'G'.",
    ],
    officer: "R. K. Verma",
    designation: "Section Officer (Establishment)",
    date: "06.02.2026",
  },
  {
    paragraphs: [
      "The drafts have been checked and are in line with the Commissioner's approval. The file is submitted " +
        "for the digital signature of the Additional District Magistrate (Admin.) on the promotion order.",
    ],
    officer: "Sunita Mishra",
    designation: "Under Secretary",
    date: "07.02.2026",
  },
];

interface Line {
  text: string;
  font: PDFFont;
  /** Left edge; `right` aligns the line to the right margin instead. */
  x: number | "right";
  /** Paragraph number drawn in the margin beside this line. */
  number?: string;
  /** Extra space above this line. */
  spaceBefore?: number;
}

/** Lines that must stay on one page (a numbered paragraph; a sign-off), with space above them. */
interface Group {
  lines: Line[];
  spaceBefore: number;
}

/** A multi-page English notesheet: numbered notes by successive officers. */
export async function buildNotesheetEn(): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  setSampleMetadata(doc, {
    title: "Notesheet: filling up of vacant posts of Junior Assistant",
    subject: NOTESHEET_EN_FILE_NUMBER,
    language: "en-IN",
  });
  const regular = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  const textWidth = A4.width - 2 * MARGIN;

  const subject = "Subject: Filling up of vacant posts of Junior Assistant in the Collectorate, Sitapur.";
  const groups: Group[] = [
    {
      lines: [
        { text: NOTESHEET_EN_FILE_NUMBER, font: bold, x: MARGIN },
        ...wrapText(subject, bold, SIZE, textWidth).map((text) => ({ text, font: bold, x: MARGIN })),
      ],
      spaceBefore: 0,
    },
  ];
  let number = 0;
  for (const note of NOTES) {
    for (const paragraph of note.paragraphs) {
      number += 1;
      const lines = wrapText(paragraph, regular, SIZE, textWidth - 24).map(
        (text, i): Line => ({ text, font: regular, x: MARGIN + 24, number: i === 0 ? `${number}.` : undefined }),
      );
      groups.push({ lines, spaceBefore: number === 1 ? LEADING : 6 });
    }
    // The space above the name is left for the officer's initials or visible signature.
    const signOff: Line[] = [
      { text: `(${note.officer})`, font: bold, x: "right", spaceBefore: 30 },
      { text: note.designation, font: regular, x: "right" },
      { text: note.date, font: regular, x: "right" },
    ];
    // A sign-off never starts a page on its own: it stays with the note's last paragraph.
    groups[groups.length - 1].lines.push(...signOff);
  }

  let page = doc.addPage([A4.width, A4.height]);
  const title = "NOTESHEET";
  page.drawText(title, { x: (A4.width - bold.widthOfTextAtSize(title, 14)) / 2, y: TOP, size: 14, font: bold });
  let y = TOP - 2 * LEADING;
  for (const group of groups) {
    const height = group.lines.reduce((h, l) => h + LEADING + (l.spaceBefore ?? 0), group.spaceBefore);
    if (y - height < BOTTOM) {
      page = doc.addPage([A4.width, A4.height]);
      page.drawText(`${NOTESHEET_EN_FILE_NUMBER}  -  Notesheet (contd.)`, { x: MARGIN, y: TOP, size: 10, font: regular });
      y = TOP - 2 * LEADING;
    } else {
      y -= group.spaceBefore;
    }
    for (const line of group.lines) {
      y -= line.spaceBefore ?? 0;
      const x = line.x === "right" ? A4.width - MARGIN - line.font.widthOfTextAtSize(line.text, SIZE) : line.x;
      if (line.number) page.drawText(line.number, { x: MARGIN, y, size: SIZE, font: regular });
      page.drawText(line.text, { x, y, size: SIZE, font: line.font });
      y -= LEADING;
    }
  }

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const label = `Page ${i + 1} of ${pages.length}`;
    p.drawText(label, { x: (A4.width - regular.widthOfTextAtSize(label, 9)) / 2, y: 40, size: 9, font: regular });
  });
  return doc;
}
