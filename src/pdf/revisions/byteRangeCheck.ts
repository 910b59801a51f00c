import type { PdfStructure } from "../read/revisions.js";
import type { SignatureDictionary } from "../read/signatureDicts.js";

export interface ByteRangeCheck {
  /** ByteRange well-formed and its gap is exactly this dictionary's /Contents hex string. */
  byteRangeOk: boolean;
  /** The signed bytes end exactly where a revision ends, the one holding this dictionary. */
  coversWholeRevision: boolean;
  /** Index of the revision the signed bytes end with, when they end at a revision boundary. */
  signedRevision: number | null;
  /** Index of the revision whose bytes hold the signature dictionary. */
  dictRevision: number | null;
  /** The CMS bytes from /Contents (trailing zero padding included). */
  cms: Buffer | null;
  /** Concatenation of the two signed ranges, when the ranges are usable. */
  signedBytes: Buffer | null;
  problems: string[];
}

/**
 * Checks a signature's /ByteRange against the file: [0, a, b, c] with a < b, the gap [a, b)
 * holding exactly the /Contents hex string of this dictionary, and b + c ending a revision.
 */
export function checkByteRange(pdf: PdfStructure, sig: SignatureDictionary): ByteRangeCheck {
  const problems: string[] = [];
  const size = pdf.bytes.length;
  const dictRev = sig.objStart >= 0 ? pdf.revisions.find((r) => sig.objStart < r.endOffset) : undefined;
  const res: ByteRangeCheck = {
    byteRangeOk: false,
    coversWholeRevision: false,
    signedRevision: null,
    dictRevision: dictRev?.index ?? null,
    cms: sig.contents?.bytes ?? null,
    signedBytes: null,
    problems,
  };
  const c = sig.contents;
  if (!c) problems.push("the signature has no /Contents string");
  else if (!c.hex) problems.push("/Contents is not a hex string");
  else if (c.bytes.length === 0 || c.bytes.every((x) => x === 0)) problems.push("/Contents is empty (all zeros): nothing was signed");
  if (sig.objStart < 0) problems.push("the signature dictionary is inside an object stream, so its ByteRange cannot be checked");
  const br = sig.byteRange;
  if (!br) {
    problems.push("the signature has no /ByteRange array");
    return res;
  }
  if (br.length !== 4 || !br.every((x) => Number.isSafeInteger(x) && x >= 0)) {
    problems.push(`/ByteRange must be four non-negative integers, got [${br.join(" ")}]`);
    return res;
  }
  const [s1, l1, s2, l2] = br as [number, number, number, number];
  const unusable = [
    s1 !== 0 && "/ByteRange does not start at byte 0",
    (l1 === 0 || s2 <= l1) && "/ByteRange ranges are empty, overlap or are out of order",
    s2 + l2 > size && `/ByteRange reaches byte ${s2 + l2}, past the end of the file (${size} bytes): the file was cut short after signing, or its ByteRange is wrong`,
  ].filter((x): x is string => typeof x === "string");
  if (unusable.length > 0) {
    problems.push(...unusable);
    return res;
  }
  res.signedBytes = Buffer.concat([pdf.bytes.subarray(0, l1), pdf.bytes.subarray(s2, s2 + l2)]);
  if (c && c.hex && sig.objStart >= 0) {
    if (c.start !== l1 || c.end !== s2) {
      problems.push(`the ByteRange gap [${l1}, ${s2}) is not exactly the /Contents string at [${c.start}, ${c.end})`);
    } else if (sig.objStart >= l1 || sig.objEnd > s2 + l2) {
      problems.push("the signature dictionary lies outside the signed bytes");
    }
  }
  res.byteRangeOk = problems.length === 0;
  const end = s2 + l2;
  const signed = pdf.revisions.find((r) => end === r.endOffset || end === r.eofEnd);
  res.signedRevision = signed?.index ?? null;
  if (!signed) problems.push(`the signed bytes end at ${end}, which is not the end of any revision`);
  else if (dictRev && dictRev.index !== signed.index) {
    problems.push(`the signature dictionary is in revision ${dictRev.index + 1} but its ByteRange ends revision ${signed.index + 1} (signature wrapping)`);
  }
  res.coversWholeRevision = !!signed && !!dictRev && dictRev.index === signed.index;
  return res;
}
