import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router } from "express";
import { sendProblem } from "./problem.js";

const require = createRequire(import.meta.url);

/** The console's own files (console/ at the package root: next to src/ and dist/). */
const CONSOLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../console");
/** pdf.js and the Devanagari font come from their npm packages, so nothing is fetched from a CDN. */
const PDFJS_DIR = path.dirname(require.resolve("pdfjs-dist/build/pdf.min.mjs"));
const FONT_DIR = path.dirname(require.resolve("@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf"));

/** The web console: `/` redirects to it; every asset is served by mohar itself. */
export function consoleAssetsRouter(): Router {
  const r = Router();
  const opts = { index: false, dotfiles: "ignore" as const };
  r.get("/", (_req, res) => res.redirect(302, "/console/"));
  r.get("/console/", (_req, res) => res.sendFile(path.join(CONSOLE_DIR, "index.html")));
  r.use("/console/vendor/pdfjs", express.static(PDFJS_DIR, opts));
  r.use("/console/fonts", express.static(FONT_DIR, opts));
  r.use("/console", express.static(CONSOLE_DIR, opts));
  // A missing asset is a plain 404, not a request for credentials.
  r.use("/console", (req, res) => {
    sendProblem(res, { status: 404, detail: `no console asset ${req.originalUrl}`, code: "route.not_found" });
  });
  return r;
}
