import type { AppearanceFont } from "./appearanceFont.js";
import { embedFontSubset } from "./cidFont.js";
import { devanagariFont, type DevanagariFont } from "./devanagariFont.js";
import { shapeLine, type ShapedLine } from "./devanagariShaper.js";
import type { GlyphCluster } from "./glyphClusters.js";
import type { ObjectChanges } from "../write/objectChanges.js";
import { refString } from "../write/rawWriter.js";
import { shapedTextOperators } from "./shapedTextOperators.js";

/**
 * Noto Sans Devanagari (Devanagari and Latin), for lines that Helvetica cannot show: the lines are
 * shaped with HarfBuzz and the glyphs they use are embedded as new objects of `changes`.
 */
export async function devanagariAppearanceFont(changes: ObjectChanges, lines: readonly string[]): Promise<AppearanceFont> {
  const font = await devanagariFont();
  const { file } = font;
  const shaped = lines.map((l) => shapeLine(font, drawableText(file, l)));
  const texts = glyphTexts(shaped);
  const gids = new Set(shaped.flatMap((l) => l.clusters.flatMap((c) => c.glyphs.map((g) => g.gid))));
  const embedded = await embedFontSubset(changes, file, gids, texts);
  const needsActualText = (c: GlyphCluster): boolean => !c.inOrder || c.glyphs.some((g, i) => texts.get(g.gid) !== c.glyphTexts[i]);
  const upem = file.unitsPerEm;
  return {
    resourceName: "F1",
    resource: refString(embedded.ref),
    widths: shaped.map((l) => l.advance / upem),
    // The font's own line metrics: Devanagari needs room for matras above and below.
    ascent: file.ascent / upem,
    descent: -file.descent / upem,
    leading: (file.ascent - file.descent + file.lineGap) / upem,
    show: (index, size) => shapedTextOperators(shaped[index]!, { font: embedded, unitsPerEm: upem, size, needsActualText }),
  };
}

/** Zero-width joiners, selectors and marks that shaping consumes without a glyph of their own. */
const isDefaultIgnorable = (cp: number): boolean =>
  cp === 0xad || cp === 0x34f || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0xfe00 && cp <= 0xfe0f);

/**
 * `line` with every character the font cannot draw (Tamil, Bengali, emoji, ...) replaced by "?",
 * as the Helvetica blocks do: the block then shows and extracts the same text, instead of drawing
 * empty boxes over a text layer that claims the characters. The signature dictionary keeps the
 * full name.
 */
export function drawableText(file: Pick<DevanagariFont["file"], "hasGlyphForCodePoint">, line: string): string {
  let out = "";
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    out += cp < 0x20 || isDefaultIgnorable(cp) || file.hasGlyphForCodePoint(cp) ? ch : "?";
  }
  return out;
}

/**
 * The text each glyph gets in /ToUnicode: what it stands for most often in these lines. A /ToUnicode
 * entry holds for every use of a glyph; where a use differs, the cluster gets /ActualText.
 */
function glyphTexts(lines: readonly ShapedLine[]): Map<number, string> {
  const counts = new Map<number, Map<string, number>>();
  for (const c of lines.flatMap((l) => l.clusters)) {
    c.glyphs.forEach((g, i) => {
      const text = c.glyphTexts[i];
      if (!text) return;
      const byText = counts.get(g.gid) ?? new Map<string, number>();
      byText.set(text, (byText.get(text) ?? 0) + 1);
      counts.set(g.gid, byText);
    });
  }
  return new Map([...counts].map(([gid, byText]) => [gid, [...byText].reduce((best, e) => (e[1] > best[1] ? e : best))[0]]));
}
