import { ConfigError } from "./configChecks.js";
import { runVerifyCommand, type VerifyCommandResult } from "./verification/index.js";
import { loadVerifyConfig, type VerifyConfig } from "./verifyConfig.js";

/** `mohar verify`'s options as commander gives them. */
export interface VerifyCliOptions {
  trust?: string;
  crlDir?: string;
  revocationFetch?: "off" | "loopback" | "on";
  json?: boolean;
}

/**
 * `mohar verify FILE [options]`: the settings verify reads (only what the options leave open) and
 * the verification. The whole of what the command runs, so the build bundles it as one script
 * (dist/cli/verify.cjs, scripts/bundleCli.mjs) that cli.ts runs with V8's code cache (#16). A
 * configuration error exits 2 with the words cli.ts prints for it: caught here, since the script's
 * ConfigError is its own copy of the class, which cli.ts's `instanceof` would not recognise.
 */
export async function verifyFromCli(file: string, opts: VerifyCliOptions): Promise<VerifyCommandResult> {
  let config: VerifyConfig | null;
  try {
    config = opts.trust !== undefined && opts.crlDir !== undefined && opts.revocationFetch === "off" ? null : loadVerifyConfig();
  } catch (e) {
    if (e instanceof ConfigError) return { stdout: "", stderr: `mohar: ${e.message}\n`, exitCode: 2, signatureCount: 0 };
    throw e;
  }
  const trust = opts.trust ?? config?.trustPath ?? "";
  const mode = opts.revocationFetch;
  const fetch = mode === undefined ? (config?.revocationFetch ?? null) : mode === "off" || !config ? null : { ...config.revocationFetchLimits, loopbackOnly: mode === "loopback" };
  const revocation = { crlDir: opts.crlDir !== undefined ? opts.crlDir || null : (config?.crlDir ?? null), crlDirExplicit: opts.crlDir !== undefined, fetch };
  return runVerifyCommand(file, trust, opts.trust !== undefined, opts.json === true, revocation);
}
