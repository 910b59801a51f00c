/** A bfchar block holds at most 100 entries (Adobe CMap specification, TN 5014). */
const BLOCK = 100;

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, "0");
const utf16Hex = (s: string): string => Buffer.from(s, "utf16le").swap16().toString("hex").toUpperCase();

/** A /ToUnicode CMap for 2-byte codes (Identity-H CIDs): each code to the text it stands for. */
export function toUnicodeCMap(texts: ReadonlyMap<number, string>): string {
  const entries = [...texts].filter(([, t]) => t.length > 0).sort(([a], [b]) => a - b);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += BLOCK) {
    const chunk = entries.slice(i, i + BLOCK);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.map(([code, t]) => `<${hex4(code)}> <${utf16Hex(t)}>`).join("\n")}\nendbfchar`);
  }
  return [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange",
    ...blocks,
    "endcmap",
    "CMapName currentdict /CMap defineresource pop",
    "end",
    "end",
  ].join("\n");
}
