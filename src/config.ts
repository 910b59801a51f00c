import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { DatabaseConfig } from "./db/index.js";
import { parseHolidays } from "./files/index.js";
import { esignConfig, esignProductionRefusals, type EsignConfig } from "./esignConfig.js";
import { auditWitnessConfig, objectLockConfig, type AuditWitnessConfig, type ObjectLockConfig } from "./auditConfig.js";

export type { ObjectLockConfig } from "./auditConfig.js";
import { isCidr } from "./webhooks/index.js";

const MiB = 1024 * 1024;
/** Uploads are held in memory whole; beyond this one request could take the process down. */
const MAX_UPLOAD_CAP = 2 * 1024 * MiB;
/** setTimeout fires at once for longer delays. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A whole decimal number in [min, max]. Number() alone would read "" as 0 and take "0x50",
 * "1e3" and " 80 " too, none of which an operator means as a count.
 */
function wholeNumber(min: number, max: number, allowed = `a whole number from ${min} to ${max}`) {
  return z.string().transform((raw, ctx) => {
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (n >= min && n <= max) return n;
    ctx.addIssue({ code: "custom", message: `must be ${allowed}, got ${JSON.stringify(raw)}` });
    return z.NEVER;
  });
}

const port = wholeNumber(0, 65535);
const positiveInt = wholeNumber(1, Number.MAX_SAFE_INTEGER);
const text = z.string().min(1, "must not be empty");
const flag = z
  .enum(["true", "false", "1", "0", "on", "off", "yes", "no"])
  .transform((v) => ["true", "1", "on", "yes"].includes(v));

/** The S3 driver takes only scheme, host and port from the endpoint; anything else would be dropped silently. */
function isBareHttpOrigin(raw: string): boolean {
  if (!URL.canParse(raw)) return false;
  const u = new URL(raw);
  return ["http:", "https:"].includes(u.protocol) && u.pathname === "/" && !u.search && !u.hash && !u.username && !u.password;
}

/** S3's bucket naming rules (MinIO follows them): buckets are also DNS names in virtual-host URLs. */
function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes("..") &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !/^(xn--|sthree-)/.test(name) &&
    !/(-s3alias|--ol-s3)$/.test(name)
  );
}

const envSchema = z
  .object({
    PORT: port.prefault("8080"),
    HOST: text.default("127.0.0.1"),
    STORE: z
      .enum(["fs", "s3"], { error: (issue) => `must be "fs" (local disk) or "s3", got ${JSON.stringify(issue.input)}` })
      .default("fs"),
    DATA_DIR: text.default("./data"),
    S3_ENDPOINT: z
      .string()
      .refine(isBareHttpOrigin, { error: (issue) => `must be an http(s) URL with only a host and port, such as http://minio:9000, got ${JSON.stringify(issue.input)}` })
      .optional(),
    S3_ACCESS_KEY: text.optional(),
    S3_SECRET_KEY: text.optional(),
    S3_BUCKET: z
      .string()
      .refine(isValidBucketName, {
        error: (issue) => `must be an S3 bucket name: 3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit, no '..', not an IP address, got ${JSON.stringify(issue.input)}`,
      })
      .default("mohar"),
    S3_REGION: text.default("us-east-1"),
    STORE_MIN_FREE_BYTES: wholeNumber(0, Number.MAX_SAFE_INTEGER).prefault(String(64 * MiB)),
    S3_TIMEOUT_MS: wholeNumber(1, MAX_TIMER_MS).prefault("10000"),
    S3_RETRIES: wholeNumber(0, 10).prefault("2"),
    MAX_UPLOAD_BYTES: wholeNumber(1, MAX_UPLOAD_CAP, `a whole number of bytes from 1 to ${MAX_UPLOAD_CAP} (2 GiB)`).prefault(String(50 * MiB)),
    MAX_PAGES: positiveInt.prefault("5000"),
    TRUST_DIR: text.default("./certs-dev/root.pem"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    AUDIT_ORIGIN: z.string().regex(/^[^\s+]+$/, "must be non-empty with no spaces or '+'").default("mohar.local/audit"),
    /** Ed25519 PEM; created (mode 0600) when missing. Default: <DATA_DIR>/audit-key.pem, for both stores. */
    AUDIT_KEY_FILE: text.optional(),
    AUDIT_VERIFY_ON_START: z.enum(["true", "false"]).default("true"),
    /** Read and check the whole stored log once after start, in the background, with progress in the service log. */
    AUDIT_VERIFY_IN_BACKGROUND: z.enum(["true", "false"]).default("false"),
    /** The newest checkpoint this instance saw, kept outside the store. Default: beside the key file; "" = none. */
    AUDIT_WITNESS_FILE: z.string().optional(),
    RATE_LIMIT_PER_MINUTE: positiveInt.prefault("600"),
    /** Browser origins allowed to call the API (CORS) and to frame PDF downloads, comma-separated. Empty: none. */
    CORS_ORIGINS: z
      .string()
      .default("")
      .transform((s) => s.split(",").map((o) => o.trim()).filter(Boolean))
      .superRefine((origins, ctx) => {
        for (const o of origins) {
          if (!isBareHttpOrigin(o) || new URL(o).origin !== o) ctx.addIssue({ code: "custom", message: `${JSON.stringify(o)} is not an origin such as https://eoffice.example.gov.in (scheme, host and port only)` });
        }
      }),
    PARSE_TIMEOUT_MS: wholeNumber(1, MAX_TIMER_MS).prefault("20000"),
    PARSE_WORKERS: positiveInt.prefault("2"),
    PARSE_MAX_HEAP_MB: positiveInt.prefault("1024"),
    JWT_JWKS_FILE: text.optional(),
    JWT_PUBLIC_KEY_FILE: text.optional(),
    JWT_ISSUER: text.optional(),
    JWT_AUDIENCE: text.optional(),
    JWT_ROLES_CLAIM: text.default("roles"),
    JWT_OFFICER_CLAIM: text.default("officer_id"),
    JWT_ALGORITHMS: z
      .string()
      .default("RS256,PS256,ES256,EdDSA")
      .transform((s) => s.split(",").map((a) => a.trim()).filter(Boolean))
      .refine((algs) => algs.length > 0 && algs.every((a) => /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/.test(a)), {
        message: "must list asymmetric JWS algorithms only (RS*, PS*, ES*, EdDSA)",
      }),
    DEV_PKI_DIR: text.default("certs-dev"),
    /** production: refuse to start on any development default (the Docker image sets it). */
    MOHAR_ENV: z.enum(["development", "production"]).default("development"),
    /** How long a stopping service lets requests in flight finish (SIGTERM) before it closes their connections. */
    SHUTDOWN_GRACE_MS: wholeNumber(0, MAX_TIMER_MS).prefault("10000"),
    /** How long a stopping service keeps taking requests while /readyz already says 503, so a load balancer can notice. */
    SHUTDOWN_NOTICE_MS: wholeNumber(0, MAX_TIMER_MS).prefault("2000"),
    DEV_TSA: flag.prefault("true"),
    // Unset: the service's own dev TSA (when DEV_TSA is on). Empty: no timestamps.
    TSA_URL: z.union([z.literal(""), z.string().url().regex(/^https?:/i, "must be an http(s) URL")]).optional(),
    OFFICERS_SEED: z.string().default("certs-dev/officers.json"),
    // CRLs embedded with signatures and checked before signing; at verification, consulted when the PDF's own data does not decide. Empty: none.
    CRL_DIR: z.string().default("certs-dev/crl"),
    // Fetch OCSP/CRLs named in signer chains when signing, and in trusted chains at verification
    // when the PDF's data and CRL_DIR do not decide: off, loopback (127.0.0.1 and ::1 only), on.
    REVOCATION_FETCH: z.enum(["off", "loopback", "on"]).default("off"),
    REVOCATION_FETCH_TIMEOUT_MS: wholeNumber(1, MAX_TIMER_MS).prefault("5000"),
    REVOCATION_FETCH_MAX_BYTES: positiveInt.prefault("10485760"),
    OFFICER_KEY_PASSWORD: text.optional(),
    OFFICER_KEY_PASSWORD_FILE: text.optional(),
    /** Officers registered over HTTP name their PKCS#12 file in this directory (default: the dev PKI's officers). */
    OFFICER_KEY_DIR: text.optional(),
    /** The officer whose key is the office seal: signs weekly statements asked for by callers who are no officer (auditors). */
    STATEMENT_SEAL_OFFICER: text.optional(),
    /** postgres://user:pass@host:5432/db: PostgreSQL, shared by instances. Unset: PGlite under <DATA_DIR>/db. */
    DATABASE_URL: z
      .string()
      .refine((raw) => URL.canParse(raw) && ["postgres:", "postgresql:"].includes(new URL(raw).protocol), {
        message: "must be a postgres:// or postgresql:// URL",
      })
      .optional(),
    DATABASE_POOL_SIZE: wholeNumber(1, 1000).prefault("10"),
    /** Gazetted holidays, one YYYY-MM-DD a line, left out of working time. */
    HOLIDAYS_FILE: text.optional(),
    /** Networks (CIDRs, comma-separated) webhook receivers may be in besides public addresses, e.g. 127.0.0.1/32 or 10.20.0.0/16. */
    WEBHOOK_ALLOW_NETWORKS: z
      .string()
      .default("")
      .transform((s) => s.split(",").map((n) => n.trim()).filter(Boolean))
      .superRefine((nets, ctx) => {
        for (const n of nets) if (!isCidr(n)) ctx.addIssue({ code: "custom", message: `${JSON.stringify(n)} is not a network such as 127.0.0.1/32 or 10.20.0.0/16` });
      }),
    WEBHOOK_TIMEOUT_MS: wholeNumber(1, MAX_TIMER_MS).prefault("10000"),
    WEBHOOK_CONCURRENCY: wholeNumber(1, 256).prefault("8"),
    WEBHOOK_RETRY_BASE_MS: wholeNumber(1, MAX_TIMER_MS).prefault("5000"),
    WEBHOOK_RETRY_FOR_MS: wholeNumber(1, Number.MAX_SAFE_INTEGER).prefault(String(24 * 60 * 60 * 1000)),
    WEBHOOK_POLL_MS: wholeNumber(10, MAX_TIMER_MS).prefault("1000"),
    /** How often open files are checked for a passed due date (file.overdue). */
    OVERDUE_CHECK_MS: wholeNumber(1000, MAX_TIMER_MS).prefault(String(5 * 60 * 1000)),
    PKCS11_MODULE: text.optional(),
    PKCS11_PIN: text.optional(),
  })
  .superRefine((env, ctx) => {
    if (env.OFFICER_KEY_PASSWORD && env.OFFICER_KEY_PASSWORD_FILE) {
      ctx.addIssue({ code: "custom", path: ["OFFICER_KEY_PASSWORD_FILE"], message: "set either OFFICER_KEY_PASSWORD or OFFICER_KEY_PASSWORD_FILE, not both" });
    }
    if (Boolean(env.PKCS11_MODULE) !== Boolean(env.PKCS11_PIN)) {
      ctx.addIssue({ code: "custom", path: ["PKCS11_PIN"], message: "PKCS11_MODULE and PKCS11_PIN go together" });
    }
    if (env.JWT_JWKS_FILE && env.JWT_PUBLIC_KEY_FILE) {
      ctx.addIssue({ code: "custom", path: ["JWT_PUBLIC_KEY_FILE"], message: "set either JWT_JWKS_FILE or JWT_PUBLIC_KEY_FILE, not both" });
    }
    // A token is only meaningful for a known issuer and audience; never accept one without both checks.
    if (env.JWT_JWKS_FILE || env.JWT_PUBLIC_KEY_FILE) {
      for (const key of ["JWT_ISSUER", "JWT_AUDIENCE"] as const) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when JWT verification keys are configured" });
      }
    }
    if (env.STORE !== "s3") return;
    // A value that is set but bad (such as "") has its own issue already.
    for (const key of ["S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY"] as const) {
      if (env[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: "is required when STORE=s3" });
    }
    // Also when other values are bad: every problem is named at once. It reads only which settings are present.
  }, { when: () => true });

export interface S3Config {
  endpoint: URL;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
  /** A request to the store that sends or receives nothing for this long is abandoned (503 store.unavailable). */
  timeoutMs: number;
  /** How many times a read (head, get, list, ping) or a delete is tried again after a network fault or timeout, with backoff. */
  retries: number;
  /** Object lock (WORM) for the audit log's objects; the bucket must have object lock enabled. */
  objectLock?: ObjectLockConfig | null;
}

/** Bearer JWTs from the e-Office identity provider, verified offline against local key files. */
export interface JwtConfig {
  keySource: { kind: "jwks"; file: string } | { kind: "pem"; file: string };
  issuer: string;
  audience: string;
  rolesClaim: string;
  officerClaim: string;
  algorithms: string[];
}

export interface AuthConfig {
  /** Absent when no IdP keys are configured: only API keys are accepted then. */
  jwt?: JwtConfig;
  rateLimitPerMinute: number;
}

/** Parsing untrusted PDFs happens on worker threads with these bounds (see src/worker). */
export interface ParseLimits {
  timeoutMs: number;
  workers: number;
  maxHeapMb: number;
}

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

export interface Config {
  port: number;
  database: DatabaseConfig;
  /** Days (YYYY-MM-DD) that are not working days, from HOLIDAYS_FILE. */
  holidays: Set<string>;
  host: string;
  /** `minFreeBytes`: below this much free space in DATA_DIR, /readyz answers 503 (STORE_MIN_FREE_BYTES). */
  store: { kind: "fs"; dataDir: string; minFreeBytes: number } | ({ kind: "s3" } & S3Config);
  maxUploadBytes: number;
  /** Uploads with more pages are refused. */
  maxPages: number;
  audit: { origin: string; keyFile: string; verifyOnStart: boolean; verifyInBackground: boolean; witnessFile: string | null; cosigning: AuditWitnessConfig };
  /** Trust anchors for verification: a PEM file or a directory of PEMs (TRUST_DIR). */
  trustPath: string;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
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
  const store: Config["store"] =
    e.STORE === "s3"
      ? {
          kind: "s3",
          endpoint: new URL(e.S3_ENDPOINT as string),
          accessKey: e.S3_ACCESS_KEY as string,
          secretKey: e.S3_SECRET_KEY as string,
          bucket: e.S3_BUCKET,
          region: e.S3_REGION,
          timeoutMs: e.S3_TIMEOUT_MS,
          retries: e.S3_RETRIES,
          objectLock,
        }
      : { kind: "fs", dataDir: path.resolve(e.DATA_DIR), minFreeBytes: e.STORE_MIN_FREE_BYTES };
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
  const keyFile = e.JWT_JWKS_FILE ?? e.JWT_PUBLIC_KEY_FILE;
  const jwt: JwtConfig | undefined = keyFile
    ? {
        keySource: e.JWT_JWKS_FILE ? { kind: "jwks", file: path.resolve(keyFile) } : { kind: "pem", file: path.resolve(keyFile) },
        issuer: e.JWT_ISSUER as string,
        audience: e.JWT_AUDIENCE as string,
        rolesClaim: e.JWT_ROLES_CLAIM,
        officerClaim: e.JWT_OFFICER_CLAIM,
        algorithms: e.JWT_ALGORITHMS,
      }
    : undefined;
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
    auth: { jwt, rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE },
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

const isInside = (file: string, dir: string): boolean => {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
};

/**
 * What production must not run on: the committed development PKI (its keys are public), its
 * password, its root as the trust anchor, its officers and CRLs, and the development TSA.
 */
function productionRefusals(pki: PkiConfig, trustPath: string): string[] {
  const out: string[] = [];
  const dev = pki.devPkiDir;
  if (pki.officerKeyPassword() === "mohar-dev") out.push("OFFICER_KEY_PASSWORD: the development password mohar-dev; set the real one (or OFFICER_KEY_PASSWORD_FILE)");
  if (isInside(trustPath, dev)) out.push(`TRUST_DIR: ${trustPath} is the development root; set the CCA India roots (and licensed CA chains)`);
  if (pki.officersSeed && isInside(pki.officersSeed, dev)) out.push(`OFFICERS_SEED: ${pki.officersSeed} seeds the development officers; set your officers file, or empty for none`);
  if (pki.crlDir && isInside(pki.crlDir, dev)) out.push(`CRL_DIR: ${pki.crlDir} holds the development CAs' CRLs; set your CAs' CRLs, or empty for none`);
  if (isInside(pki.officerKeyDir, dev)) out.push(`OFFICER_KEY_DIR: ${pki.officerKeyDir} holds the development officers' keys; set the directory of your officers' PKCS#12 files`);
  if (pki.devTsa) out.push("DEV_TSA: the development TSA signs with a public key; set DEV_TSA=false and TSA_URL to a real TSA");
  return out;
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

function developmentDefaults(env: Record<string, string | undefined>, e: z.infer<typeof envSchema>): string[] {
  const out: string[] = [];
  if (env.OFFICER_KEY_PASSWORD === undefined && env.OFFICER_KEY_PASSWORD_FILE === undefined) out.push("OFFICER_KEY_PASSWORD (the dev PKI's password)");
  if (env.TRUST_DIR === undefined) out.push("TRUST_DIR (only the dev root is trusted)");
  if (env.OFFICERS_SEED === undefined) out.push("OFFICERS_SEED (the dev officers are seeded)");
  if (env.CRL_DIR === undefined) out.push("CRL_DIR (the dev CAs' CRLs)");
  if (e.DEV_TSA && env.TSA_URL === undefined) out.push("DEV_TSA/TSA_URL (timestamps from the built-in development TSA, whose key is public)");
  return out;
}

function pkiConfig(e: z.infer<typeof envSchema>): PkiConfig {
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

/** Secrets that may come from a file named by `<NAME>_FILE` (Docker and Kubernetes secrets). */
const SECRET_VARS = ["S3_ACCESS_KEY", "S3_SECRET_KEY", "DATABASE_URL"] as const;

function withSecretFiles(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  const problems: string[] = [];
  for (const name of SECRET_VARS) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) {
      problems.push(`${name}_FILE: set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      out[name] = readFileSync(file, "utf8").trim();
    } catch (err) {
      problems.push(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}
