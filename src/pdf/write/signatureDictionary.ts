import { pdfDateIst } from "../read/pdfDate.js";
import { pdfTextString } from "./textString.js";

export interface SignatureDictionaryFields {
  signingTime: Date;
  name?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** Adds a DocMDP transform (P=2: form filling and further signatures allowed). */
  certify: boolean;
  /** Bytes reserved for the DER CMS in /Contents. */
  contentsSize: number;
  /** A document timestamp (PAdES B-LTA): /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161, /Contents a TimeStampToken. */
  docTimeStamp?: boolean;
}

/** The serialized /Sig dictionary and where its placeholders sit, relative to its first byte. */
export interface SignatureDictionaryBody {
  body: Buffer;
  byteRangeAt: number;
  /** Offsets of '<' and one past '>' of the /Contents hex string. */
  contentsStart: number;
  contentsEnd: number;
}

/** Room for four offsets of up to 10 digits each, so the patch never changes a byte count. */
export const BYTE_RANGE_WIDTH = 45;

/** The DocMDP signature reference; the catalog's /Perms must point at the same /Sig dictionary. */
const DOC_MDP_REFERENCE =
  "/Reference [<< /Type /SigRef /TransformMethod /DocMDP " +
  "/TransformParams << /Type /TransformParams /P 2 /V /1.2 >> >>]\n";

export function buildSignatureDictionary(f: SignatureDictionaryFields): SignatureDictionaryBody {
  const head = f.docTimeStamp
    ? "<<\n/Type /DocTimeStamp\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.RFC3161\n/ByteRange "
    : "<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n/ByteRange ";
  const byteRange = "[0 0 0 0".padEnd(BYTE_RANGE_WIDTH - 1, " ") + "]";
  const contents = `<${"0".repeat(f.contentsSize * 2)}>`;
  // A document timestamp's time is the token's genTime; it carries no /M or signer fields.
  let tail = f.docTimeStamp ? "\n" : `\n/M ${pdfTextString(pdfDateIst(f.signingTime))}\n`;
  if (f.name) tail += `/Name ${pdfTextString(f.name)}\n`;
  if (f.reason) tail += `/Reason ${pdfTextString(f.reason)}\n`;
  if (f.location) tail += `/Location ${pdfTextString(f.location)}\n`;
  if (f.contactInfo) tail += `/ContactInfo ${pdfTextString(f.contactInfo)}\n`;
  if (f.certify) tail += DOC_MDP_REFERENCE;
  tail += ">>";
  const before = `${head}${byteRange}\n/Contents `;
  return {
    body: Buffer.from(before + contents + tail, "latin1"),
    byteRangeAt: head.length,
    contentsStart: before.length,
    contentsEnd: before.length + contents.length,
  };
}

/** Writes the real ByteRange over the placeholder in place, keeping its width. */
export function patchByteRange(bytes: Buffer, at: number, range: readonly [number, number, number, number]): void {
  const text = `[${range.join(" ")}`.padEnd(BYTE_RANGE_WIDTH - 1, " ") + "]";
  if (text.length !== BYTE_RANGE_WIDTH) throw new Error("byte range does not fit its placeholder");
  bytes.write(text, at, "latin1");
}
