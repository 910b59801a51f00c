import { MoharError } from "../../errors.js";
import type { ByteRange } from "./byteRange.js";

/** The parts of a prepared signature needed to embed the CMS later (also after a round trip). */
export interface SignaturePlaceholder {
  bytes: Buffer;
  byteRange: ByteRange;
}

/**
 * Writes the DER CMS as hex into the /Contents placeholder of a prepared PDF. Returns a new
 * buffer; the prepared bytes stay untouched so a session can be completed only from its copy.
 */
export function embedSignature(prepared: SignaturePlaceholder, cmsDer: Buffer): Buffer {
  return embedSignatureInPlace({ bytes: Buffer.from(prepared.bytes), byteRange: prepared.byteRange }, cmsDer);
}

/**
 * Writes the DER CMS into the placeholder of `prepared.bytes` itself and returns them: for a
 * one-step signature, whose prepared bytes are not kept, this saves a copy of the whole file.
 */
export function embedSignatureInPlace(prepared: SignaturePlaceholder, cmsDer: Buffer): Buffer {
  const [, start, end] = prepared.byteRange;
  const { bytes } = prepared;
  if (bytes[start] !== 0x3c || bytes[end - 1] !== 0x3e) {
    throw new MoharError("pdf.placeholder_missing", "the prepared PDF has no signature placeholder at its ByteRange gap");
  }
  const capacity = (end - start - 2) / 2;
  if (cmsDer.length > capacity) {
    throw new MoharError(
      "pdf.signature_too_large",
      `the signature is ${cmsDer.length} bytes but the placeholder holds only ${capacity}; prepare with a larger contentsSize`,
    );
  }
  bytes.write(cmsDer.toString("hex"), start + 1, "latin1");
  return bytes;
}
