import type { EmbeddedFont } from "./cidFont.js";
import type { GlyphCluster } from "./glyphClusters.js";
import type { ShapedLine } from "./devanagariShaper.js";
import { pdfTextString } from "../write/textString.js";

export interface ShapedTextOptions {
  font: EmbeddedFont;
  unitsPerEm: number;
  /** Font size, for vertical mark offsets (text rise is not scaled by it). */
  size: number;
  /** Clusters that the font's /ToUnicode would not read back as their text. */
  needsActualText(cluster: GlyphCluster): boolean;
}

const num = (n: number): string => String(Math.round(n * 100) / 100);

/**
 * Text-showing operators for a shaped line, from the current text position: the glyphs as CIDs in
 * TJ arrays, moved where HarfBuzz placed them apart from the /W advances (kerning, marks), with a
 * text rise for marks it raised or lowered. A cluster that /ToUnicode cannot read back (a reordered
 * matra or reph) is wrapped in an /ActualText span with its characters in reading order.
 */
export function shapedTextOperators(line: ShapedLine, o: ShapedTextOptions): string[] {
  const scale = 1000 / o.unitsPerEm;
  const ops: string[] = [];
  let items: string[] = [];
  let cids = "";
  // From the line's start: the shaper's pen in font units, the PDF's text position in thousandths of the size.
  let pen = 0;
  let at = 0;
  let rise = 0;
  const endString = (): void => {
    if (cids) items.push(`<${cids}>`);
    cids = "";
  };
  const endArray = (): void => {
    endString();
    if (items.length > 0) ops.push(`[${items.join(" ")}] TJ`);
    items = [];
  };
  for (const cluster of line.clusters) {
    const span = o.needsActualText(cluster);
    if (span) {
      endArray();
      ops.push(`/Span << /ActualText ${pdfTextString(cluster.text)} >> BDC`);
    }
    for (const g of cluster.glyphs) {
      const r = Math.round((g.yOffset / o.unitsPerEm) * o.size * 100) / 100;
      if (r !== rise) {
        endArray();
        ops.push(`${num(r)} Ts`);
        rise = r;
      }
      const move = Math.round(((pen + g.xOffset) * scale - at) * 100) / 100;
      if (move !== 0) {
        endString();
        // A TJ number moves the text position left by thousandths of the size.
        items.push(num(-move));
        at += move;
      }
      cids += o.font.cid(g.gid).toString(16).toUpperCase().padStart(4, "0");
      at += o.font.width(g.gid);
      pen += g.xAdvance;
    }
    if (span) {
      endArray();
      ops.push("EMC");
    }
  }
  endArray();
  if (rise !== 0) ops.push("0 Ts");
  return ops;
}
