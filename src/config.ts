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
    TRUST_DIR: z.string().min(1).default("./certs-dev/root.pem"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.STORE !== "s3") return;
    for (const key of ["S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY"] as const) {
      if (!env[key]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: "is required when STORE=s3" });
    }
  });

export interface S3Config {
  endpoint: URL;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
}

export interface Config {
  port: number;
  host: string;
  store: { kind: "fs"; dataDir: string } | ({ kind: "s3" } & S3Config);
  maxUploadBytes: number;
  /** Trust anchors for verification: a PEM file or a directory of PEMs (TRUST_DIR). */
  trustPath: string;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads and validates the environment once; every bad value is reported together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
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
  return { port: e.PORT, host: e.HOST, store, maxUploadBytes: e.MAX_UPLOAD_BYTES, trustPath: path.resolve(e.TRUST_DIR), logLevel: e.LOG_LEVEL };
}
