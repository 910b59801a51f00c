import type { PDFDocument } from "pdf-lib";

/** A fixed date so that rerunning the script gives byte-identical files. */
const SAMPLE_DATE = new Date("2026-01-15T10:30:00Z");

export interface SampleInfo {
  title: string;
  subject: string;
  language: string;
}

/** Sets the Info dictionary explicitly; documents must be created with `updateMetadata: false`. */
export function setSampleMetadata(doc: PDFDocument, info: SampleInfo): void {
  doc.setTitle(info.title);
  doc.setSubject(info.subject);
  doc.setAuthor("mohar samples (fictitious office)");
  doc.setCreator("mohar scripts/makeSamples.ts");
  doc.setProducer("pdf-lib");
  doc.setLanguage(info.language);
  doc.setCreationDate(SAMPLE_DATE);
  doc.setModificationDate(SAMPLE_DATE);
}
