// pdf.js rendering, served by mohar from the pdfjs-dist package.
import * as pdfjs from "/console/vendor/pdfjs/pdf.min.mjs";

pdfjs.GlobalWorkerOptions.workerSrc = "/console/vendor/pdfjs/pdf.worker.min.mjs";

export async function openPdf(bytes) {
  return pdfjs.getDocument({ data: bytes, isEvalSupported: false, verbosity: 0 }).promise;
}

/** Renders page `n` into `canvas` at a width that fits `maxWidth` CSS pixels; returns the viewport used. */
export async function renderPage(pdf, n, canvas, maxWidth) {
  const page = await pdf.getPage(n);
  const unscaled = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: Math.min(2, maxWidth / unscaled.width) });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  await page.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
  return viewport;
}

/**
 * A box dragged on the canvas (canvas pixels) as a PDF /Rect [x1, y1, x2, y2] in user-space
 * points: the viewport's transform undoes the scale, the /Rotate and the media box origin.
 */
export function canvasBoxToPdfRect(viewport, box) {
  const [ax, ay] = viewport.convertToPdfPoint(box.x1, box.y1);
  const [bx, by] = viewport.convertToPdfPoint(box.x2, box.y2);
  const r = (v) => Math.round(v * 100) / 100;
  return [r(Math.min(ax, bx)), r(Math.min(ay, by)), r(Math.max(ax, bx)), r(Math.max(ay, by))];
}
