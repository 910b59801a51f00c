import { readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, devCrlRefusal, devTrustRefusal, isInside } from "./configChecks.js";
import type { Env } from "./configEnv.js";

export interface PkiConfig {
  /** Where the development PKI lives (dev TSA certificate and key). */
  devPkiDir: string;
  /** Files of the built-in development TSA at POST /v1/dev/tsa; null when DEV_TSA is off. */
  devTsa: { certPath: string; keyPath: string; chainPath: string } | null;
  /** "self": this service's own dev TSA; null: no timestamps unless a request brings none. */
  tsaUrl: string | "self" | null;
  /** officers.json to seed the officer registry from at startup; null: no seeding. */
  officersSeed: string | null;
  /** Directory of CRLs (DER or PEM) for the CAs officers sign under; null: none. */
  crlDir: string | null;
  /**
   * Live OCSP/CRL fetching (REVOCATION_FETCH), at signing and at verification (for chains that
   * reach a trust anchor, when the PDF's data and CRL_DIR do not decide); null when off.
   */
  revocationFetch: { timeoutMs: number; maxBytes: number; loopbackOnly: boolean } | null;
  /** REVOCATION_FETCH_TIMEOUT_MS and _MAX_BYTES, also when fetching is off (`mohar verify --revocation-fetch` turns it on). */
  revocationFetchLimits: { timeoutMs: number; maxBytes: number };
  /**
   * Password of the officers' PKCS#12 files. A function, so that logging or serializing the
   * config can never print it.
   */
  officerKeyPassword: () => string;
  /** The directory of officers' PKCS#12 files that registrations name (OFFICER_KEY_DIR). */
  officerKeyDir: string;
  pkcs11: { module: string; pin: () => string } | null;
  /** The officer whose held key seals weekly statements for callers bound to no officer (STATEMENT_SEAL_OFFICER); null: none. */
  statementSealOfficer: string | null;
}

/**
 * What production must not run on: the committed development PKI (its keys are public), its
 * password, its root as the trust anchor, its officers and CRLs, and the development TSA.
 */
export function productionRefusals(pki: PkiConfig, trustPath: string): string[] {
  const out: string[] = [];
  const dev = pki.devPkiDir;
  if (pki.officerKeyPassword() === "mohar-dev") out.push("OFFICER_KEY_PASSWORD: the development password mohar-dev; set the real one (or OFFICER_KEY_PASSWORD_FILE)");
  out.push(...devTrustRefusal(trustPath, dev));
  if (pki.officersSeed && isInside(pki.officersSeed, dev)) out.push(`OFFICERS_SEED: ${pki.officersSeed} seeds the development officers; set your officers file, or empty for none`);
  out.push(...devCrlRefusal(pki.crlDir, dev));
  if (isInside(pki.officerKeyDir, dev)) out.push(`OFFICER_KEY_DIR: ${pki.officerKeyDir} holds the development officers' keys; set the directory of your officers' PKCS#12 files`);
  if (pki.devTsa) out.push("DEV_TSA: the development TSA signs with a public key; set DEV_TSA=false and TSA_URL to a real TSA");
  return out;
}

export function developmentDefaults(env: Record<string, string | undefined>, e: Env): string[] {
  const out: string[] = [];
  if (env.OFFICER_KEY_PASSWORD === undefined && env.OFFICER_KEY_PASSWORD_FILE === undefined) out.push("OFFICER_KEY_PASSWORD (the dev PKI's password)");
  if (env.TRUST_DIR === undefined) out.push("TRUST_DIR (only the dev root is trusted)");
  if (env.OFFICERS_SEED === undefined) out.push("OFFICERS_SEED (the dev officers are seeded)");
  if (env.CRL_DIR === undefined) out.push("CRL_DIR (the dev CAs' CRLs)");
  if (e.DEV_TSA && env.TSA_URL === undefined) out.push("DEV_TSA/TSA_URL (timestamps from the built-in development TSA, whose key is public)");
  return out;
}

export function pkiConfig(e: Env): PkiConfig {
  const devPkiDir = path.resolve(e.DEV_PKI_DIR);
  let password = e.OFFICER_KEY_PASSWORD ?? "mohar-dev";
  if (e.OFFICER_KEY_PASSWORD_FILE) {
    try {
      password = readFileSync(e.OFFICER_KEY_PASSWORD_FILE, "utf8").replace(/\r?\n$/, "");
    } catch {
      throw new ConfigError([`OFFICER_KEY_PASSWORD_FILE: cannot read ${e.OFFICER_KEY_PASSWORD_FILE}`]);
    }
    if (!password) throw new ConfigError([`OFFICER_KEY_PASSWORD_FILE: ${e.OFFICER_KEY_PASSWORD_FILE} is empty`]);
  }
  const pin = e.PKCS11_PIN;
  return {
    devPkiDir,
    devTsa: e.DEV_TSA
      ? { certPath: path.join(devPkiDir, "tsa.pem"), keyPath: path.join(devPkiDir, "tsa.key.pem"), chainPath: path.join(devPkiDir, "intermediate.pem") }
      : null,
    tsaUrl: e.TSA_URL === undefined ? (e.DEV_TSA ? "self" : null) : e.TSA_URL || null,
    officersSeed: e.OFFICERS_SEED ? path.resolve(e.OFFICERS_SEED) : null,
    crlDir: e.CRL_DIR ? path.resolve(e.CRL_DIR) : null,
    revocationFetchLimits: { timeoutMs: e.REVOCATION_FETCH_TIMEOUT_MS, maxBytes: e.REVOCATION_FETCH_MAX_BYTES },
    revocationFetch:
      e.REVOCATION_FETCH === "off" ? null : { timeoutMs: e.REVOCATION_FETCH_TIMEOUT_MS, maxBytes: e.REVOCATION_FETCH_MAX_BYTES, loopbackOnly: e.REVOCATION_FETCH === "loopback" },
    officerKeyPassword: () => password,
    officerKeyDir: path.resolve(e.OFFICER_KEY_DIR ?? path.join(devPkiDir, "officers")),
    pkcs11: e.PKCS11_MODULE && pin ? { module: e.PKCS11_MODULE, pin: () => pin } : null,
    statementSealOfficer: e.STATEMENT_SEAL_OFFICER ?? null,
  };
}
