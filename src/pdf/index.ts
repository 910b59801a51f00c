export { inspectPdf, type InspectOptions, type PdfInfo } from "./inspect.js";
