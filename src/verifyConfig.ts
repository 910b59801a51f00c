import path from "node:path";
import { ConfigError, devCrlRefusal, devTrustRefusal, ENVIRONMENTS, FETCH_MODES, MAX_TIMER_MS, notOneOf, VERIFY_DEFAULTS, wholeNumberIn } from "./configChecks.js";

/** The settings `mohar verify` reads: trust anchors, the CRL directory, live revocation fetching. */
export interface VerifyConfig {
  /** TRUST_DIR, resolved. */
  trustPath: string;
  /** CRL_DIR, resolved; null when empty. */
  crlDir: string | null;
  /** REVOCATION_FETCH with its limits; null when off. */
  revocationFetch: { timeoutMs: number; maxBytes: number; loopbackOnly: boolean } | null;
  /** REVOCATION_FETCH_TIMEOUT_MS and _MAX_BYTES, also when fetching is off (`--revocation-fetch` turns it on). */
  revocationFetchLimits: { timeoutMs: number; maxBytes: number };
}

/**
 * Only what `mohar verify` reads of the environment, checked as `loadConfig` checks it (the same
 * defaults, the same words for a bad value, production's refusal of the development root and
 * CRLs), without the zod schema of the whole service: importing and building that cost the
 * command about as much CPU as verifying the letter (#16). Settings verify does not read are not
 * checked here; `mohar serve` still refuses them.
 */
export function loadVerifyConfig(env: NodeJS.ProcessEnv = process.env): VerifyConfig {
  const problems: string[] = [];
  const text = (name: string, fallback: string): string => {
    const v = env[name] ?? fallback;
    if (v === "") problems.push(`${name}: must not be empty`);
    return v;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const v = env[name] ?? fallback;
    if ((values as readonly string[]).includes(v)) return v as T;
    problems.push(`${name}: ${notOneOf(values)}`);
    return fallback;
  };
  const whole = (name: string, min: number, max: number, fallback: string): number => {
    const n = wholeNumberIn(env[name] ?? fallback, min, max);
    if (typeof n === "number") return n;
    problems.push(`${name}: ${n.problem}`);
    return 0;
  };
  // In the order of the environment's schema (configEnv.ts), as loadConfig lists its problems.
  const trustDir = text("TRUST_DIR", VERIFY_DEFAULTS.TRUST_DIR);
  const devPkiDir = text("DEV_PKI_DIR", VERIFY_DEFAULTS.DEV_PKI_DIR);
  const mode = oneOf("MOHAR_ENV", ENVIRONMENTS, "development");
  const crlDirRaw = env.CRL_DIR ?? VERIFY_DEFAULTS.CRL_DIR;
  const fetchMode = oneOf("REVOCATION_FETCH", FETCH_MODES, "off");
  const limits = { timeoutMs: whole("REVOCATION_FETCH_TIMEOUT_MS", 1, MAX_TIMER_MS, VERIFY_DEFAULTS.REVOCATION_FETCH_TIMEOUT_MS), maxBytes: whole("REVOCATION_FETCH_MAX_BYTES", 1, Number.MAX_SAFE_INTEGER, VERIFY_DEFAULTS.REVOCATION_FETCH_MAX_BYTES) };
  if (problems.length > 0) throw new ConfigError(problems);
  const trustPath = path.resolve(trustDir);
  const crlDir = crlDirRaw ? path.resolve(crlDirRaw) : null;
  if (mode === "production") {
    const refusals = [...devTrustRefusal(trustPath, path.resolve(devPkiDir)), ...devCrlRefusal(crlDir, path.resolve(devPkiDir))];
    if (refusals.length > 0) throw new ConfigError(["MOHAR_ENV=production refuses development defaults:", ...refusals]);
  }
  return { trustPath, crlDir, revocationFetchLimits: limits, revocationFetch: fetchMode === "off" ? null : { ...limits, loopbackOnly: fetchMode === "loopback" } };
}
