import { PDFDocument } from "pdf-lib";
import { escapeMarkup, renderPangoLayout, rightAlignedLine } from "./pangoLayout.js";
import { setSampleMetadata } from "./sampleMetadata.js";

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 64;
const TOP = A4.height - 64;
const BOTTOM = 72;
const TEXT_WIDTH = A4.width - 2 * MARGIN;
const FONT = "Noto Sans Devanagari 13";
const LINE_SPACING = 1.25;

export const NOTESHEET_HI_FILE_NUMBER = "फाइल सं. 12/34/2026-स्था.";

interface Note {
  paragraphs: string[];
  officer: string;
  designation: string;
  date: string;
}

const SUBJECT = "विषय: कलेक्ट्रेट, सीतापुर में कनिष्ठ सहायक के रिक्त पदों को भरने के संबंध में।";

const NOTES: Note[] = [
  {
    paragraphs: [
      "आयुक्त, लखनऊ मंडल ने अपने पत्र संख्या 4521/स्था. दिनांक 02.01.2026 (पताका 'क') द्वारा जनपद के " +
        "कलेक्ट्रेट एवं तहसील कार्यालयों में कनिष्ठ सहायक के रिक्त पदों को भरने हेतु प्रस्ताव माँगा है।",
      "स्वीकृत 46 पदों में से 35 पद भरे हुए हैं तथा 11 पद अप्रैल 2025 से रिक्त हैं। पदवार एवं कार्यालयवार " +
        "रिक्तियों का विवरण पताका 'ख' पर रखा गया है। आरक्षण रोस्टर को अद्यतन कर सेवा-पुस्तिकाओं से " +
        "सत्यापित कर लिया गया है (पताका 'ग')।",
      "सेवा नियमावली के अनुसार 75 प्रतिशत पद अधीनस्थ सेवा चयन आयोग के माध्यम से सीधी भर्ती द्वारा तथा " +
        "25 प्रतिशत पद पाँच वर्ष की सेवा पूर्ण कर चुके अभिलेखपालों में से पदोन्नति द्वारा भरे जाने हैं। चार " +
        "अभिलेखपाल पात्र हैं और उनकी पिछले पाँच वर्षों की वार्षिक गोपनीय प्रविष्टियाँ पूर्ण हैं।",
      "आयुक्त महोदय से अनुमोदन प्राप्त करने हेतु पत्र का प्रारूप विचारार्थ नीचे प्रस्तुत है।",
    ],
    officer: "राजेश कुमार वर्मा",
    designation: "अनुभाग अधिकारी (स्थापना)",
    date: "12.01.2026",
  },
  {
    paragraphs: [
      "उपर्युक्त प्रस्ताव का परीक्षण किया गया। पताका 'ख' पर रिक्तियों का विवरण पदों के रजिस्टर से मेल खाता " +
        "है। जिला चयन समिति ने दिनांक 09.01.2026 की बैठक में इस विषय पर विचार किया था और उसका " +
        "कार्यवृत्त (पताका 'घ') प्रस्ताव का समर्थन करता है।",
      "उल्लेखनीय है कि चार पात्र अभिलेखपालों में से एक के विरुद्ध विभागीय जाँच लंबित है। स्थायी निर्देशों " +
        "के अनुसार उनके प्रकरण को मुहरबंद लिफ़ाफ़े में रखा जाए और फ़िलहाल केवल तीन पद पदोन्नति से भरे " +
        "जाएँ; चौथा पद जाँच पूरी होने तक रिक्त रखा जाए।",
      "व्यय लेखाशीर्षक 2053-जिला प्रशासन के अंतर्गत स्वीकृत बजट से वहन किया जाएगा; चालू वित्तीय वर्ष " +
        "में अतिरिक्त धनराशि की आवश्यकता नहीं है। उपर्युक्त टिप्पणी सहित प्रारूप पत्र अनुमोदनार्थ प्रस्तुत है।",
    ],
    officer: "सुनीता मिश्रा",
    designation: "अवर सचिव",
    date: "13.01.2026",
  },
  {
    paragraphs: [
      "मैं अवर सचिव की टिप्पणी से सहमत हूँ। मुहरबंद लिफ़ाफ़े की प्रक्रिया का पालन किया जाए। प्रारूप पत्र " +
        "तदनुसार संशोधित कर दिया गया है, जिसे अपर जिलाधिकारी (प्रशासन) के अनुमोदन के पश्चात् जारी किया " +
        "जा सकता है।",
      "स्थापना अनुभाग सीधी भर्ती हेतु अधियाचन भी निर्धारित प्रारूप में आयोग को भेजे, ताकि दोनों प्रक्रियाएँ " +
        "साथ-साथ चलें और अगले वित्तीय वर्ष से पूर्व रिक्तियाँ भर ली जाएँ।",
    ],
    officer: "अरविंद सिंह",
    designation: "उप सचिव",
    date: "14.01.2026",
  },
  {
    paragraphs: [
      "अनुमोदित। पत्र जारी करें। आयुक्त महोदय का उत्तर प्राप्त होने पर अथवा दिनांक 15.02.2026 को, जो भी " +
        "पहले हो, पत्रावली पुनः प्रस्तुत करें।",
    ],
    officer: "अनिल कुमार शर्मा",
    designation: "अपर जिलाधिकारी (प्रशासन)",
    date: "15.01.2026",
  },
  {
    paragraphs: [
      "अनुमोदित पत्र दिनांक 16.01.2026 को आयुक्त, लखनऊ मंडल को प्रेषित कर दिया गया (पताका 'ङ')। आयुक्त " +
        "कार्यालय का उत्तर पत्र संख्या 611/स्था. दिनांक 05.02.2026 (पताका 'च') प्राप्त हुआ है, जिसमें तीन पदों " +
        "को पदोन्नति से भरने की स्वीकृति दी गई है तथा शेष आठ पदों के लिए अधियाचन आयोग को भेजने का निर्देश है।",
      "तदनुसार पदोन्नति आदेश का प्रारूप तथा आयोग को भेजे जाने वाले अधियाचन का प्रारूप अवलोकनार्थ एवं " +
        "अनुमोदनार्थ प्रस्तुत है। पदोन्नत कर्मचारियों की वरिष्ठता सूची (पताका 'छ') भी संलग्न है।",
    ],
    officer: "राजेश कुमार वर्मा",
    designation: "अनुभाग अधिकारी (स्थापना)",
    date: "06.02.2026",
  },
  {
    paragraphs: [
      "प्रारूपों का परीक्षण कर लिया गया है; वे आयुक्त महोदय की स्वीकृति के अनुरूप हैं। पदोन्नति आदेश पर " +
        "अपर जिलाधिकारी (प्रशासन) के डिजिटल हस्ताक्षर हेतु पत्रावली प्रस्तुत है।",
    ],
    officer: "सुनीता मिश्रा",
    designation: "अवर सचिव",
    date: "07.02.2026",
  },
];

/** Markup that must stay on one page: a numbered paragraph (the last of a note carries its sign-off). */
type Group = string;

function pageHeader(pageNumber: number, pageCount: number): string {
  const number = rightAlignedLine(`<span size="small">पृष्ठ ${pageNumber} / ${pageCount}</span>`);
  if (pageNumber > 1) {
    return `${number}\n<span size="small">${escapeMarkup(NOTESHEET_HI_FILE_NUMBER)} — टिप्पणी (क्रमशः)</span>\n\n`;
  }
  return (
    `${number}\n<span size="x-large"><b>टिप्पणी</b></span>\n` +
    `<b>${escapeMarkup(NOTESHEET_HI_FILE_NUMBER)}</b>\n<b>${escapeMarkup(SUBJECT)}</b>\n\n`
  );
}

function noteGroups(): Group[] {
  const groups: Group[] = [];
  let number = 0;
  for (const note of NOTES) {
    for (const paragraph of note.paragraphs) {
      number += 1;
      groups.push(`${number}. ${escapeMarkup(paragraph)}\n\n`);
    }
    // The blank lines above the name leave room for the officer's initials or visible signature.
    // A sign-off never starts a page on its own: it joins the note's last paragraph.
    const signOff = [`<b>(${escapeMarkup(note.officer)})</b>`, escapeMarkup(note.designation), note.date];
    groups[groups.length - 1] += `\n\n${signOff.map(rightAlignedLine).join("\n")}\n\n`;
  }
  return groups;
}

/**
 * A multi-page Hindi notesheet. Each page's text is one pango layout (HarfBuzz shapes the
 * conjuncts and pre-base matras that pdf-lib cannot), drawn onto an A4 page as a form XObject.
 */
export async function buildNotesheetHi(): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  setSampleMetadata(doc, {
    title: "टिप्पणी: कनिष्ठ सहायक के रिक्त पदों को भरना",
    subject: NOTESHEET_HI_FILE_NUMBER,
    language: "hi-IN",
  });

  const render = (markup: string): Promise<Uint8Array> =>
    renderPangoLayout(markup.trimEnd(), { width: TEXT_WIDTH, font: FONT, lineSpacing: LINE_SPACING });
  const heightOf = async (bytes: Uint8Array): Promise<number> =>
    (await PDFDocument.load(bytes)).getPage(0).getHeight();

  // Pass 1: fill pages greedily, measuring each candidate page with pango itself.
  const pages: Group[][] = [[]];
  for (const group of noteGroups()) {
    const current = pages[pages.length - 1];
    // A two-digit-wide placeholder page count: the header is as tall as the final one.
    const candidate = pageHeader(pages.length, 99) + [...current, group].join("");
    if (current.length > 0 && (await heightOf(await render(candidate))) > TOP - BOTTOM) pages.push([group]);
    else current.push(group);
  }

  // Pass 2: render the final pages now that the page count is known.
  for (const [i, groups] of pages.entries()) {
    const bytes = await render(pageHeader(i + 1, pages.length) + groups.join(""));
    const [layout] = await doc.embedPdf(bytes);
    if (layout.height > TOP - BOTTOM) throw new Error(`notesheet page ${i + 1} overflows`);
    doc.addPage([A4.width, A4.height]).drawPage(layout, { x: MARGIN, y: TOP - layout.height });
  }
  return doc;
}
