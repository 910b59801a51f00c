/** A glyph as the shaper placed it, in font units. */
export interface PlacedGlyph {
  gid: number;
  /** Index in the line of the first character the glyph stands for (HarfBuzz's character-level cluster). */
  cluster: number;
  xAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** The smallest run of glyphs that stands for a contiguous span of the text. */
export interface GlyphCluster {
  text: string;
  glyphs: PlacedGlyph[];
  /** What each glyph stands for on its own: its characters, or "" for the second glyph of a character. */
  glyphTexts: string[];
  /**
   * The glyphs' texts, in drawing order, spell `text`. Not so when the shaper moved a glyph:
   * the matra ि drawn before its consonant, a reph drawn after the consonant that follows it.
   */
  inOrder: boolean;
}

/**
 * Splits a left-to-right run of shaped glyphs (ending at character index `end` of `text`) into
 * clusters: a cut goes between two glyphs when every glyph before it comes from earlier
 * characters than every glyph after it, so a reordered syllable stays in one cluster.
 */
export function clusterGlyphs(text: string, glyphs: readonly PlacedGlyph[], end: number): GlyphCluster[] {
  const suffixMin = new Array<number>(glyphs.length + 1).fill(end);
  for (let i = glyphs.length - 1; i >= 0; i--) suffixMin[i] = Math.min(glyphs[i]!.cluster, suffixMin[i + 1]!);
  const out: GlyphCluster[] = [];
  let start = 0;
  let max = -1;
  glyphs.forEach((g, i) => {
    max = Math.max(max, g.cluster);
    if (max < suffixMin[i + 1]!) {
      out.push(cluster(text, glyphs.slice(start, i + 1), suffixMin[start]!, suffixMin[i + 1]!));
      start = i + 1;
    }
  });
  return out;
}

function cluster(text: string, glyphs: PlacedGlyph[], from: number, to: number): GlyphCluster {
  const starts = [...new Set(glyphs.map((g) => g.cluster))].sort((a, b) => a - b);
  const seen = new Set<number>();
  const glyphTexts = glyphs.map((g) => {
    if (seen.has(g.cluster)) return "";
    seen.add(g.cluster);
    return text.slice(g.cluster, starts[starts.indexOf(g.cluster) + 1] ?? to);
  });
  const inOrder = glyphs.every((g, i) => i === 0 || g.cluster > glyphs[i - 1]!.cluster);
  return { text: text.slice(from, to), glyphs, glyphTexts, inOrder };
}
