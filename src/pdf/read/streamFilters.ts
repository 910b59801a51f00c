import { inflateSync } from "node:zlib";
import { asInt, asName, dictGet, type PdfDict, type PdfValue } from "./rawObjects.js";
import { PdfSyntaxError } from "./rawParser.js";

/**
 * Most bytes one stream may decode to while a document is parsed to be checked or signed: the
 * parsers decode only object and cross-reference streams there (never page content or images),
 * which hold dictionaries and offsets: a few hundred KB in real files, 7 MB for the xref of a
 * million objects.
 */
export const MAX_STREAM_DECODED = 16 * 1024 * 1024;
/** Most bytes all of one document's streams may decode to together. */
export const MAX_DOCUMENT_DECODED = 64 * 1024 * 1024;

/** Caps decoded size so a crafted deflate bomb cannot exhaust memory. */
const MAX_DECODED = 64 * 1024 * 1024;

/** A filter's output would pass the decoder's bound: a compression bomb, or far beyond any letter. */
export class DecodeLimitError extends PdfSyntaxError {
  constructor(readonly limit: number) {
    super(`a stream decompresses to more than ${limit} bytes`, 0);
    this.name = "DecodeLimitError";
  }
}

/** Decodes one stream's data (its dictionary, its raw bytes); the signer passes one with a per-document budget. */
export type StreamDecoder = (dict: PdfDict, raw: Buffer) => Buffer;

function undoPngPredictor(data: Buffer, columns: number, colors: number, bpc: number): Buffer {
  if (!(columns > 0 && columns <= 1 << 20 && colors > 0 && colors <= 32 && bpc > 0 && bpc <= 16)) {
    throw new PdfSyntaxError("bad predictor parameters", 0);
  }
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((columns * colors * bpc) / 8);
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = Buffer.alloc(rows * rowLen);
  let prev = Buffer.alloc(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)];
    const row = Buffer.from(data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1)));
    for (let i = 0; i < rowLen; i++) {
      const left = i >= bpp ? (row[i - bpp] as number) : 0;
      const up = prev[i] as number;
      const upLeft = i >= bpp ? (prev[i - bpp] as number) : 0;
      let add = 0;
      if (type === 1) add = left;
      else if (type === 2) add = up;
      else if (type === 3) add = (left + up) >> 1;
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        add = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (type !== 0) throw new PdfSyntaxError(`bad PNG predictor row type ${type}`, 0);
      row[i] = ((row[i] as number) + add) & 0xff;
    }
    row.copy(out, r * rowLen);
    prev = row;
  }
  return out;
}

function applyFilter(name: string, data: Buffer, parms: PdfValue | undefined, maxDecoded: number): Buffer {
  if (name === "FlateDecode" || name === "Fl") {
    let out: Buffer;
    try {
      out = inflateSync(data, { maxOutputLength: maxDecoded });
    } catch (e) {
      if ((e as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") throw new DecodeLimitError(maxDecoded);
      throw new PdfSyntaxError(`cannot inflate stream: ${(e as Error).message}`, 0);
    }
    const predictor = asInt(dictGet(parms, "Predictor")) ?? 1;
    if (predictor >= 10) {
      return undoPngPredictor(
        out,
        asInt(dictGet(parms, "Columns")) ?? 1,
        asInt(dictGet(parms, "Colors")) ?? 1,
        asInt(dictGet(parms, "BitsPerComponent")) ?? 8,
      );
    }
    if (predictor !== 1) throw new PdfSyntaxError(`unsupported predictor ${predictor}`, 0);
    return out;
  }
  // Decryption happened when the object was read (encryption.ts); the filter only named the method.
  if (name === "Crypt") return data;
  if (name === "ASCIIHexDecode" || name === "AHx") {
    const hex = data.toString("latin1").replace(/\s+/g, "").replace(/>.*$/s, "");
    return Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex");
  }
  throw new PdfSyntaxError(`unsupported stream filter /${name}`, 0);
}

/**
 * Decodes a stream's data through its /Filter chain (the filters that structure streams use);
 * throws DecodeLimitError when a filter's output would pass `maxDecoded` bytes.
 */
export function decodeStream(dict: PdfDict, raw: Buffer, maxDecoded = MAX_DECODED): Buffer {
  const f = dict.entries.get("Filter");
  const p = dict.entries.get("DecodeParms");
  const filters = f?.kind === "array" ? f.items : f ? [f] : [];
  const parms = p?.kind === "array" ? p.items : [p];
  let data = raw;
  filters.forEach((fv, i) => {
    const name = asName(fv);
    if (!name) throw new PdfSyntaxError("filter is not a name", 0);
    data = applyFilter(name, data, parms[i], maxDecoded);
  });
  return data;
}
