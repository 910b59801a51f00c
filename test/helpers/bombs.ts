import { deflateSync } from "node:zlib";

const cache = new Map<number, Buffer>();

/** `size` bytes of spaces after one small object, deflated twice: a few KB that inflate to `size`. */
function doubleDeflated(size: number): Buffer {
  let z = cache.get(size);
  if (!z) {
    const decoded = Buffer.alloc(size, 0x20);
    decoded.write("9 0 << /Bomb true >>", "latin1");
    z = deflateSync(deflateSync(decoded, { level: 1 }), { level: 9 }); // level 1 first: 4x faster to build, still a few KB
    cache.set(size, z);
  }
  return z;
}

/**
 * A well-formed one-page PDF (classic xref, text on the page) that also holds `streams` object
 * streams, each deflated twice so that a few KB inflate to `decodedBytes`: the compression bomb of
 * issue #19. A parser that inflates object streams while loading pays for every byte.
 */
export function objectStreamBomb({ streams = 1, decodedBytes }: { streams?: number; decodedBytes: number }): Buffer {
  const z = doubleDeflated(decodedBytes);
  const content = "BT /F1 12 Tf 72 720 Td (a bombed letter) Tj ET";
  const bodies: Buffer[] = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>"),
    Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    Buffer.from("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"),
    Buffer.from(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
  ];
  for (let i = 0; i < streams; i++) {
    bodies.push(Buffer.concat([Buffer.from(`<< /Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode] /Length ${z.length} >>\nstream\n`), z, Buffer.from("\nendstream")]));
  }
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let at = parts[0]!.length;
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(at);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from("\nendobj\n")]);
    parts.push(obj);
    at += obj.length;
  });
  const rows = offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  parts.push(Buffer.from(`xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/**
 * A valid one-page PDF (catalog, page tree) with `n` tiny objects besides, in a classic xref
 * that is not there (startxref 0, so readers rebuild it): cheap to make, slow to parse.
 */
export function manyObjectsPdf(n: number): Buffer {
  const parts = ["%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"];
  for (let i = 3; i <= n; i++) parts.push(`${i} 0 obj\n<< /A [1 2 3 4 5 6 7 8] /B (x) >>\nendobj\n`);
  parts.push(`trailer\n<< /Size ${n + 1} /Root 1 0 R >>\nstartxref\n0\n%%EOF\n`);
  return Buffer.from(parts.join(""), "latin1");
}

/**
 * A valid one-page PDF (classic xref) whose form lists `n` text fields: every byte of it is
 * reachable from the catalog, so signing (which reads the form's fields to name its own) must
 * walk all of them. Cheap to make, slow to sign.
 */
export function manyFieldsPdf(n: number): Buffer {
  const bodies = [
    "<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    `<< /Fields [${Array.from({ length: n }, (_, i) => `${i + 5} 0 R`).join(" ")}] >>`,
  ];
  for (let i = 0; i < n; i++) bodies.push(`<< /FT /Tx /T (field${i}) /V (value ${i}) >>`);
  const parts: string[] = ["%PDF-1.7\n"];
  let at = parts[0]!.length;
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(at);
    const obj = `${i + 1} 0 obj\n${body}\nendobj\n`;
    parts.push(obj);
    at += obj.length;
  });
  const rows = offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  parts.push(`xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`);
  return Buffer.from(parts.join(""), "latin1");
}

/**
 * `base` (a PDF with a classic xref) with one more update whose cross-reference stream is
 * deflated twice: a few KB that inflate past the per-stream bound. Signing must read the newest
 * cross-reference data, so this bomb cannot be stepped around.
 */
export function xrefStreamBomb(base: Buffer, decodedBytes: number): Buffer {
  const text = base.toString("latin1");
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const size = Number(/\/Size (\d+)/.exec(text)![1]);
  const root = /\/Root (\d+ \d+ R)/.exec(text)![1]!;
  const data = deflateSync(deflateSync(Buffer.alloc(decodedBytes), { level: 1 }));
  const at = base.length + 1;
  const dict = `<< /Type /XRef /Size ${size + 1} /W [1 4 2] /Index [${size} 1] /Root ${root} /Prev ${prev} /Filter [/FlateDecode /FlateDecode] /Length ${data.length} >>`;
  return Buffer.concat([base, Buffer.from(`\n${size} 0 obj\n${dict}\nstream\n`), data, Buffer.from(`\nendstream\nendobj\nstartxref\n${at}\n%%EOF\n`)]);
}
