/**
 * Serializes a PDF text string (ISO 32000-1 §7.9.2): printable ASCII as an escaped literal,
 * anything else (e.g. Devanagari names) as UTF-16BE with a byte-order mark.
 */
export function pdfTextString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  const utf16 = Buffer.from(text, "utf16le").swap16();
  return `<FEFF${utf16.toString("hex").toUpperCase()}>`;
}
