/**
 * The second step of `npm run build` (#16): dist/cli.js, which tsc wrote, is replaced by a bundle
 * of src/cli.ts in which `mohar verify`'s whole path (the configuration, the verifier, the PDF and
 * PKI engines, and their pure-JavaScript packages) sits in a few chunks under dist/cli/, so the
 * command loads a handful of files instead of about 600 modules. Every other command imports
 * tsc's output as before (dist/main.js, dist/audit/..., external here), so the service runs the
 * very modules it ran before; packages outside BUNDLED_PACKAGES stay in node_modules.
 * Usage: node scripts/bundleCli.mjs [outdir]
 */
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import * as esbuild from "esbuild";

const outdir = path.resolve(process.argv[2] ?? "dist");
const cliSource = path.resolve("src/cli.ts");
const srcDir = path.resolve("src") + path.sep;
/** cli.ts's dynamic imports that go into the bundle; the others stay imports of tsc's output. */
const BUNDLED_IMPORTS = new Set(["./verification/index.js", "./config.js", "./verifyConfig.js", "./configChecks.js"]);
/** Pure-JavaScript packages on the verify path (no files of their own read at run time). */
const BUNDLED_PACKAGES = /^(commander|zod|kysely|asn1js|pkijs|bytestreamjs|pvtsutils|pvutils|tslib|node-forge|@peculiar\/[^/]+|@noble\/hashes)(\/|$)/;

fs.rmSync(path.join(outdir, "cli"), { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: { cli: cliSource },
  outdir,
  chunkNames: "cli/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node24",
  sourcemap: true,
  metafile: true,
  logLevel: "warning",
  // CommonJS packages in an ES module bundle need `require` for Node's built-in modules.
  banner: { js: 'import { createRequire as __moharCreateRequire } from "node:module"; const require = __moharCreateRequire(import.meta.url);' },
  plugins: [
    {
      name: "mohar-cli",
      setup(build) {
        build.onResolve({ filter: /^\.\.?\// }, (args) => {
          if (args.importer === cliSource && args.kind === "dynamic-import" && !BUNDLED_IMPORTS.has(args.path)) return { path: args.path, external: true };
          return undefined;
        });
        // mohar's own modules do nothing when imported but define things, so what the verify path
        // does not use (the database behind files/, the PDF writer behind reportPdf) is left out.
        build.onResolve({ filter: /\.js$/ }, (args) => {
          if (!args.importer.startsWith(srcDir) || !args.path.startsWith(".")) return undefined;
          const ts = path.resolve(path.dirname(args.importer), args.path).replace(/\.js$/, ".ts");
          return fs.existsSync(ts) ? { path: ts, sideEffects: false } : undefined;
        });
        build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("node:") || BUNDLED_PACKAGES.test(args.path) ? undefined : { path: args.path, external: true }));
      },
    },
  ],
});
// MOHAR_BUNDLE_META=file.json: esbuild's metafile (what each chunk holds, by input), to see what `mohar verify` loads.
if (process.env.MOHAR_BUNDLE_META) fs.writeFileSync(process.env.MOHAR_BUNDLE_META, JSON.stringify(result.metafile));
const outputs = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith(".js"));
const kib = outputs.reduce((n, [, o]) => n + o.bytes, 0) / 1024;
process.stderr.write(`bundled the CLI: ${outputs.length} files, ${kib.toFixed(0)} KiB\n`);
