import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PangoLayoutOptions {
  /** Wrap width in points (pango-view takes whole points; fractions are dropped). */
  width: number;
  /** Pango font description, e.g. "Noto Sans Devanagari 11". */
  font: string;
  align?: "left" | "center" | "right";
  /** Line height as a multiple of the font's natural line height. */
  lineSpacing?: number;
}

/** Escapes text for Pango markup. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Markup for one right-aligned line inside a left-aligned layout. Pango aligns each paragraph by
 * its own base direction, so a leading RIGHT-TO-LEFT MARK flips "left" to "right" for that line;
 * the LEFT-TO-RIGHT ISOLATE keeps the Devanagari and its brackets in normal order.
 */
export function rightAlignedLine(markup: string): string {
  return `\u200F\u2066${markup}\u2069`;
}

/**
 * Renders Pango markup to a one-page PDF sized to the text. pango-view shapes complex scripts
 * with HarfBuzz (conjuncts, pre-base matras), which pdf-lib cannot do for Devanagari.
 */
export async function renderPangoLayout(markup: string, opts: PangoLayoutOptions): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mohar-pango-"));
  try {
    const input = path.join(dir, "layout.txt");
    const output = path.join(dir, "layout.pdf");
    await writeFile(input, markup, "utf8");
    await run("pango-view", [
      "--no-display",
      "--markup",
      "--language=hi_IN",
      `--font=${opts.font}`,
      `--width=${Math.floor(opts.width)}`,
      `--align=${opts.align ?? "left"}`,
      `--line-spacing=${opts.lineSpacing ?? 1}`,
      "--margin=0",
      `--output=${output}`,
      input,
    ]).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") {
        throw new Error("pango-view not found: install the Debian package pango1.0-tools", { cause: err });
      }
      throw err;
    });
    return new Uint8Array(await readFile(output));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
