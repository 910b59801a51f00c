import { readFileSync } from "node:fs";
import path from "node:path";
import { authConfig, type AuthConfig } from "./authConfig.js";
import { ConfigError, envSchema, withSecretFiles, type Env } from "./configEnv.js";
import type { DatabaseConfig } from "./db/index.js";
import { parseHolidays } from "./files/index.js";
import { esignConfig, esignProductionRefusals, type EsignConfig } from "./esignConfig.js";
import { auditWitnessConfig, objectLockConfig, type AuditWitnessConfig } from "./auditConfig.js";
import { developmentDefaults, pkiConfig, productionRefusals, type PkiConfig } from "./pkiConfig.js";
import { storeConfig, type StoreConfig } from "./storeConfig.js";

// The settings by area: the environment's schema (configEnv.ts), the store (storeConfig.ts),
// authentication (authConfig.ts), signing and trust (pkiConfig.ts), eSign (esignConfig.ts).
export { ConfigError } from "./configEnv.js";
export type { AuthConfig, JwtConfig } from "./authConfig.js";
export type { PkiConfig } from "./pkiConfig.js";
export type { S3Config, StoreConfig } from "./storeConfig.js";
export type { ObjectLockConfig } from "./auditConfig.js";

/** Parsing untrusted PDFs happens on worker threads with these bounds (see src/worker). */
export interface ParseLimits {
  timeoutMs: number;
  workers: number;
  maxHeapMb: number;
}

export interface Config {
  port: number;
  database: DatabaseConfig;
  /** Days (YYYY-MM-DD) that are not working days, from HOLIDAYS_FILE. */
  holidays: Set<string>;
  host: string;
  store: StoreConfig;
  maxUploadBytes: number;
  /** Uploads with more pages are refused. */
  maxPages: number;
  audit: { origin: string; keyFile: string; verifyOnStart: boolean; verifyInBackground: boolean; witnessFile: string | null; cosigning: AuditWitnessConfig };
  /** Trust anchors for verification: a PEM file or a directory of PEMs (TRUST_DIR). */
  trustPath: string;
  logLevel: Env["LOG_LEVEL"];
  auth: AuthConfig;
  /** Origins (scheme://host[:port]) whose pages may call the API and frame PDF downloads. */
  corsOrigins: string[];
  parse: ParseLimits;
  pki: PkiConfig;
  /** Aadhaar eSign (ESIGN_*, DEV_ESP); null when off. */
  esign: EsignConfig | null;
  /** When the service stops: how long it still takes requests with /readyz at 503, then how long requests in flight may take. */
  shutdown: { noticeMs: number; graceMs: number };
  /** Webhook delivery: receivers' networks besides public ones, attempt timeout, parallel attempts, retry schedule, outbox polling, overdue check. */
  webhooks: { allowNetworks: string[]; timeoutMs: number; concurrency: number; retryBaseMs: number; retryForMs: number; pollMs: number; overdueCheckMs: number };
  /**
   * Settings left at their development defaults (the committed dev PKI, its password, the
   * built-in TSA): right for `npm start` on a fresh checkout, wrong for real signatures.
   */
  developmentDefaults: string[];
}

/** Reads and validates the environment once; every bad value is reported together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(withSecretFiles(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`));
  }
  const e = parsed.data;
  // Witnesses and object lock (#17): auditConfig.ts.
  const auditProblems: string[] = [];
  const cosigning = auditWitnessConfig(env, auditProblems);
  const objectLock = objectLockConfig(env, e.STORE, auditProblems);
  if (auditProblems.length > 0) throw new ConfigError(auditProblems);
  const store = storeConfig(e, objectLock);
  const auditKeyFile = path.resolve(e.AUDIT_KEY_FILE ?? path.join(e.DATA_DIR, "audit-key.pem"));
  const audit = {
    origin: e.AUDIT_ORIGIN,
    keyFile: auditKeyFile,
    verifyOnStart: e.AUDIT_VERIFY_ON_START === "true",
    verifyInBackground: e.AUDIT_VERIFY_IN_BACKGROUND === "true",
    witnessFile: e.AUDIT_WITNESS_FILE === "" ? null : path.resolve(e.AUDIT_WITNESS_FILE ?? path.join(path.dirname(auditKeyFile), "audit-witness.txt")),
    cosigning,
  };
  const pki = pkiConfig(e);
  const esignProblems: string[] = [];
  const esign = esignConfig(env, pki.devPkiDir, esignProblems);
  if (esignProblems.length > 0) throw new ConfigError(esignProblems);
  const trustPath = path.resolve(e.TRUST_DIR);
  if (e.MOHAR_ENV === "production") {
    const refusals = [...productionRefusals(pki, trustPath), ...esignProductionRefusals(esign, pki.devPkiDir)];
    if (refusals.length > 0) throw new ConfigError(["MOHAR_ENV=production refuses development defaults:", ...refusals]);
  }
  const database: DatabaseConfig = e.DATABASE_URL
    ? { engine: "postgres", url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
    : { engine: "pglite", dataDir: path.resolve(e.DATA_DIR, "db") };
  return {
    port: e.PORT,
    database,
    holidays: holidaysFrom(e.HOLIDAYS_FILE),
    host: e.HOST,
    store,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    maxPages: e.MAX_PAGES,
    audit,
    trustPath,
    logLevel: e.LOG_LEVEL,
    auth: authConfig(e),
    corsOrigins: e.CORS_ORIGINS,
    parse: { timeoutMs: e.PARSE_TIMEOUT_MS, workers: e.PARSE_WORKERS, maxHeapMb: e.PARSE_MAX_HEAP_MB },
    pki,
    esign,
    shutdown: { noticeMs: e.SHUTDOWN_NOTICE_MS, graceMs: e.SHUTDOWN_GRACE_MS },
    webhooks: {
      allowNetworks: e.WEBHOOK_ALLOW_NETWORKS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      concurrency: e.WEBHOOK_CONCURRENCY,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      retryForMs: e.WEBHOOK_RETRY_FOR_MS,
      pollMs: e.WEBHOOK_POLL_MS,
      overdueCheckMs: e.OVERDUE_CHECK_MS,
    },
    developmentDefaults: [...developmentDefaults(env, e), ...(esign?.devEsp ? ["DEV_ESP (eSign through the built-in development ESP, whose keys are public)"] : [])],
  };
}

function holidaysFrom(file: string | undefined): Set<string> {
  if (!file) return new Set();
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ConfigError([`HOLIDAYS_FILE: cannot read ${file}`]);
  }
  try {
    return parseHolidays(text);
  } catch (err) {
    throw new ConfigError([`HOLIDAYS_FILE: ${(err as Error).message}`]);
  }
}
