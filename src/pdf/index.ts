export { inspectPdf, type InspectOptions, type PdfInfo } from "./inspect.js";
export { inspectPdfOn, type PdfInspector } from "./inspectInWorker.js";
