import { readFileSync } from "node:fs";
import { z } from "zod";
import { isCidr } from "./webhooks/index.js";
import { ConfigError, ENVIRONMENTS, FETCH_MODES, MAX_TIMER_MS, VERIFY_DEFAULTS, wholeNumberIn } from "./configChecks.js";

export { ConfigError } from "./configChecks.js";

const MiB = 1024 * 1024;
/** Uploads are held in memory whole; beyond this one request could take the process down. */
const MAX_UPLOAD_CAP = 2 * 1024 * MiB;
/** A whole decimal number in [min, max] (configChecks.ts `wholeNumberIn`). */
function wholeNumber(min: number, max: number, allowed?: string) {
  return z.string().transform((raw, ctx) => {
    const n = wholeNumberIn(raw, min, max, allowed);
    if (typeof n === "number") return n;
    ctx.addIssue({ code: "custom", message: n.problem });
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

export const envSchema = z
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
    TRUST_DIR: text.default(VERIFY_DEFAULTS.TRUST_DIR),
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
    DEV_PKI_DIR: text.default(VERIFY_DEFAULTS.DEV_PKI_DIR),
    /** production: refuse to start on any development default (the Docker image sets it). */
    MOHAR_ENV: z.enum(ENVIRONMENTS).default("development"),
    /** How long a stopping service lets requests in flight finish (SIGTERM) before it closes their connections. */
    SHUTDOWN_GRACE_MS: wholeNumber(0, MAX_TIMER_MS).prefault("10000"),
    /** How long a stopping service keeps taking requests while /readyz already says 503, so a load balancer can notice. */
    SHUTDOWN_NOTICE_MS: wholeNumber(0, MAX_TIMER_MS).prefault("2000"),
    DEV_TSA: flag.prefault("true"),
    // Unset: the service's own dev TSA (when DEV_TSA is on). Empty: no timestamps.
    TSA_URL: z.union([z.literal(""), z.string().url().regex(/^https?:/i, "must be an http(s) URL")]).optional(),
    OFFICERS_SEED: z.string().default("certs-dev/officers.json"),
    // CRLs embedded with signatures and checked before signing; at verification, consulted when the PDF's own data does not decide. Empty: none.
    CRL_DIR: z.string().default(VERIFY_DEFAULTS.CRL_DIR),
    // Fetch OCSP/CRLs named in signer chains when signing, and in trusted chains at verification
    // when the PDF's data and CRL_DIR do not decide: off, loopback (127.0.0.1 and ::1 only), on.
    REVOCATION_FETCH: z.enum(FETCH_MODES).default("off"),
    REVOCATION_FETCH_TIMEOUT_MS: wholeNumber(1, MAX_TIMER_MS).prefault(VERIFY_DEFAULTS.REVOCATION_FETCH_TIMEOUT_MS),
    REVOCATION_FETCH_MAX_BYTES: positiveInt.prefault(VERIFY_DEFAULTS.REVOCATION_FETCH_MAX_BYTES),
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

/** The environment as read and checked, before it becomes the typed configuration (config.ts). */
export type Env = z.infer<typeof envSchema>;

/** Secrets that may come from a file named by `<NAME>_FILE` (Docker and Kubernetes secrets). */
const SECRET_VARS = ["S3_ACCESS_KEY", "S3_SECRET_KEY", "DATABASE_URL"] as const;

export function withSecretFiles(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
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
