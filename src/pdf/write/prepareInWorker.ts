import type { WorkerPool } from "../../worker/index.js";
import type { ByteRange } from "./byteRange.js";
import { preparePdfSignature, type PdfSignatureOptions, type PreparedPdfSignature } from "./preparePdfSignature.js";

const THIS_MODULE = new URL(import.meta.url);

export type PdfPreparer = (pdf: Buffer, options: PdfSignatureOptions) => Promise<PreparedPdfSignature>;

/** What crosses back from the thread: Buffers arrive as plain Uint8Arrays. */
interface PreparedOverTheWire {
  bytes: Uint8Array;
  byteRange: ByteRange;
  contentDigest: Uint8Array;
  fieldName: string;
}

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/**
 * `preparePdfSignature` on a worker thread of `pool`: the stored version is parsed again to be
 * signed, under the same time, heap and decode limits as the upload check and verification, so
 * a file that slipped past the upload check cannot freeze the service when an officer signs it.
 */
export function preparePdfSignatureOn(pool: WorkerPool): PdfPreparer {
  return async (pdf, options) => {
    const r = await pool.run<PreparedOverTheWire>(THIS_MODULE, "preparePdfSignatureTask", pdf, { args: [options], what: "preparing the PDF for signing" });
    return { bytes: asBuffer(r.bytes), byteRange: r.byteRange, contentDigest: asBuffer(r.contentDigest), fieldName: r.fieldName };
  };
}

/** The task as the worker runs it: the /DSS data arrives as Uint8Arrays and is made Buffers again. */
export function preparePdfSignatureTask(pdf: Buffer, options: PdfSignatureOptions): Promise<PreparedPdfSignature> {
  const dss = options.dss && { certs: options.dss.certs.map(asBuffer), crls: options.dss.crls.map(asBuffer), ocsps: options.dss.ocsps.map(asBuffer) };
  return preparePdfSignature(pdf, { ...options, dss });
}
