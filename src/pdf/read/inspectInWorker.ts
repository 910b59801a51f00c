import type { WorkerPool } from "../../worker/index.js";
import type { InspectOptions, PdfInfo } from "./inspect.js";

const INSPECT_MODULE = new URL("./inspect.js", import.meta.url);

export type PdfInspector = (pdf: Buffer, options?: InspectOptions) => Promise<PdfInfo>;

/**
 * `inspectPdf` on a worker thread of `pool`, so that parsing an untrusted upload is bounded
 * in time and memory: a pathological file (a 54 MB PDF of a million tiny objects takes pdf-lib
 * over 20 s and 1.2 GB) is abandoned with 422 instead of blocking every other request.
 */
export function inspectPdfOn(pool: WorkerPool): PdfInspector {
  return (pdf, options = {}) => pool.run<PdfInfo>(INSPECT_MODULE, "inspectPdf", pdf, { args: [options], what: "parsing the PDF" });
}
