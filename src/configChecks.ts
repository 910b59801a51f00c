import path from "node:path";

/**
 * The checks of single settings that the environment's zod schema (configEnv.ts) and the narrow
 * reader for `mohar verify` (verifyConfig.ts) share, so both say the same thing about a bad value
 * (#16: building the whole schema cost `mohar verify` about as much CPU as verifying).
 */

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Defaults and allowed values of the settings `mohar verify` reads: one home for the schema
 * (configEnv.ts) and the narrow reader (verifyConfig.ts).
 */
export const VERIFY_DEFAULTS = {
  TRUST_DIR: "./certs-dev/root.pem",
  DEV_PKI_DIR: "certs-dev",
  CRL_DIR: "certs-dev/crl",
  REVOCATION_FETCH_TIMEOUT_MS: "5000",
  REVOCATION_FETCH_MAX_BYTES: "10485760",
} as const;
export const ENVIRONMENTS = ["development", "production"] as const;
/** REVOCATION_FETCH: off, loopback (127.0.0.1 and ::1 only), on. */
export const FETCH_MODES = ["off", "loopback", "on"] as const;

/** setTimeout fires at once for longer delays. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A whole decimal number in [min, max], or the problem with `raw`. Number() alone would read ""
 * as 0 and take "0x50", "1e3" and " 80 " too, none of which an operator means as a count.
 */
export function wholeNumberIn(raw: string, min: number, max: number, allowed = `a whole number from ${min} to ${max}`): number | { problem: string } {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  return n >= min && n <= max ? n : { problem: `must be ${allowed}, got ${JSON.stringify(raw)}` };
}

/** What zod says of a value outside an enum (the schema's `z.enum`), for the settings read without it. */
export const notOneOf = (values: readonly string[]): string => `Invalid option: expected one of ${values.map((v) => JSON.stringify(v)).join("|")}`;

export const isInside = (file: string, dir: string): boolean => {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
};

/** Production's refusals of the development trust anchor and CRLs (the rest: pkiConfig.ts `productionRefusals`). */
export const devTrustRefusal = (trustPath: string, devPkiDir: string): string[] =>
  isInside(trustPath, devPkiDir) ? [`TRUST_DIR: ${trustPath} is the development root; set the CCA India roots (and licensed CA chains)`] : [];
export const devCrlRefusal = (crlDir: string | null, devPkiDir: string): string[] =>
  crlDir && isInside(crlDir, devPkiDir) ? [`CRL_DIR: ${crlDir} holds the development CAs' CRLs; set your CAs' CRLs, or empty for none`] : [];
