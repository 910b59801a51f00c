import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router } from "express";
import { REVOCATION_SOURCE_WORDS } from "../verification/index.js";
import { sendProblem } from "./problem.js";
import { route } from "./route.js";

const require = createRequire(import.meta.url);

/** The console's own files (console/ at the package root: next to src/ and dist/). */
const CONSOLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../console");
/** pdf.js and the Devanagari font come from their npm packages, so nothing is fetched from a CDN. */
const PDFJS_DIR = path.dirname(require.resolve("pdfjs-dist/build/pdf.min.mjs"));
const FONT_DIR = path.dirname(require.resolve("@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf"));

/** Words the console shares with the server's reports, as a module made from their one home. */
const REVOCATION_WORDS_MODULE = `export const REVOCATION_SOURCE_WORDS = ${JSON.stringify(REVOCATION_SOURCE_WORDS)};\n`;

/** The web console at `/` and `/console/`; every asset is served by mohar itself. */
export function consoleAssetsRouter(): Router {
  const r = Router();
  const opts = { index: false, dotfiles: "ignore" as const };
  route(r, "consolePage", (_req, res) => res.sendFile(path.join(CONSOLE_DIR, "index.html")));
  // An asset like the files below (not an API route): a module made from the words' one home.
  r.use("/console/revocationWords.js", (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    res.type("text/javascript; charset=utf-8").send(REVOCATION_WORDS_MODULE);
  });
  // The same page at /console/ (and /console, redirected there): every asset path in it is absolute.
  r.use("/console", express.static(CONSOLE_DIR, { ...opts, index: ["index.html"] }));
  r.use("/console/vendor/pdfjs", express.static(PDFJS_DIR, opts));
  r.use("/console/fonts", express.static(FONT_DIR, opts));
  // A missing asset is a plain 404, not a request for credentials.
  r.use("/console", (req, res) => {
    sendProblem(res, "route.not_found", `no console asset ${req.originalUrl}`);
  });
  return r;
}
