export { inspectPdf, type InspectOptions, type PdfInfo } from "./inspect.js";
export { preparePdfSignature, DEFAULT_CONTENTS_SIZE } from "./preparePdfSignature.js";
export type { PdfSignatureOptions, PreparedPdfSignature, Rect } from "./preparePdfSignature.js";
export { embedSignature } from "./embedSignature.js";
export type { SignaturePlaceholder } from "./embedSignature.js";
export { digestByteRange } from "./byteRange.js";
export type { ByteRange } from "./byteRange.js";
