import { createRequire } from "node:module";
import { PDFDocument, type PDFContext, type PDFRawStream } from "pdf-lib";
import { MoharError } from "../../errors.js";
import { MAX_DOCUMENT_DECODED, MAX_STREAM_DECODED } from "./streamFilters.js";

export { MAX_DOCUMENT_DECODED, MAX_STREAM_DECODED };

const CHUNK = 1024 * 1024;

/** What pdf-lib's decoded streams offer (its DecodeStream, or Stream for an unfiltered one). */
interface PdfLibStream {
  getBytes(length?: number): Uint8Array;
  decode(): Uint8Array;
}
interface PdfLibDecodeModule {
  decodePDFRawStream(raw: PDFRawStream): PdfLibStream;
}

/** Bytes decoded so far per document being parsed, and the documents that went over a limit. */
const decoded = new WeakMap<PDFContext, number>();
const overLimit = new WeakMap<PDFContext, string>();
let installed = false;

/**
 * pdf-lib inflates object and cross-reference streams while it parses, with no bound: a 2 KB
 * upload whose object stream is deflated twice grows to a gigabyte (33 s and 2.2 GB here), and the
 * bytes are ArrayBuffers, outside the heap that a worker's resourceLimits cap. This wraps pdf-lib's
 * one stream decoder (its CommonJS export, which its parsers call through the module object) so a
 * stream is read in 1 MiB steps and abandoned as soon as it passes MAX_STREAM_DECODED or the
 * document passes MAX_DOCUMENT_DECODED: the bound is on bytes produced.
 */
function boundPdfLibDecoding(): void {
  if (installed) return;
  const mod = createRequire(import.meta.url)("pdf-lib/cjs/core/streams/decode.js") as PdfLibDecodeModule;
  const original = mod.decodePDFRawStream;
  if (typeof original !== "function") throw new Error("pdf-lib no longer has core/streams/decode.decodePDFRawStream; the decode bound cannot be installed");
  mod.decodePDFRawStream = (raw: PDFRawStream): PdfLibStream => {
    const stream = original(raw);
    const context = raw.dict.context;
    stream.decode = () => {
      const parts: Uint8Array[] = [];
      let total = 0;
      for (;;) {
        const already = decoded.get(context) ?? 0;
        const part = stream.getBytes(CHUNK);
        total += part.length;
        decoded.set(context, already + part.length);
        if (total > MAX_STREAM_DECODED || already + part.length > MAX_DOCUMENT_DECODED) {
          const why = total > MAX_STREAM_DECODED ? `a stream decompresses to more than ${MAX_STREAM_DECODED / 1048576} MiB` : `its streams decompress to more than ${MAX_DOCUMENT_DECODED / 1048576} MiB in all`;
          overLimit.set(context, why);
          throw new Error(why);
        }
        parts.push(part);
        if (part.length < CHUNK) break;
      }
      const out = new Uint8Array(total);
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    };
    return stream;
  };
  installed = true;
}

/**
 * Parses a PDF with pdf-lib (metadata untouched, invalid objects tolerated) under the decode
 * bounds. pdf-lib skips an object it cannot read, so a stream over the bound would be dropped
 * silently; it is refused instead (422 pdf.decode_limit).
 */
export async function parseWithPdfLib(pdf: Buffer, options: { ignoreEncryption?: boolean } = {}): Promise<PDFDocument> {
  boundPdfLibDecoding();
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, throwOnInvalidObject: false, ...options });
  const why = overLimit.get(doc.context);
  if (why) throw new MoharError("pdf.decode_limit", `the PDF is refused: ${why} (a compression bomb, or far larger than any letter or notesheet)`);
  return doc;
}
