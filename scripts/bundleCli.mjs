/**
 * The second step of `npm run build` (#16): dist/cli.js, which tsc wrote, is replaced by a bundle
 * of src/cli.ts (commander and the command table; the configuration in a chunk under dist/cli/),
 * and `mohar verify`'s whole path (src/verifyCli.ts: the configuration verify reads, the verifier,
 * the PDF and PKI engines, and their pure-JavaScript packages) becomes one CommonJS script,
 * dist/cli/verify.cjs, which cli.ts runs with V8's code cache of a whole earlier run
 * (compileCache.ts `loadCachedScript`). Every other command imports tsc's output as before
 * (dist/main.js, dist/audit/..., external here), so the service runs the very modules it ran
 * before; packages outside BUNDLED_PACKAGES stay in node_modules.
 * Usage: node scripts/bundleCli.mjs [outdir]
 */
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import * as esbuild from "esbuild";

const outdir = path.resolve(process.argv[2] ?? "dist");
const cliSource = path.resolve("src/cli.ts");
/** cli.ts and the file of its verify command: their dynamic imports are the commands' modules. */
const cliSources = new Set([cliSource, path.resolve("src/cliVerify.ts")]);
const srcDir = path.resolve("src") + path.sep;
/** cli.ts's dynamic imports that go into the bundle; the others (cliVerify.ts's tsx-only import of verifyCli.js too) stay imports of tsc's output. */
const BUNDLED_IMPORTS = new Set(["./config.js", "./configChecks.js"]);
/** Pure-JavaScript packages on the verify path (no files of their own read at run time). */
const BUNDLED_PACKAGES = /^(commander|zod|kysely|asn1js|pkijs|bytestreamjs|pvtsutils|pvutils|tslib|node-forge|@peculiar\/[^/]+|@noble\/hashes)(\/|$)/;

/** mohar's own modules do nothing when imported but define things, so what a bundle does not use is left out. */
function moharModules(build) {
  build.onResolve({ filter: /\.js$/ }, (args) => {
    if (!args.importer.startsWith(srcDir) || !args.path.startsWith(".")) return undefined;
    const ts = path.resolve(path.dirname(args.importer), args.path).replace(/\.js$/, ".ts");
    return fs.existsSync(ts) ? { path: ts, sideEffects: false } : undefined;
  });
  build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("node:") || BUNDLED_PACKAGES.test(args.path) ? undefined : { path: args.path, external: true }));
}

const common = { bundle: true, platform: "node", target: "node24", sourcemap: true, metafile: true, logLevel: "warning" };
fs.rmSync(path.join(outdir, "cli"), { recursive: true, force: true });
const cli = await esbuild.build({
  ...common,
  entryPoints: { cli: cliSource },
  outdir,
  chunkNames: "cli/[name]-[hash]",
  splitting: true,
  format: "esm",
  // CommonJS packages in an ES module bundle need `require` for Node's built-in modules.
  banner: { js: 'import { createRequire as __moharCreateRequire } from "node:module"; const require = __moharCreateRequire(import.meta.url);' },
  plugins: [
    {
      name: "mohar-cli",
      setup(build) {
        build.onResolve({ filter: /^\.\.?\// }, (args) => {
          if (cliSources.has(args.importer) && args.kind === "dynamic-import" && !BUNDLED_IMPORTS.has(args.path)) return { path: args.path, external: true };
          return undefined;
        });
        moharModules(build);
        // Node's modules as CommonJS: an `import` of one makes Node build its ES module facade,
        // which reads every export, lazy ones too (node:fs's streams: about 10 ms of a run).
        build.onResolve({ filter: /^node:/ }, (args) => {
          if (args.namespace !== "file") return { path: args.path, external: true };
          if (args.kind === "import-statement" && args.importer.startsWith(srcDir)) return { path: args.path, namespace: "builtin" };
          return args.importer.includes(`${path.sep}node_modules${path.sep}commander${path.sep}`) && args.path === "node:child_process" ? { path: args.path, namespace: "unused-builtin" } : undefined;
        });
        build.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: "js" }));
        // commander loads child_process for executable subcommands, which mohar has none of.
        build.onLoad({ filter: /.*/, namespace: "unused-builtin" }, (args) => ({
          contents: `module.exports = new Proxy({}, { get: (_, key) => require(${JSON.stringify(args.path)})[key] });`,
          loader: "js",
        }));
      },
    },
  ],
});
const verify = await esbuild.build({
  ...common,
  entryPoints: [path.resolve("src/verifyCli.ts")],
  outfile: path.join(outdir, "cli", "verify.cjs"),
  format: "cjs",
  // A script has no import.meta: its URL from the file's name (the worker's module URLs are not used by the command).
  define: { "import.meta.url": "__moharImportMetaUrl" },
  // "use strict" first: a directive only counts before any statement (esbuild's own comes after the banner).
  banner: { js: '"use strict";\nconst __moharImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [{ name: "mohar-verify", setup: moharModules }],
});
// A script run by vm has no module loader: everything but Node's own modules must be inside it,
// and nothing in it may import(), not even a built-in module (vm gives no dynamic import callback).
const outside = Object.values(verify.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external && !i.path.startsWith("node:")).map((i) => i.path));
if (outside.length > 0) throw new Error(`dist/cli/verify.cjs would import ${[...new Set(outside)].join(", ")}: bundle it (BUNDLED_PACKAGES) or keep it off the verify path`);
// (The output's imports: an input's list also holds what tree shaking left out, e.g. the appearance fonts.)
const dynamic = Object.values(verify.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.kind === "dynamic-import").map((i) => `import(${JSON.stringify(i.path)})`));
if (dynamic.length > 0) throw new Error(`dist/cli/verify.cjs would run import(), which a vm script cannot: ${dynamic.join("; ")} (use process.getBuiltinModule for Node's modules, or keep it off the verify path)`);
const verifySource = fs.readFileSync(path.join(outdir, "cli", "verify.cjs"), "utf8");
if (!verifySource.startsWith('"use strict";\n')) throw new Error("dist/cli/verify.cjs does not start with its \"use strict\" directive");
// MOHAR_BUNDLE_META=file.json: esbuild's metafiles (what each output holds, by input), to see what `mohar verify` loads.
const outputs = { ...cli.metafile.outputs, ...verify.metafile.outputs };
if (process.env.MOHAR_BUNDLE_META) fs.writeFileSync(process.env.MOHAR_BUNDLE_META, JSON.stringify({ inputs: { ...cli.metafile.inputs, ...verify.metafile.inputs }, outputs }));
const files = Object.entries(outputs).filter(([f]) => /\.c?js$/.test(f));
const kib = files.reduce((n, [, o]) => n + o.bytes, 0) / 1024;
process.stderr.write(`bundled the CLI: ${files.length} files, ${kib.toFixed(0)} KiB (verify.cjs ${(fs.statSync(path.join(outdir, "cli", "verify.cjs")).size / 1024).toFixed(0)} KiB)\n`);
