export { inspectPdf, type InspectOptions, type PdfInfo } from "./inspect.js";
export { inspectPdfOn, type PdfInspector } from "./inspectInWorker.js";
export { readPdfStructure, type PdfStructure, type Revision } from "./revisions.js";
export { findSignatureFields, isLocked, type FieldLock, type SignatureField, type SignatureDictionary } from "./signatureDicts.js";
export { checkByteRange, type ByteRangeCheck } from "./byteRangeCheck.js";
export { diffRevision, type RevisionChange, type ChangeClass, type ChangeCategory, type DocMdp } from "./revisionDiff.js";
export { readDss, type DssData } from "./dssData.js";
export { parsePdfDate } from "./pdfDate.js";
