/**
 * (Re)creates the sample PDFs committed in samples/. Run with `npm run samples`.
 *
 * Needs `pango-view` (Debian package pango1.0-tools) and the Noto Sans Devanagari font
 * (fonts-noto-core) for the Hindi notesheet: pdf-lib cannot shape Devanagari, pango (HarfBuzz) can.
 * CI does not run this script; tests use the committed files. Output is deterministic (fixed dates).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PDFDocument } from "pdf-lib";
import { buildDraftLetter } from "./samples/draftLetter.js";
import { listFonts } from "./samples/fontNames.js";
import { buildNotesheetEn } from "./samples/notesheetEn.js";
import { buildNotesheetHi } from "./samples/notesheetHi.js";

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "samples");

async function write(name: string, bytes: Uint8Array): Promise<void> {
  await writeFile(path.join(outDir, name), bytes);
  const doc = await PDFDocument.load(bytes);
  console.log(`${name}: ${doc.getPageCount()} page(s), ${bytes.length} bytes`);
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });

  const letter = await buildDraftLetter();
  await write("draft-letter-en.pdf", await letter.save());
  // Signing code must handle both cross-reference styles, so the letter also ships with a classic xref table.
  await write("draft-letter-en-classic.pdf", await letter.save({ useObjectStreams: false }));

  await write("notesheet-en.pdf", await (await buildNotesheetEn()).save());

  const hindi = await (await buildNotesheetHi()).save();
  // fontconfig silently substitutes a missing font; refuse to write a notesheet with the wrong one.
  // Checked on the saved bytes: pdf-lib copies embedded pages' resources only when saving.
  const fonts = listFonts(await PDFDocument.load(hindi));
  if (!fonts.some((f) => f.embedded && f.baseFont.includes("NotoSansDevanagari"))) {
    throw new Error(`Noto Sans Devanagari was not used (fonts: ${fonts.map((f) => f.baseFont).join(", ")})`);
  }
  await write("notesheet-hi.pdf", hindi);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
