import { deflateSync } from "node:zlib";

/** One hostile or damaged PDF: what was done to it, and its bytes. */
export interface CorpusItem {
  name: string;
  pdf: Buffer;
}

const latin1 = (s: string): Buffer => Buffer.from(s, "latin1");

function startxrefOf(pdf: Buffer): number {
  const tail = pdf.subarray(Math.max(0, pdf.length - 1024)).toString("latin1");
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m) throw new Error("no startxref");
  return Number(m[1]);
}

/** An incremental update that rewrites nothing and points back at the previous section with `prev`. */
function emptyUpdate(pdf: Buffer, size: number, root: string, prev: number, trailerExtra = ""): Buffer {
  const at = pdf.length + 1;
  return Buffer.concat([pdf, latin1(`\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${size} /Root ${root} /Prev ${prev}${trailerExtra} >>\nstartxref\n${at}\n%%EOF\n`)]);
}

/** An incremental update whose cross-reference is a stream with the given /W and body. */
function xrefStreamUpdate(pdf: Buffer, size: number, root: string, prev: number, w: string, body: Buffer, index?: string): Buffer {
  const num = size;
  const at = pdf.length + 1;
  const dict = `<< /Type /XRef /Size ${size + 1} /W ${w}${index ? ` /Index ${index}` : ""} /Root ${root} /Prev ${prev} /Length ${body.length} >>`;
  return Buffer.concat([pdf, latin1(`\n${num} 0 obj\n${dict}\nstream\n`), body, latin1(`\nendstream\nendobj\nstartxref\n${at}\n%%EOF\n`)]);
}

/**
 * Damaged and hostile variants of a classic-xref PDF with `size` objects and catalog `root`
 * ("1 0 R"): the classes issue #19's fuzzing found accepted at upload but unsignable, or signed
 * and then refused by verification, plus byte-level damage around the cross-reference data.
 */
export function hostileCorpus(base: Buffer, size: number, root: string): CorpusItem[] {
  const sx = startxrefOf(base);
  const items: CorpusItem[] = [];
  // A /Prev that points at itself, and two sections pointing at each other.
  const selfLoop = emptyUpdate(base, size, root, sx);
  const loopAt = base.length + 1;
  items.push({ name: "prev-self-loop", pdf: Buffer.concat([base, latin1(`\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${size} /Root ${root} /Prev ${loopAt} >>\nstartxref\n${loopAt}\n%%EOF\n`)]) });
  const a = emptyUpdate(base, size, root, sx);
  const aAt = startxrefOf(a);
  const b = emptyUpdate(a, size, root, aAt);
  items.push({ name: "prev-two-cycle", pdf: Buffer.from(b.toString("latin1").replace(`/Prev ${sx} >>`, `/Prev ${startxrefOf(b)} >>`), "latin1") });
  items.push({ name: "prev-past-end", pdf: emptyUpdate(base, size, root, base.length + 10_000) });
  items.push({ name: "prev-into-middle", pdf: emptyUpdate(base, size, root, Math.floor(sx / 2)) });
  items.push({ name: "one-empty-update", pdf: selfLoop });
  // Cross-reference streams with degenerate widths and counts.
  items.push({ name: "xref-stream-w-000", pdf: xrefStreamUpdate(base, size, root, sx, "[0 0 0]", Buffer.alloc(0)) });
  items.push({ name: "xref-stream-w-negative", pdf: xrefStreamUpdate(base, size, root, sx, "[1 -4 2]", Buffer.alloc(7)) });
  items.push({ name: "xref-stream-w-huge", pdf: xrefStreamUpdate(base, size, root, sx, "[1 99 2]", Buffer.alloc(102)) });
  items.push({ name: "xref-stream-index-odd", pdf: xrefStreamUpdate(base, size, root, sx, "[1 4 2]", Buffer.alloc(7), "[0]") });
  items.push({ name: "xref-stream-short-body", pdf: xrefStreamUpdate(base, size, root, sx, "[1 4 2]", Buffer.alloc(3), `[${size} 1]`) });
  items.push({ name: "xref-stream-deflate-garbage", pdf: xrefStreamUpdate(base, size, root, sx, "[1 4 2]", deflateSync(Buffer.alloc(5)).subarray(0, 4), `[${size} 1]`) });
  // Many incremental updates.
  let many = base;
  for (let i = 0; i < 300; i++) many = emptyUpdate(many, size, root, startxrefOf(many));
  items.push({ name: "300-updates", pdf: many });
  // startxref and offsets off by a little, and damage in the table.
  const text = base.toString("latin1");
  items.push({ name: "startxref-off-by-3", pdf: latin1(text.replace(/startxref\s+(\d+)/, (_m, n: string) => `startxref\n${Number(n) + 3}`)) });
  items.push({ name: "xref-offset-off-by-5", pdf: latin1(text.replace(/(\n0000000000 65535 f \r?\n)(\d{10})/, (_m, head: string, off: string) => `${head}${String(Number(off) + 5).padStart(10, "0")}`)) });
  items.push({ name: "xref-count-too-big", pdf: latin1(text.replace(/\nxref\n0 (\d+)/, (_m, n: string) => `\nxref\n0 ${Number(n) + 40}`)) });
  items.push({ name: "trailer-size-zero", pdf: latin1(text.replace(/\/Size \d+/, "/Size 0")) });
  items.push({ name: "trailer-root-missing-object", pdf: latin1(text.replace(/\/Root \d+ 0 R/, `/Root ${size + 50} 0 R`)) });
  // Byte flips across the last 400 bytes (the cross-reference table and trailer).
  for (let i = 0; i < 40; i++) {
    const flipped = Buffer.from(base);
    const at = base.length - 400 + ((i * 37) % 400);
    flipped[at] = (flipped[at] ?? 0) ^ (1 << (i % 8));
    items.push({ name: `flip-tail-${at}`, pdf: flipped });
  }
  return items;
}
