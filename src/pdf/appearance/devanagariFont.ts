import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Font as FontFile } from "@pdf-lib/fontkit";
import type * as HarfBuzz from "harfbuzzjs";

/** Noto Sans Devanagari Regular (SIL OFL 1.1), which has Latin glyphs too, as the two engines see it. */
export interface DevanagariFont {
  /** fontkit's parse: metrics and the subset that gets embedded. */
  file: FontFile;
  /** HarfBuzz (WASM) and its font over the same bytes: shaping. */
  hb: typeof HarfBuzz;
  hbFont: HarfBuzz.Font;
}

// From an npm dependency, so `npm ci` brings it, it resolves the same from src/ (tsx) and dist/,
// and nothing is fetched at run time.
const FONT_FILE = "@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf";

// The module's only state, on purpose: importing harfbuzzjs compiles its WASM (about 100 ms), fontkit
// is a large module and the font is parsed twice, so that happens once per process, and only when a
// signature block first needs a character Helvetica cannot show (most signatures never do). The
// promise is assigned once; what it resolves to is never modified.
let loading: Promise<DevanagariFont> | undefined;

export function devanagariFont(): Promise<DevanagariFont> {
  loading ??= load();
  return loading;
}

async function load(): Promise<DevanagariFont> {
  const [hb, fontkit, bytes] = await Promise.all([
    import("harfbuzzjs"),
    import("@pdf-lib/fontkit"),
    readFile(createRequire(import.meta.url).resolve(FONT_FILE)),
  ]);
  return { file: fontkit.default.create(bytes), hb, hbFont: new hb.Font(new hb.Face(new hb.Blob(bytes))) };
}
