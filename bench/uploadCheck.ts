/**
 * The upload check's cost: `inspectPdf` (parse, page count, and since issue #19 a trial signature
 * read back by the verifier's structure reader) against the parse alone it was before, on a
 * one-page letter and a 20 MB ten-page scan; interleaved, median of 7 rounds.
 * Usage: npx tsx bench/uploadCheck.ts
 */
import fs from "node:fs/promises";
import { inspectPdf } from "../src/pdf/index.js";
import { parseWithPdfLib } from "../src/pdf/read/pdfLibLoad.js";
import { makeScannedPdf } from "./scannedPdf.js";

const files: Array<[string, Buffer]> = [
  ["one-page letter", await fs.readFile("samples/draft-letter-en.pdf")],
  ["20 MB scan, 10 pages", await makeScannedPdf(10, 2_000_000)],
];
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
for (const [name, pdf] of files) {
  const parse: number[] = [];
  const check: number[] = [];
  for (let round = 0; round < 7; round++) {
    let t = performance.now();
    (await parseWithPdfLib(pdf)).getPageCount();
    parse.push(performance.now() - t);
    t = performance.now();
    await inspectPdf(pdf);
    check.push(performance.now() - t);
  }
  console.log(`${name}: parse alone ${median(parse).toFixed(1)} ms, upload check ${median(check).toFixed(1)} ms (x${(median(check) / median(parse)).toFixed(2)})`);
}
