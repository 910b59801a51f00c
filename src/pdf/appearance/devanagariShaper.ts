import type { DevanagariFont } from "./devanagariFont.js";
import { clusterGlyphs, type GlyphCluster, type PlacedGlyph } from "./glyphClusters.js";

/** A line as HarfBuzz set it: glyph clusters in drawing order, and its advance in font units. */
export interface ShapedLine {
  clusters: GlyphCluster[];
  advance: number;
}

interface ScriptRun {
  start: number;
  end: number;
  devanagari: boolean;
}

const DEVANAGARI = /\p{Script_Extensions=Devanagari}/u;
/** Spaces, punctuation, digits, ZWJ/ZWNJ: no script of their own. */
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * Shapes one line with HarfBuzz: conjuncts, the pre-base matra ि, reph and mark positions come
 * from the font's OpenType tables. HarfBuzz shapes one script at a time (guessing it from the
 * first letter would shape "Signed by राजेश वर्मा" as Latin and lose the reph), so the line is
 * cut into Devanagari and other runs, each shaped with the whole line as context.
 */
export function shapeLine(font: DevanagariFont, text: string): ShapedLine {
  const { hb } = font;
  const clusters = scriptRuns(text).flatMap((run) => {
    const buffer = new hb.Buffer();
    buffer.addText(text, run.start, run.end - run.start);
    if (run.devanagari) buffer.setScript("Deva");
    buffer.guessSegmentProperties();
    // Character-level clusters say which characters each glyph came from, for /ToUnicode.
    buffer.setClusterLevel(hb.ClusterLevel.CHARACTERS);
    hb.shape(font.hbFont, buffer);
    const positions = buffer.getGlyphPositions();
    const glyphs: PlacedGlyph[] = buffer.getGlyphInfos().map((g, i) => {
      const { xAdvance, xOffset, yOffset } = positions[i]!;
      return { gid: g.codepoint, cluster: g.cluster, xAdvance, xOffset, yOffset };
    });
    return clusterGlyphs(text, glyphs, run.end);
  });
  const advance = clusters.reduce((sum, c) => c.glyphs.reduce((s, g) => s + g.xAdvance, sum), 0);
  return { clusters, advance };
}

/**
 * Cuts the line into Devanagari and other runs. A neutral character goes with the letter before
 * it (at the start of the line, with the first letter), so "अनुमोदित (" stays one run.
 */
function scriptRuns(text: string): ScriptRun[] {
  const chars = [...text];
  const firstLetter = chars.find((ch) => !isNeutral(ch));
  let devanagari = firstLetter !== undefined && DEVANAGARI.test(firstLetter);
  const runs: ScriptRun[] = [];
  let at = 0;
  for (const ch of chars) {
    if (!isNeutral(ch)) devanagari = DEVANAGARI.test(ch);
    const last = runs.at(-1);
    if (last?.devanagari === devanagari) last.end = at + ch.length;
    else runs.push({ start: at, end: at + ch.length, devanagari });
    at += ch.length;
  }
  return runs;
}

const isNeutral = (ch: string): boolean => !DEVANAGARI.test(ch) && NEUTRAL.test(ch);
