import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const MiB = 1024 * 1024;

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

const envSchema = z
  .object({
    PORT: port.default(8080),
    HOST: z.string().min(1).default("127.0.0.1"),
    STORE: z.enum(["fs", "s3"]).default("fs"),
    DATA_DIR: z.string().min(1).default("./data"),
    S3_ENDPOINT: z.string().url().optional(),
    S3_ACCESS_KEY: z.string().min(1).optional(),
    S3_SECRET_KEY: z.string().min(1).optional(),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name")
      .default("mohar"),
    S3_REGION: z.string().min(1).default("us-east-1"),
    MAX_UPLOAD_BYTES: positiveInt.default(50 * MiB),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    RATE_LIMIT_PER_MINUTE: positiveInt.default(600),
    JWT_JWKS_FILE: z.string().min(1).optional(),
    JWT_PUBLIC_KEY_FILE: z.string().min(1).optional(),
    JWT_ISSUER: z.string().min(1).optional(),
    JWT_AUDIENCE: z.string().min(1).optional(),
    JWT_ROLES_CLAIM: z.string().min(1).default("roles"),
    JWT_OFFICER_CLAIM: z.string().min(1).default("officer_id"),
    JWT_ALGORITHMS: z
      .string()
      .default("RS256,PS256,ES256,EdDSA")
      .transform((s) => s.split(",").map((a) => a.trim()).filter(Boolean))
      .refine((algs) => algs.length > 0 && algs.every((a) => /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/.test(a)), {
        message: "must list asymmetric JWS algorithms only (RS*, PS*, ES*, EdDSA)",
      }),
  })
  .superRefine((env, ctx) => {
    if (env.STORE === "s3") {
      for (const key of ["S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY"] as const) {
        if (!env[key]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: "is required when STORE=s3" });
      }
    }
    if (env.JWT_JWKS_FILE && env.JWT_PUBLIC_KEY_FILE) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["JWT_PUBLIC_KEY_FILE"], message: "set either JWT_JWKS_FILE or JWT_PUBLIC_KEY_FILE, not both" });
    }
    // A token is only meaningful for a known issuer and audience; never accept one without both checks.
    if (env.JWT_JWKS_FILE || env.JWT_PUBLIC_KEY_FILE) {
      for (const key of ["JWT_ISSUER", "JWT_AUDIENCE"] as const) {
        if (!env[key]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: "is required when JWT verification keys are configured" });
      }
    }
  });

export interface S3Config {
  endpoint: URL;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
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

export interface Config {
  port: number;
  host: string;
  store: { kind: "fs"; dataDir: string } | ({ kind: "s3" } & S3Config);
  maxUploadBytes: number;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  auth: AuthConfig;
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
  const store: Config["store"] =
    e.STORE === "s3"
      ? {
          kind: "s3",
          endpoint: new URL(e.S3_ENDPOINT as string),
          accessKey: e.S3_ACCESS_KEY as string,
          secretKey: e.S3_SECRET_KEY as string,
          bucket: e.S3_BUCKET,
          region: e.S3_REGION,
        }
      : { kind: "fs", dataDir: path.resolve(e.DATA_DIR) };
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
  return {
    port: e.PORT,
    host: e.HOST,
    store,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    logLevel: e.LOG_LEVEL,
    auth: { jwt, rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE },
  };
}

/** Secrets that may come from a file named by `<NAME>_FILE` (Docker and Kubernetes secrets). */
const SECRET_VARS = ["S3_ACCESS_KEY", "S3_SECRET_KEY"] as const;

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
