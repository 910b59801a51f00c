import { Option, type Command } from "commander";
import { fileURLToPath } from "node:url";
import { loadCachedScript, type CachedScript } from "./compileCache.js";
import type { VerifyCliOptions } from "./verifyCli.js";

/**
 * `mohar verify`'s whole path: in the build one script, dist/cli/verify.cjs, run with V8's code
 * cache of a whole earlier run kept in `cacheDir` (compileCache.ts `loadCachedScript`, #16); from
 * the sources (tsx) the module itself. This file is part of the CLI's bundle (scripts/bundleCli.mjs),
 * so `import.meta.url` is dist/cli.js's there.
 */
async function verifyModule(cacheDir: string | null): Promise<CachedScript<typeof import("./verifyCli.js")>> {
  if (import.meta.url.endsWith(".js")) return loadCachedScript(fileURLToPath(new URL("cli/verify.cjs", import.meta.url)), cacheDir);
  return { exports: await import("./verifyCli.js"), fromCache: false, keepCompiledCode: () => undefined };
}

/**
 * Adds `mohar verify` to the CLI (cli.ts): it loads nothing but the verify script when it runs.
 * MOHAR_VERIFY_CACHE_REPORT=1 makes it say on stderr whether V8 took the script's compiled code
 * from the cache, for tests and for checking an installation.
 */
export function addVerifyCommand(program: Command, cacheDir: string | null): void {
  program
    .command("verify")
    .description("verify every signature of a PDF; exit 0 only when all pass and nothing disallowed changed after them")
    .argument("<file>", "the PDF to verify")
    .option("--trust <pemOrDir>", "trust anchors: a PEM file or a directory of PEMs (default: TRUST_DIR or certs-dev/root.pem)")
    .option("--crl-dir <dir>", "CRLs consulted when the PDF's own revocation data does not decide (default: CRL_DIR or certs-dev/crl; \"\" for none)")
    .addOption(new Option("--revocation-fetch <mode>", "ask trusted chains' OCSP responders and CRL distribution points (default: REVOCATION_FETCH)").choices(["off", "loopback", "on"]))
    .option("--json", "print the report as JSON")
    .action(async (file: string, opts: VerifyCliOptions) => {
      const { exports: verify, fromCache, keepCompiledCode } = await verifyModule(cacheDir);
      if (process.env.MOHAR_VERIFY_CACHE_REPORT === "1") process.stderr.write(`mohar: verify script code cache ${fromCache ? "used" : "not used"}\n`);
      const { stdout, stderr, exitCode, signatureCount } = await verify.verifyFromCli(file, opts);
      process.stdout.write(stdout);
      process.stderr.write(stderr);
      process.exitCode = exitCode;
      // A run that verified signatures compiled what the next verification runs.
      if (signatureCount > 0) keepCompiledCode();
    });
}
