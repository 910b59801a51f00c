import path from "node:path";
import { z } from "zod";

/** Aadhaar eSign settings (ESIGN_*, DEV_ESP), read with the rest of the configuration by config.ts. */
export interface EsignConfig {
  /** The built-in development ESP at /v1/dev/esp (DEV_ESP), from `<DEV_PKI_DIR>/esp/`; null when off. */
  devEsp: { dir: string } | null;
  /** "self": this service's development ESP; else the ESP's form URL the browser posts the request to. */
  espUrl: string;
  aspId: string;
  aspKeyPath: string;
  aspCertPath: string;
  /** The certificate the ESP signs its responses with. */
  espCertPath: string;
  /** PEM file (or several certificates in one file) of the CAs the ESP issues signer certificates under. */
  espCaPath: string;
  /** The callback the ESP posts to; null: this service's own /v1/esign/response. */
  responseUrl: string | null;
  authMode: "1" | "2" | "3";
  timeoutMs: number;
  maxDocuments: number;
}

const flag = z.enum(["true", "false"]).transform((v) => v === "true");
const url = z.string().url().regex(/^https?:/i, "must be an http(s) URL");
const whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);

const esignEnv = z.object({
  DEV_ESP: flag.prefault("true"),
  // Unset: the development ESP (when DEV_ESP is on). Empty: eSign off.
  ESIGN_ESP_URL: z.union([z.literal(""), url]).optional(),
  ESIGN_ASP_ID: z.string().trim().min(1).max(64).optional(),
  ESIGN_ASP_KEY_FILE: z.string().min(1).optional(),
  ESIGN_ASP_CERT_FILE: z.string().min(1).optional(),
  ESIGN_ESP_CERT_FILE: z.string().min(1).optional(),
  ESIGN_ESP_CA_FILE: z.string().min(1).optional(),
  ESIGN_RESPONSE_URL: url.optional(),
  ESIGN_AUTH_MODE: z.enum(["1", "2", "3"]).default("1"),
  /** How long a transaction waits for the ESP's answer (the officer's OTP included). */
  ESIGN_TIMEOUT_MS: whole(10_000, 24 * 3600_000).prefault(String(15 * 60_000)),
  ESIGN_MAX_DOCUMENTS: whole(1, 100).prefault("20"),
});

/** The eSign settings, or null when eSign is off; `problems` collects what is wrong or missing. */
export function esignConfig(env: NodeJS.ProcessEnv, devPkiDir: string, problems: string[]): EsignConfig | null {
  const parsed = esignEnv.safeParse(env);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
    return null;
  }
  const e = parsed.data;
  const devEsp = e.DEV_ESP ? { dir: path.join(devPkiDir, "esp") } : null;
  const self = e.ESIGN_ESP_URL === undefined;
  if (e.ESIGN_ESP_URL === "" || (self && !devEsp)) return null;
  const dev = (file: string): string | undefined => (self && devEsp ? path.join(devEsp.dir, file) : undefined);
  const need = (name: string, value: string | undefined): string => {
    if (value === undefined) problems.push(`${name}: required when ESIGN_ESP_URL names a real ESP`);
    return path.resolve(value ?? "");
  };
  return {
    devEsp,
    espUrl: e.ESIGN_ESP_URL ?? "self",
    aspId: e.ESIGN_ASP_ID ?? (self ? "mohar-dev-asp" : (problems.push("ESIGN_ASP_ID: required when ESIGN_ESP_URL names a real ESP"), "")),
    aspKeyPath: need("ESIGN_ASP_KEY_FILE", e.ESIGN_ASP_KEY_FILE ?? dev("asp.key.pem")),
    aspCertPath: need("ESIGN_ASP_CERT_FILE", e.ESIGN_ASP_CERT_FILE ?? dev("asp.pem")),
    espCertPath: need("ESIGN_ESP_CERT_FILE", e.ESIGN_ESP_CERT_FILE ?? dev("esp.pem")),
    espCaPath: need("ESIGN_ESP_CA_FILE", e.ESIGN_ESP_CA_FILE ?? dev("ca.pem")),
    responseUrl: e.ESIGN_RESPONSE_URL ?? null,
    authMode: e.ESIGN_AUTH_MODE,
    timeoutMs: e.ESIGN_TIMEOUT_MS,
    maxDocuments: e.ESIGN_MAX_DOCUMENTS,
  };
}

/** What production must not run on: the development ESP, or eSign keys from the development PKI. */
export function esignProductionRefusals(c: EsignConfig | null, devPkiDir: string): string[] {
  if (!c) return [];
  const out: string[] = [];
  if (c.devEsp) out.push("DEV_ESP: the development ESP signs for anyone who types its OTP; set DEV_ESP=false and ESIGN_ESP_URL to your ESP (or empty for no eSign)");
  const inDev = (f: string): boolean => !path.relative(devPkiDir, f).startsWith("..");
  if (c.espUrl !== "self" && [c.aspKeyPath, c.espCertPath, c.espCaPath].some(inDev)) out.push("ESIGN_*_FILE: eSign keys and certificates from the development PKI");
  return out;
}
