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
