import type { PdfRef, PdfValue } from "../read/rawObjects.js";

/**
 * Serializes values read by the raw parser back to PDF syntax (latin1 text), for the objects an
 * incremental update rewrites: what parses back is equal to what was read (`valuesEqual`).
 */
export function serializeValue(v: PdfValue): string {
  switch (v.kind) {
    case "null":
      return "null";
    case "bool":
      return v.value ? "true" : "false";
    case "number":
      return pdfNumber(v.value);
    case "name":
      return pdfName(v.value);
    case "ref":
      return refString(v);
    case "string":
      return v.hex ? `<${v.bytes.toString("hex")}>` : literalString(v.bytes);
    case "array":
      return `[${v.items.map(serializeValue).join(" ")}]`;
    case "dict": {
      let s = "<<";
      for (const [k, x] of v.entries) s += ` ${pdfName(k)} ${serializeValue(x)}`;
      return `${s} >>`;
    }
  }
}

export const refString = (r: { num: number; gen: number }): string => `${r.num} ${r.gen} R`;

export const ref = (num: number, gen = 0): PdfRef => ({ kind: "ref", num, gen });

/** A number as PDF writes it: no exponent, at most 10 decimals. */
export function pdfNumber(n: number): string {
  if (!Number.isFinite(n)) return "0";
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  const s = String(n);
  if (!s.includes("e")) return s;
  const fixed = n.toFixed(10).replace(/\.?0+$/, "");
  return fixed === "-0" ? "0" : fixed;
}

/** A name: bytes outside the regular printable characters, and '#', written as #xx. */
export function pdfName(name: string): string {
  let s = "/";
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i) & 0xff;
    const plain = c > 0x20 && c < 0x7f && !"#()<>[]{}/%".includes(String.fromCharCode(c));
    s += plain ? String.fromCharCode(c) : `#${c.toString(16).padStart(2, "0")}`;
  }
  return s;
}

/** A literal string with its bytes kept exactly: backslash, parentheses and line ends escaped. */
function literalString(bytes: Buffer): string {
  let s = "(";
  for (const c of bytes) {
    if (c === 0x5c || c === 0x28 || c === 0x29) s += `\\${String.fromCharCode(c)}`;
    else if (c === 0x0d) s += "\\r";
    else if (c === 0x0a) s += "\\n";
    else s += String.fromCharCode(c);
  }
  return `${s})`;
}
