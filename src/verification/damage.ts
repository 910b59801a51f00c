import type { PdfStructure } from "../pdf/index.js";

const BYTE_RANGE = "/ByteRange";

/**
 * What is broken in a file, in words an auditor understands, for the cases where the signatures
 * alone would say too little ("no signatures"): a signature in bytes after the last complete
 * revision (the file was cut short, or its end is damaged), a signature dictionary that no field
 * reaches, a catalog that cannot be read.
 */
export function describeDamage(pdf: PdfStructure, signaturesFound: number): string[] {
  const out: string[] = [];
  const bytes = pdf.bytes;
  const last = pdf.revisions[pdf.revisions.length - 1];
  if (pdf.trailing) {
    const { start, end } = pdf.trailing;
    const region = bytes.subarray(start, end);
    const br = region.indexOf(BYTE_RANGE, 0, "latin1");
    const ends = region.includes("%%EOF", 0, "latin1");
    const how = ends ? "is damaged" : "appears truncated (cut short)";
    if (br >= 0) {
      out.push(
        `the file ${how}: a signature dictionary (/ByteRange at byte ${start + br}) lies in the ${end - start} bytes after the last complete revision (which ends at byte ${start}); ${ends ? "their cross-reference data cannot be read" : "the file ends before that revision's startxref and %%EOF"}, so that signature cannot be checked`,
      );
    } else if (!ends && /\d+\s+\d+\s+obj\b|\bxref\b|\btrailer\b/.test(region.toString("latin1"))) {
      out.push(`the file appears truncated (cut short): an incremental update begins after the last complete revision (which ends at byte ${start}) but its ${end - start} bytes end without a startxref and %%EOF`);
    }
  }
  if (signaturesFound === 0 && last) {
    const limit = pdf.trailing?.start ?? bytes.length;
    const at = bytes.indexOf(BYTE_RANGE, 0, "latin1");
    const catalog = last.objects.resolve(last.trailer.entries.get("Root"));
    if (catalog?.kind !== "dict") {
      const root = last.trailer.entries.get("Root");
      out.push(`the document catalog (/Root) cannot be read${root?.kind === "ref" ? `: ${last.objects.whyUnreadable(root.num)}` : ""}, so its signature fields cannot be found`);
    } else if (at >= 0 && at < limit) {
      out.push(`the file holds a signature dictionary (/ByteRange at byte ${at}) that no signature field of the document leads to: its form or page structure is damaged`);
    }
  }
  return out;
}
